import { eq } from 'drizzle-orm';
import { expect, it } from 'vitest';
import { orgUnits, roleGrants } from '../db/schema';
import { describeEachDatabase } from '../testing/databases';
import { createFirstAdmin } from './first-admin';
import { login } from './login';

const PASSWORD = 'một mật khẩu đủ dài 2026';

describeEachDatabase('first administrator without demo data', ({ db }) => {
	it('asks for a unit name on an empty database, then creates the province and the admin', async () => {
		const input = {
			username: 'quantri',
			displayName: 'Quản trị',
			password: PASSWORD,
			unitCode: 'TQ'
		};
		expect(await createFirstAdmin(db(), input)).toEqual({ ok: false, error: 'unit_name_needed' });
		const created = await createFirstAdmin(db(), { ...input, unitName: 'Tỉnh ủy Tuyên Quang' });
		expect(created).toMatchObject({ ok: true, unitCreated: true });
		if (!created.ok) return;
		const [unit] = await db().select().from(orgUnits).where(eq(orgUnits.id, created.unitId));
		expect(unit).toMatchObject({
			code: 'TQ',
			kind: 'province',
			parentId: null,
			path: `/${unit.id}/`
		});
		const grants = await db()
			.select()
			.from(roleGrants)
			.where(eq(roleGrants.userId, created.userId));
		expect(grants.map((g) => [g.role, g.orgUnitId])).toEqual([['admin', unit.id]]);
		// The account signs in with that password.
		const signedIn = await login(db(), {
			username: 'QuanTri',
			password: PASSWORD,
			ip: '192.0.2.1'
		});
		expect(signedIn.ok).toBe(true);
	});

	it('adds an administrator to an existing unit by code, never a second top unit', async () => {
		const second = await createFirstAdmin(db(), {
			username: 'quantri2',
			displayName: 'Quản trị 2',
			password: PASSWORD,
			unitCode: 'tq'
		});
		expect(second).toMatchObject({ ok: true, unitCreated: false });
		expect(
			await createFirstAdmin(db(), {
				username: 'quantri3',
				displayName: 'x',
				password: PASSWORD,
				unitCode: 'KHAC',
				unitName: 'Tỉnh khác'
			})
		).toEqual({ ok: false, error: 'unit_not_found' });
	});

	it('refuses a taken username and a weak password', async () => {
		const base = { displayName: 'x', unitCode: 'TQ' };
		expect(
			await createFirstAdmin(db(), { ...base, username: 'quantri', password: PASSWORD })
		).toEqual({
			ok: false,
			error: 'username_taken'
		});
		expect(
			await createFirstAdmin(db(), { ...base, username: 'quantri4', password: 'short' })
		).toMatchObject({
			ok: false,
			error: 'weak_password'
		});
	});
});
