import { and, eq } from 'drizzle-orm';
import type { Db } from '../db/client';
import { trustedDevices, users } from '../db/schema';
import { recordAudit } from '../audit/log';
import { dummyPasswordHash, verifyPassword } from './password';
import { createSession } from './session';
import {
	clearLoginFailures,
	recordLoginFailure,
	throttledUntil,
	type ThrottleKey
} from './throttle';
import { generateSessionToken, hashToken } from './token';

export type LoginInput = {
	username: string;
	password: string;
	ip: string;
	/** The device cookie, if the browser sent one. */
	deviceToken?: string | null;
	now?: Date;
};

export type LoginResult =
	| {
			ok: true;
			userId: number;
			locale: 'vi' | 'en';
			session: { token: string; expiresAt: Date };
			/** Set when this device was not yet known for the account: store it in the device cookie. */
			newDeviceToken: string | null;
	  }
	| { ok: false; reason: 'invalid' }
	| { ok: false; reason: 'throttled'; retryAfterSeconds: number };

export function normalizeUsername(username: string): string {
	return username.trim().toLowerCase();
}

/**
 * Signs a user in. Unknown accounts, wrong passwords, accounts not yet activated and disabled
 * accounts all answer the same `invalid`, after the same argon2 work.
 */
export async function login(db: Db, input: LoginInput): Promise<LoginResult> {
	const now = input.now ?? new Date();
	const username = normalizeUsername(input.username).slice(0, 100);
	const [user] = username
		? await db
				.select({
					id: users.id,
					passwordHash: users.passwordHash,
					disabledAt: users.disabledAt,
					locale: users.locale
				})
				.from(users)
				.where(eq(users.username, username))
		: [];

	let trustedDeviceId: string | null = null;
	if (user && input.deviceToken) {
		const id = hashToken(input.deviceToken);
		const [device] = await db
			.select({ id: trustedDevices.id })
			.from(trustedDevices)
			.where(and(eq(trustedDevices.id, id), eq(trustedDevices.userId, user.id)));
		trustedDeviceId = device?.id ?? null;
	}
	const accountKey: ThrottleKey = trustedDeviceId
		? { kind: 'dev', id: trustedDeviceId }
		: { kind: 'acct', id: username };
	const keys: ThrottleKey[] = [{ kind: 'ip', id: input.ip }, accountKey];

	const blockedUntil = await throttledUntil(db, keys, now);
	if (blockedUntil) {
		await recordAudit(db, {
			action: 'auth.login_throttled',
			success: false,
			actorUserId: user?.id,
			ip: input.ip,
			details: { username }
		});
		return {
			ok: false,
			reason: 'throttled',
			retryAfterSeconds: Math.ceil((blockedUntil.getTime() - now.getTime()) / 1000)
		};
	}

	const usable = user && user.passwordHash && !user.disabledAt;
	const valid = await verifyPassword(
		usable ? user.passwordHash! : await dummyPasswordHash(),
		input.password
	);
	if (!usable || !valid) {
		await recordLoginFailure(db, keys, now);
		await recordAudit(db, {
			action: 'auth.login_failed',
			success: false,
			actorUserId: user?.id,
			ip: input.ip,
			details: { username }
		});
		return { ok: false, reason: 'invalid' };
	}

	await clearLoginFailures(db, [accountKey]);
	const session = await createSession(db, user.id, now);
	let newDeviceToken: string | null = null;
	if (trustedDeviceId) {
		await db
			.update(trustedDevices)
			.set({ lastUsedAt: now })
			.where(eq(trustedDevices.id, trustedDeviceId));
	} else {
		newDeviceToken = generateSessionToken();
		await db.insert(trustedDevices).values({ id: hashToken(newDeviceToken), userId: user.id });
	}
	await recordAudit(db, { action: 'auth.login', actorUserId: user.id, ip: input.ip });
	return { ok: true, userId: user.id, locale: user.locale, session, newDeviceToken };
}
