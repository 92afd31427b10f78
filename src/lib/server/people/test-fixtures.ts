import type { Db } from '../db/client';
import type { OrgUnit, Role } from '../db/schema';
import type { SessionUser } from '../auth/session';
import { createUser, grantRole } from '../auth/users';
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

let counter = 0;

/** A staff account with the given grants, as `hooks.server.ts` would put it in `locals.user`. */
export async function staffUser(
	db: Db,
	grants: { role: Role; unit: OrgUnit }[]
): Promise<SessionUser> {
	const user = await createUser(db, {
		username: `staff${++counter}_${Date.now()}`,
		displayName: 'Cán bộ thử'
	});
	for (const g of grants) {
		await grantRole(db, { userId: user.id, role: g.role, orgUnitId: g.unit.id });
	}
	return {
		id: user.id,
		username: user.username,
		displayName: user.displayName,
		personId: null,
		orgUnitId: null,
		orgPath: null,
		locale: 'vi',
		grants: grants.map((g) => ({ role: g.role, orgUnitId: g.unit.id, path: g.unit.path }))
	};
}

export const csvFile = (text: string, name = 'people.csv') => ({
	name,
	bytes: new TextEncoder().encode(text)
});
