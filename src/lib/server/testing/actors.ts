import type { SessionUser } from '../auth/session';
import { createUser, grantRole } from '../auth/users';
import type { DbOrTx } from '../db/client';
import type { OrgUnit, Role } from '../db/schema';

let counter = 0;

/** A staff account with the given grants, as `hooks.server.ts` would put it in `locals.user`. */
export async function actorWith(
	db: DbOrTx,
	grants: { role: Role; unit: OrgUnit }[]
): Promise<SessionUser> {
	const user = await createUser(db, {
		username: `actor${++counter}_${Date.now().toString(36)}`,
		displayName: 'Cán bộ thử nghiệm'
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
