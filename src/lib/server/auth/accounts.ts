import { and, eq, gt, isNull, sql } from 'drizzle-orm';
import type { Db, DbOrTx } from '../db/client';
import { activationCodes, users } from '../db/schema';
import { recordAudit } from '../audit/log';
import { normalizeUsername } from './login';
import {
	checkPasswordStrength,
	hashPassword,
	verifyPassword,
	type PasswordProblem
} from './password';
import { invalidateUserSessions } from './session';
import { recordLoginFailure, throttledUntil, type ThrottleKey } from './throttle';
import { generateActivationCode, hashToken, normalizeActivationCode } from './token';

export const ACTIVATION_CODE_TTL_MS = 1000 * 60 * 60 * 24 * 30;

/**
 * Issues a fresh one-time code for a user (first activation or password reset); earlier unused
 * codes stop working. Returns the code in clear: it is shown once, for printing, never stored.
 */
export async function issueActivationCode(
	db: DbOrTx,
	userId: number,
	actorUserId: number | null,
	now = new Date()
): Promise<{ code: string; expiresAt: Date }> {
	await db
		.update(activationCodes)
		.set({ usedAt: now })
		.where(and(eq(activationCodes.userId, userId), isNull(activationCodes.usedAt)));
	const code = generateActivationCode();
	const expiresAt = new Date(now.getTime() + ACTIVATION_CODE_TTL_MS);
	await db.insert(activationCodes).values({
		userId,
		codeHash: hashToken(code),
		expiresAt,
		createdByUserId: actorUserId
	});
	await recordAudit(db, {
		action: 'auth.activation_code_issued',
		actorUserId,
		targetType: 'user',
		targetId: userId
	});
	return { code, expiresAt };
}

export type ActivationResult =
	| { ok: true; userId: number }
	| { ok: false; reason: 'invalid' | PasswordProblem }
	| { ok: false; reason: 'throttled'; retryAfterSeconds: number };

/** Sets a password with a one-time code; the code is spent and every old session ends. */
export async function activateAccount(
	db: Db,
	input: { username: string; code: string; password: string; ip: string; now?: Date }
): Promise<ActivationResult> {
	const now = input.now ?? new Date();
	const username = normalizeUsername(input.username);
	const keys: ThrottleKey[] = [
		{ kind: 'ip', id: `activate:${input.ip}` },
		{ kind: 'acct', id: `activate:${username}` }
	];
	const blockedUntil = await throttledUntil(db, keys, now);
	if (blockedUntil) {
		return {
			ok: false,
			reason: 'throttled',
			retryAfterSeconds: Math.ceil((blockedUntil.getTime() - now.getTime()) / 1000)
		};
	}
	const code = normalizeActivationCode(input.code);
	const problem = checkPasswordStrength(input.password, username);
	return db.transaction(async (tx) => {
		const [match] = code
			? await tx
					.select({ codeId: activationCodes.id, userId: users.id })
					.from(activationCodes)
					.innerJoin(users, eq(users.id, activationCodes.userId))
					.where(
						and(
							eq(activationCodes.codeHash, hashToken(code)),
							eq(users.username, username),
							isNull(activationCodes.usedAt),
							gt(activationCodes.expiresAt, now),
							isNull(users.disabledAt)
						)
					)
					.for('update')
			: [];
		if (!match) {
			await recordLoginFailure(tx, keys, now);
			await recordAudit(tx, {
				action: 'auth.activation_failed',
				success: false,
				ip: input.ip,
				details: { username }
			});
			return { ok: false, reason: 'invalid' } as const;
		}
		if (problem) return { ok: false, reason: problem } as const;
		await tx
			.update(activationCodes)
			.set({ usedAt: now })
			.where(eq(activationCodes.id, match.codeId));
		await tx
			.update(users)
			.set({ passwordHash: await hashPassword(input.password), passwordChangedAt: now })
			.where(eq(users.id, match.userId));
		await invalidateUserSessions(tx, match.userId);
		await recordAudit(tx, { action: 'auth.activated', actorUserId: match.userId, ip: input.ip });
		return { ok: true, userId: match.userId } as const;
	});
}

export type ChangePasswordResult =
	{ ok: true } | { ok: false; reason: 'wrong_current' | 'mismatch' | PasswordProblem };

/** Changes the signed-in user's own password; their other sessions end, this one stays. */
export async function changePassword(
	db: Db,
	input: {
		userId: number;
		currentPassword: string;
		newPassword: string;
		confirmPassword: string;
		keepSessionId: string;
	}
): Promise<ChangePasswordResult> {
	const [user] = await db
		.select({ passwordHash: users.passwordHash, username: users.username })
		.from(users)
		.where(eq(users.id, input.userId));
	if (!user?.passwordHash || !(await verifyPassword(user.passwordHash, input.currentPassword))) {
		return { ok: false, reason: 'wrong_current' };
	}
	if (input.newPassword !== input.confirmPassword) return { ok: false, reason: 'mismatch' };
	const problem = checkPasswordStrength(input.newPassword, user.username);
	if (problem) return { ok: false, reason: problem };
	const passwordHash = await hashPassword(input.newPassword);
	await db.transaction(async (tx) => {
		await tx
			.update(users)
			.set({ passwordHash, passwordChangedAt: new Date() })
			.where(eq(users.id, input.userId));
		await invalidateUserSessions(tx, input.userId, input.keepSessionId);
		await recordAudit(tx, { action: 'auth.password_changed', actorUserId: input.userId });
	});
	return { ok: true };
}

/** Disables or re-enables an account; disabling ends its sessions at once. */
export async function setAccountDisabled(
	db: Db,
	userId: number,
	disabled: boolean,
	actorUserId: number
) {
	await db.transaction(async (tx) => {
		await tx
			.update(users)
			.set({ disabledAt: disabled ? sql`now()` : null })
			.where(eq(users.id, userId));
		if (disabled) await invalidateUserSessions(tx, userId);
		await recordAudit(tx, {
			action: disabled ? 'auth.account_disabled' : 'auth.account_enabled',
			actorUserId,
			targetType: 'user',
			targetId: userId
		});
	});
}

export async function setUserLocale(db: DbOrTx, userId: number, locale: 'vi' | 'en') {
	await db.update(users).set({ locale }).where(eq(users.id, userId));
}
