import { m } from '$lib/paraglide/messages.js';
import type { OrgKind } from '$lib/server/db/schema/orgs';

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

export const kindText = (kind: string) => orgKindLabel[kind as OrgKind]?.() ?? kind;
