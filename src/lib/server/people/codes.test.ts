import { and, eq } from 'drizzle-orm';
import { expect, it } from 'vitest';
import { describeEachDatabase } from '../testing/databases';
import { activationCodes, auditLog, users } from '../db/schema';
import { activateAccount, setAccountDisabled } from '../auth/accounts';
import { login } from '../auth/login';
import { grantRole } from '../auth/users';
import {
	countPendingAccounts,
	issueCodeForPerson,
	issueCodesForUnit,
	mayTakeOverAccount
} from './codes';
import { createPerson, createPersonWithAccount } from './people';
import { buildTree, staffUser } from './test-fixtures';

const PASSWORD = 'một mật khẩu đủ dài';

describeEachDatabase('activation codes for people', ({ db }) => {
	let tree: Awaited<ReturnType<typeof buildTree>>;
	const person = async (fullName: string, unitId: number) =>
		createPersonWithAccount(db(), { fullName, orgUnitId: unitId }, null);

	it('sets up', async () => {
		tree = await buildTree(db(), 'C');
	});

	it('prints codes for the not-yet-activated people of a unit and its subunits', async () => {
		const manager = await staffUser(db(), [{ role: 'manager', unit: tree.a }]);
		const pending1 = await person('Bùi Văn Cường', tree.a1.id);
		const pending2 = await person('Âu Thị Dung', tree.a2.id);
		const active = await person('Cao Văn Đạt', tree.a1.id);
		await db().update(users).set({ passwordHash: 'x' }).where(eq(users.id, active.userId));
		const disabled = await person('Chu Văn Em', tree.a1.id);
		await setAccountDisabled(db(), disabled.userId, true, manager.id);
		// A member who is also a judge: a manager must not be able to take over that account.
		const judge = await person('Doãn Văn Giang', tree.a1.id);
		await grantRole(db(), { userId: judge.userId, role: 'judge', orgUnitId: tree.a.id });
		// Someone added without an account gets one.
		const bare = await createPerson(db(), { fullName: 'Kha Thị Hằng', orgUnitId: tree.a2.id });
		await person('Giáp Văn Ích', tree.b1.id);

		expect(await countPendingAccounts(db(), tree.a.path)).toBe(4);
		const result = await issueCodesForUnit(db(), manager, tree.a.id);
		if (!result.ok) throw new Error(result.reason);
		expect(result.skipped).toBe(1);
		expect(result.slips.map((s) => [s.fullName, s.unitCode])).toEqual([
			['Bùi Văn Cường', 'CA-01'],
			['Âu Thị Dung', 'CA-02'],
			['Kha Thị Hằng', 'CA-02']
		]);
		expect(result.slips[2].username).toBe('khathihang');
		for (const slip of result.slips)
			expect(slip.code).toMatch(/^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$/);
		expect(result.slips.find((s) => s.personId === pending2.person.id)).toBeDefined();
		expect(result.slips.find((s) => s.personId === bare.id)).toBeDefined();

		// Only a hash of each code is stored, and no code is written to the audit log.
		const stored = await db().select().from(activationCodes);
		const codes = result.slips.map((s) => s.code);
		expect(stored.some((r) => codes.includes(r.codeHash))).toBe(false);
		const audit = await db()
			.select()
			.from(auditLog)
			.where(eq(auditLog.action, 'people.activation_codes_issued'));
		expect(audit).toHaveLength(1);
		expect(audit[0].details).toEqual({ issued: 3, skipped: 1 });
		expect(JSON.stringify(await db().select().from(auditLog))).not.toContain(codes[0]);

		// The printed code opens the account; the person then signs in with their own password.
		const slip = result.slips.find((s) => s.personId === pending1.person.id)!;
		const activated = await activateAccount(db(), {
			username: slip.username,
			code: slip.code.toLowerCase().replace(/-/g, ' '),
			password: PASSWORD,
			ip: '10.1.1.1'
		});
		expect(activated).toEqual({ ok: true, userId: pending1.userId });
		const signedIn = await login(db(), {
			username: slip.username,
			password: PASSWORD,
			ip: '10.1.1.1'
		});
		expect(signedIn.ok).toBe(true);
		expect(await countPendingAccounts(db(), tree.a.path)).toBe(3);
	});

	it('makes earlier unused codes stop working when new ones are printed', async () => {
		const manager = await staffUser(db(), [{ role: 'manager', unit: tree.a }]);
		const p = await person('Lạc Văn Khang', tree.a2.id);
		const first = await issueCodeForPerson(db(), manager, p.person.id);
		const second = await issueCodeForPerson(db(), manager, p.person.id);
		if (!first.ok || !second.ok) throw new Error('not issued');
		expect(first.reset).toBe(false);
		const old = await activateAccount(db(), {
			username: p.username,
			code: first.slip.code,
			password: PASSWORD,
			ip: '10.1.1.2'
		});
		expect(old).toEqual({ ok: false, reason: 'invalid' });
		const fresh = await activateAccount(db(), {
			username: p.username,
			code: second.slip.code,
			password: PASSWORD,
			ip: '10.1.1.2'
		});
		expect(fresh.ok).toBe(true);
		// Once activated, a new code is a password reset.
		const reset = await issueCodeForPerson(db(), manager, p.person.id);
		expect(reset.ok && reset.reset).toBe(true);
		const [row] = await db()
			.select()
			.from(auditLog)
			.where(
				and(
					eq(auditLog.action, 'people.reset_code_issued'),
					eq(auditLog.targetId, String(p.person.id))
				)
			);
		expect(row.actorUserId).toBe(manager.id);
	});

	it('refuses people and units outside the scope, privileged accounts and non-managers', async () => {
		const manager = await staffUser(db(), [{ role: 'manager', unit: tree.a }]);
		const outside = await person('Mạc Văn Long', tree.b1.id);
		expect(await issueCodeForPerson(db(), manager, outside.person.id)).toEqual({
			ok: false,
			reason: 'not_found'
		});
		expect(await issueCodesForUnit(db(), manager, tree.b.id)).toEqual({
			ok: false,
			reason: 'not_found'
		});
		const admin = await person('Ninh Văn Mạnh', tree.a1.id);
		await grantRole(db(), { userId: admin.userId, role: 'admin', orgUnitId: tree.a1.id });
		expect(await issueCodeForPerson(db(), manager, admin.person.id)).toEqual({
			ok: false,
			reason: 'forbidden'
		});
		const secretary = await staffUser(db(), [{ role: 'secretary', unit: tree.a }]);
		const inside = await person('Ông Văn Nghĩa', tree.a1.id);
		expect(await issueCodeForPerson(db(), secretary, inside.person.id)).toEqual({
			ok: false,
			reason: 'not_found'
		});
		// A province admin may reset the commune admin.
		const provinceAdmin = await staffUser(db(), [{ role: 'admin', unit: tree.province }]);
		expect((await issueCodeForPerson(db(), provinceAdmin, admin.person.id)).ok).toBe(true);
	});

	it('refuses to print more codes at once than the cap', async () => {
		const manager = await staffUser(db(), [{ role: 'manager', unit: tree.province }]);
		const pending = await countPendingAccounts(db(), tree.province.path);
		expect(await issueCodesForUnit(db(), manager, tree.province.id, pending - 1)).toEqual({
			ok: false,
			reason: 'too_many',
			count: pending,
			max: pending - 1
		});
	});

	it('lets an admin act on a whole account only where they hold every role it holds', async () => {
		const member = await person('Lạc Văn Khải', tree.a1.id);
		const communeAdmin = await staffUser(db(), [{ role: 'admin', unit: tree.a }]);
		const provinceAdmin = await staffUser(db(), [{ role: 'admin', unit: tree.province }]);
		expect(await mayTakeOverAccount(db(), communeAdmin, member.userId)).toBe(true);
		await grantRole(db(), { userId: member.userId, role: 'judge', orgUnitId: tree.province.id });
		expect(await mayTakeOverAccount(db(), communeAdmin, member.userId)).toBe(false);
		expect(await mayTakeOverAccount(db(), provinceAdmin, member.userId)).toBe(true);
	});
});
