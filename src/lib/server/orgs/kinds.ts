import { orgKindLabel } from '$lib/orgs/labels';
import { ORG_KINDS, type OrgKind } from '../db/schema';
import { foldVietnamese } from '../text/fold';

const fold = (text: string) =>
	foldVietnamese(text)
		.replace(/[^a-z0-9]+/g, ' ')
		.trim();

/** Everyday names people type in a spreadsheet, besides the key and the labels in both languages. */
const EXTRA_ALIASES: Record<OrgKind, string[]> = {
	province: ['Tỉnh', 'Thành phố', 'Tỉnh ủy', 'Thành ủy', 'Đảng bộ thành phố'],
	committee: ['Committee', 'Đảng bộ trực thuộc tỉnh', 'Đảng ủy trực thuộc'],
	commune: ['Đảng bộ xã', 'Xã'],
	ward: ['Đảng bộ phường', 'Phường'],
	special_zone: ['Đảng bộ đặc khu', 'Special zone'],
	agency: ['Cơ quan', 'Đơn vị', 'Agency'],
	grassroots: ['Đảng bộ cơ sở', 'Cơ sở', 'Grassroots'],
	cell: ['Chi bộ', 'Cell']
};

const aliases = new Map<string, OrgKind>();
for (const kind of ORG_KINDS) {
	const names = [
		kind,
		orgKindLabel[kind]({}, { locale: 'vi' }),
		orgKindLabel[kind]({}, { locale: 'en' }),
		...EXTRA_ALIASES[kind]
	];
	for (const name of names) aliases.set(fold(name), kind);
}

/** The kind a spreadsheet cell names ("Xã", "xa", "commune", "Chi bộ"…), or null when unknown. */
export function parseOrgKind(text: string): OrgKind | null {
	return aliases.get(fold(text)) ?? null;
}
