import type { Db } from '../db/client';
import type { OrgUnit } from '../db/schema';
import { createOrgUnit } from '../orgs/units';

/**
 * A small tree for the people tests: province P with communes A (cells A1, A2) and B (cell B1).
 * Codes carry a prefix so several trees can live in one test database.
 */
export async function buildTree(db: Db, prefix: string) {
	const unit = (code: string, name: string, kind: OrgUnit['kind'], parentId: number | null) =>
		createOrgUnit(db, { code: `${prefix}${code}`, name, kind, parentId });
	const province = await unit('P', 'Đảng bộ tỉnh Thử', 'province', null);
	const a = await unit('A', 'Đảng bộ xã An Bình', 'commune', province.id);
	const b = await unit('B', 'Đảng bộ phường Bắc Sơn', 'ward', province.id);
	const a1 = await unit('A-01', 'Chi bộ thôn Đông', 'cell', a.id);
	const a2 = await unit('A-02', 'Chi bộ thôn Tây', 'cell', a.id);
	const b1 = await unit('B-01', 'Chi bộ tổ dân phố 1', 'cell', b.id);
	return { province, a, b, a1, a2, b1 };
}

/** A staff account with the given grants, as the hooks would build it. */
export { actorWith as staffUser } from '../testing/actors';

export const csvFile = (text: string, name = 'people.csv') => ({
	name,
	bytes: new TextEncoder().encode(text)
});
