import { m } from '$lib/paraglide/messages.js';
import type { OrgKind, Position } from '$lib/server/db/schema';

type Label = (inputs?: object, options?: { locale?: 'vi' | 'en' }) => string;

/** Visible names of unit kinds; also the spellings the tree import accepts in either language. */
export const orgKindLabel: Record<OrgKind, Label> = {
	province: m.orgs_kind_province,
	committee: m.orgs_kind_committee,
	commune: m.orgs_kind_commune,
	ward: m.orgs_kind_ward,
	special_zone: m.orgs_kind_special_zone,
	agency: m.orgs_kind_agency,
	grassroots: m.orgs_kind_grassroots,
	cell: m.orgs_kind_cell
};

export const ORG_KIND_OPTIONS = Object.keys(orgKindLabel) as OrgKind[];

export const kindText = (kind: string) => orgKindLabel[kind as OrgKind]?.() ?? kind;

const positionLabel: Record<Position, () => string> = {
	secretary: m.orgs_position_secretary,
	deputy_secretary: m.orgs_position_deputy_secretary,
	committee_member: m.orgs_position_committee_member,
	member: m.orgs_position_member
};

export const positionText = (p: string) => positionLabel[p as Position]?.() ?? p;
