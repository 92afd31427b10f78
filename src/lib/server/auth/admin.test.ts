import { eq } from 'drizzle-orm';
import { beforeAll, expect, it } from 'vitest';
import { describeEachDatabase } from '../testing/databases';
import { auditLog, roleGrants } from '../db/schema';
import { createOrgUnit } from '../orgs/units';
import { createPerson } from '../people/people';
import { addGrant, listUsersInScope, removeGrant, userInScope } from './admin';
import { createUser, grantRole } from './users';

describeEachDatabase('account administration', ({ db }) => {
	let province: { id: number; path: string };
	let communeA: { id: number; path: string; code: string };
	let communeB: { id: number; path: string; code: string };
	let adminA: number;
	let personInA: number;
	let personInB: number;

	beforeAll(async () => {
		province = await createOrgUnit(db(), {
			code: 'P',
			name: 'Tỉnh',
			kind: 'province',
			parentId: null
		});
		communeA = await createOrgUnit(db(), {
			code: 'A',
			name: 'Xã A',
			kind: 'commune',
			parentId: province.id
		});
		communeB = await createOrgUnit(db(), {
			code: 'B',
			name: 'Xã B',
			kind: 'commune',
			parentId: province.id
		});
		const pa = await createPerson(db(), { orgUnitId: communeA.id, fullName: 'Nguyễn Văn Đức' });
		const pb = await createPerson(db(), { orgUnitId: communeB.id, fullName: 'Trần Thị Bé' });
		personInA = (
			await createUser(db(), {
				username: 'nguyenvanduc',
				displayName: pa.fullName,
				personId: pa.id
			})
		).id;
		personInB = (
			await createUser(db(), { username: 'tranthibe', displayName: pb.fullName, personId: pb.id })
		).id;
		adminA = (await createUser(db(), { username: 'admin.a', displayName: 'Admin A' })).id;
		await grantRole(db(), { userId: adminA, role: 'admin', orgUnitId: communeA.id });
	});

	it('lists only accounts in the admin scope, searchable without diacritics', async () => {
		const all = await listUsersInScope(db(), [communeA.path]);
		expect(all.items.map((u) => u.username).sort()).toEqual(['admin.a', 'nguyenvanduc']);
		const found = await listUsersInScope(db(), [communeA.path], { query: 'Nguyen Van Duc' });
		expect(found.items.map((u) => u.username)).toEqual(['nguyenvanduc']);
		expect(await userInScope(db(), personInB, [communeA.path])).toBe(false);
		expect(await userInScope(db(), personInA, [communeA.path])).toBe(true);
	});

	it('grants only inside the scope and audits it', async () => {
		const actor = { userId: adminA, scopes: [communeA.path] };
		expect(
			await addGrant(db(), { userId: personInA, role: 'trainer', unitCode: 'B' }, actor)
		).toEqual({
			ok: false,
			reason: 'out_of_scope'
		});
		expect(
			await addGrant(db(), { userId: personInA, role: 'trainer', unitCode: 'NOPE' }, actor)
		).toEqual({
			ok: false,
			reason: 'unknown_unit'
		});
		expect(
			await addGrant(db(), { userId: personInA, role: 'trainer', unitCode: 'A' }, actor)
		).toEqual({ ok: true });
		const grants = await db().select().from(roleGrants).where(eq(roleGrants.userId, personInA));
		expect(grants.map((g) => [g.role, g.orgUnitId])).toEqual([['trainer', communeA.id]]);
		const audit = await db().select().from(auditLog).where(eq(auditLog.action, 'role.granted'));
		expect(audit.some((a) => a.targetId === String(personInA) && a.actorUserId === adminA)).toBe(
			true
		);

		expect(
			await removeGrant(db(), grants[0].id, { userId: adminA, scopes: [communeB.path] })
		).toEqual({
			ok: false,
			reason: 'out_of_scope'
		});
		expect(await removeGrant(db(), grants[0].id, actor)).toEqual({ ok: true });
	});

	it('refuses to revoke the last admin grant', async () => {
		const [grant] = await db().select().from(roleGrants).where(eq(roleGrants.userId, adminA));
		expect(await removeGrant(db(), grant.id, { userId: adminA, scopes: [communeA.path] })).toEqual({
			ok: false,
			reason: 'last_admin'
		});
	});
});
