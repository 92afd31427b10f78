import { eq, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { describeEachDatabase } from '../testing/databases';
import { sessions, users } from '../db/schema';
import { createOrgUnit } from '../orgs/units';
import {
	activateAccount,
	changePassword,
	issueActivationCode,
	setAccountDisabled
} from './accounts';
import { login } from './login';
import { ARGON2_PARAMS } from './password';
import { SESSION_ABSOLUTE_MS, SESSION_IDLE_MS, validateSessionToken } from './session';
import { THROTTLE_RULES } from './throttle';
import { createUser, grantRole } from './users';
import { hashToken } from './token';

const PASSWORD = 'correct horse battery';

describe('argon2 parameters', () => {
	it('meet OWASP ASVS 5.0 minimum (argon2id, m ≥ 19 MiB with t ≥ 2, p = 1)', () => {
		expect(ARGON2_PARAMS.algorithm).toBe(2);
		expect(ARGON2_PARAMS.memoryCost).toBeGreaterThanOrEqual(19_456);
		expect(ARGON2_PARAMS.timeCost).toBeGreaterThanOrEqual(2);
		expect(ARGON2_PARAMS.parallelism).toBe(1);
	});
});

describeEachDatabase('auth', ({ db }) => {
	let n = 0;
	const newUser = async (password: string | null = PASSWORD) =>
		createUser(db(), {
			username: `user${++n}_${Date.now()}`,
			displayName: 'Nguyễn Văn A',
			password
		});

	it('signs in with the right password, stores only the token hash, and rotates per login', async () => {
		const user = await newUser();
		const a = await login(db(), {
			username: user.username.toUpperCase(),
			password: PASSWORD,
			ip: '10.0.0.1'
		});
		const b = await login(db(), { username: user.username, password: PASSWORD, ip: '10.0.0.1' });
		expect(a.ok && b.ok).toBe(true);
		if (!a.ok || !b.ok) return;
		expect(a.session.token).not.toBe(b.session.token);
		expect(a.session.token).toMatch(/^[a-z2-7]{32}$/);
		const rows = await db().select().from(sessions).where(eq(sessions.userId, user.id));
		expect(rows.map((r) => r.id).sort()).toEqual(
			[hashToken(a.session.token), hashToken(b.session.token)].sort()
		);
		expect(rows.some((r) => r.id === a.session.token)).toBe(false);
		const validated = await validateSessionToken(db(), a.session.token);
		expect(validated?.user.id).toBe(user.id);
	});

	it('answers the same for a wrong password, an unknown account and an unactivated one', async () => {
		const user = await newUser();
		const pending = await newUser(null);
		const results = await Promise.all([
			login(db(), { username: user.username, password: 'wrong password', ip: '10.0.0.2' }),
			login(db(), { username: 'nobody_here', password: PASSWORD, ip: '10.0.0.2' }),
			login(db(), { username: pending.username, password: PASSWORD, ip: '10.0.0.2' })
		]);
		expect(results).toEqual([
			{ ok: false, reason: 'invalid' },
			{ ok: false, reason: 'invalid' },
			{ ok: false, reason: 'invalid' }
		]);
	});

	it('expires a session after the idle timeout and at the absolute lifetime despite use', async () => {
		const user = await newUser();
		const start = new Date('2026-01-01T00:00:00Z');
		const r = await login(db(), {
			username: user.username,
			password: PASSWORD,
			ip: '10.0.0.3',
			now: start
		});
		if (!r.ok) throw new Error('login failed');
		const idle = new Date(start.getTime() + SESSION_IDLE_MS + 1000);
		expect(await validateSessionToken(db(), r.session.token, idle)).toBeNull();

		const r2 = await login(db(), {
			username: user.username,
			password: PASSWORD,
			ip: '10.0.0.3',
			now: start
		});
		if (!r2.ok) throw new Error('login failed');
		// Used every few days: the sliding expiry keeps it alive until the absolute limit.
		let t = start.getTime();
		while (t + 3 * 86_400_000 < start.getTime() + SESSION_ABSOLUTE_MS) {
			t += 3 * 86_400_000;
			expect(await validateSessionToken(db(), r2.session.token, new Date(t))).not.toBeNull();
		}
		const past = new Date(start.getTime() + SESSION_ABSOLUTE_MS + 1000);
		expect(await validateSessionToken(db(), r2.session.token, past)).toBeNull();
	});

	it('blocks an account after repeated failures from unknown devices, but not its known device', async () => {
		const user = await newUser();
		const first = await login(db(), {
			username: user.username,
			password: PASSWORD,
			ip: '10.1.0.1'
		});
		if (!first.ok || !first.newDeviceToken) throw new Error('login failed');
		const device = first.newDeviceToken;
		const limit = THROTTLE_RULES.acct.limit;
		for (let i = 0; i < limit; i++) {
			const r = await login(db(), { username: user.username, password: 'nope', ip: `10.2.0.${i}` });
			expect(r).toEqual({ ok: false, reason: 'invalid' });
		}
		const blocked = await login(db(), {
			username: user.username,
			password: PASSWORD,
			ip: '10.2.1.1'
		});
		expect(blocked.ok).toBe(false);
		if (!blocked.ok) expect(blocked.reason).toBe('throttled');
		if (!blocked.ok && blocked.reason === 'throttled') {
			expect(blocked.retryAfterSeconds).toBeLessThanOrEqual(THROTTLE_RULES.acct.windowMs / 1000);
		}
		// The owner's own device still gets in during the attack.
		const owner = await login(db(), {
			username: user.username,
			password: PASSWORD,
			ip: '10.1.0.1',
			deviceToken: device
		});
		expect(owner.ok).toBe(true);
		// And the block lifts when the window ends.
		const later = new Date(Date.now() + THROTTLE_RULES.acct.windowMs + 1000);
		const after = await login(db(), {
			username: user.username,
			password: PASSWORD,
			ip: '10.2.1.2',
			now: later
		});
		expect(after.ok).toBe(true);
	});

	it('throttles one address guessing across many accounts', async () => {
		const ip = '10.9.9.9';
		for (let i = 0; i < THROTTLE_RULES.ip.limit; i++) {
			await login(db(), { username: `spray${i}`, password: 'x', ip });
		}
		const user = await newUser();
		const r = await login(db(), { username: user.username, password: PASSWORD, ip });
		expect(r.ok).toBe(false);
	});

	it('activates an account with a one-time code, which then stops working', async () => {
		const user = await newUser(null);
		const { code } = await issueActivationCode(db(), user.id, null);
		const bad = await activateAccount(db(), {
			username: user.username,
			code: 'AAAA-BBBB-CCCC',
			password: 'a good passphrase',
			ip: '10.3.0.1'
		});
		expect(bad).toEqual({ ok: false, reason: 'invalid' });
		const weak = await activateAccount(db(), {
			username: user.username,
			code,
			password: '12345678',
			ip: '10.3.0.1'
		});
		expect(weak).toEqual({ ok: false, reason: 'too_common' });
		const ok = await activateAccount(db(), {
			username: user.username,
			code: code.toLowerCase().replace(/-/g, ' '),
			password: 'a good passphrase',
			ip: '10.3.0.1'
		});
		expect(ok).toEqual({ ok: true, userId: user.id });
		const again = await activateAccount(db(), {
			username: user.username,
			code,
			password: 'another passphrase',
			ip: '10.3.0.1'
		});
		expect(again).toEqual({ ok: false, reason: 'invalid' });
		expect(
			(
				await login(db(), {
					username: user.username,
					password: 'a good passphrase',
					ip: '10.3.0.2'
				})
			).ok
		).toBe(true);
	});

	it('a new code replaces the old one (password reset) and ends existing sessions when used', async () => {
		const user = await newUser();
		const s = await login(db(), { username: user.username, password: PASSWORD, ip: '10.4.0.1' });
		if (!s.ok) throw new Error('login failed');
		const old = await issueActivationCode(db(), user.id, null);
		const fresh = await issueActivationCode(db(), user.id, null);
		expect(
			(
				await activateAccount(db(), {
					username: user.username,
					code: old.code,
					password: 'brand new phrase',
					ip: '10.4.0.2'
				})
			).ok
		).toBe(false);
		expect(
			(
				await activateAccount(db(), {
					username: user.username,
					code: fresh.code,
					password: 'brand new phrase',
					ip: '10.4.0.2'
				})
			).ok
		).toBe(true);
		expect(await validateSessionToken(db(), s.session.token)).toBeNull();
	});

	it('changing the password ends the other sessions, keeps this one', async () => {
		const user = await newUser();
		const here = await login(db(), { username: user.username, password: PASSWORD, ip: '10.5.0.1' });
		const there = await login(db(), {
			username: user.username,
			password: PASSWORD,
			ip: '10.5.0.2'
		});
		if (!here.ok || !there.ok) throw new Error('login failed');
		const hereId = hashToken(here.session.token);
		expect(
			await changePassword(db(), {
				userId: user.id,
				currentPassword: 'wrong',
				newPassword: 'x new phrase',
				confirmPassword: 'x new phrase',
				keepSessionId: hereId
			})
		).toEqual({ ok: false, reason: 'wrong_current' });
		expect(
			await changePassword(db(), {
				userId: user.id,
				currentPassword: PASSWORD,
				newPassword: 'x new phrase',
				confirmPassword: 'x new phrase',
				keepSessionId: hereId
			})
		).toEqual({ ok: true });
		expect(await validateSessionToken(db(), here.session.token)).not.toBeNull();
		expect(await validateSessionToken(db(), there.session.token)).toBeNull();
	});

	it('disabling an account ends its sessions and refuses sign-in', async () => {
		const user = await newUser();
		const s = await login(db(), { username: user.username, password: PASSWORD, ip: '10.6.0.1' });
		if (!s.ok) throw new Error('login failed');
		await setAccountDisabled(db(), user.id, true, user.id);
		expect(await validateSessionToken(db(), s.session.token)).toBeNull();
		expect(
			(await login(db(), { username: user.username, password: PASSWORD, ip: '10.6.0.1' })).ok
		).toBe(false);
		const [row] = await db()
			.select({ d: users.disabledAt })
			.from(users)
			.where(eq(users.id, user.id));
		expect(row.d).not.toBeNull();
	});

	it('loads grants with their unit paths, so a role change applies on the next request', async () => {
		const user = await newUser();
		const s = await login(db(), { username: user.username, password: PASSWORD, ip: '10.7.0.1' });
		if (!s.ok) throw new Error('login failed');
		expect((await validateSessionToken(db(), s.session.token))?.user.grants).toEqual([]);
		const unit = await createOrgUnit(db(), {
			code: `U${n}-${Date.now()}`,
			name: 'Xã Thử',
			kind: 'commune',
			parentId: null
		});
		await grantRole(db(), { userId: user.id, role: 'manager', orgUnitId: unit.id });
		expect((await validateSessionToken(db(), s.session.token))?.user.grants).toEqual([
			{ role: 'manager', orgUnitId: unit.id, path: unit.path }
		]);
		await db().execute(sql`delete from role_grants where user_id = ${user.id}`);
		expect((await validateSessionToken(db(), s.session.token))?.user.grants).toEqual([]);
	});
});
