import { and, eq, gt, isNull, lte, ne, or, sql } from 'drizzle-orm';
import type { DbOrTx } from '../db/client';
import { orgUnits, people, sessions, users, type Role } from '../db/schema';
import { generateSessionToken, hashToken } from './token';

/** Idle timeout: a session unused this long expires; each use pushes it forward (sliding). */
export const SESSION_IDLE_MS = 1000 * 60 * 60 * 24 * 7;
/** Absolute lifetime: no session lives longer than this, however active. */
export const SESSION_ABSOLUTE_MS = 1000 * 60 * 60 * 24 * 30;
/** Extend the sliding expiry at most this often, so a busy page does not write on every request. */
const RENEW_AFTER_MS = 1000 * 60 * 60;

export type Grant = { role: Role; orgUnitId: number; path: string };

export type SessionUser = {
	id: number;
	username: string;
	displayName: string;
	personId: number | null;
	/** The person's own unit and its path, for the secretary's own-unit scope. */
	orgUnitId: number | null;
	orgPath: string | null;
	locale: 'vi' | 'en';
	grants: Grant[];
};

export type ValidatedSession = { sessionId: string; expiresAt: Date; user: SessionUser };

export async function createSession(db: DbOrTx, userId: number, now = new Date()) {
	const token = generateSessionToken();
	const expiresAt = new Date(now.getTime() + SESSION_IDLE_MS);
	await db.insert(sessions).values({
		id: hashToken(token),
		userId,
		createdAt: now,
		expiresAt,
		absoluteExpiresAt: new Date(now.getTime() + SESSION_ABSOLUTE_MS)
	});
	return { token, expiresAt };
}

/**
 * Resolves a cookie token to its user and grants, or null when unknown, expired or disabled.
 * Grants are read on every request, so a role change applies on the next request.
 */
export async function validateSessionToken(
	db: DbOrTx,
	token: string,
	now = new Date()
): Promise<ValidatedSession | null> {
	if (!/^[a-z2-7]{32}$/.test(token)) return null;
	const sessionId = hashToken(token);
	const [row] = await db
		.select({
			expiresAt: sessions.expiresAt,
			absoluteExpiresAt: sessions.absoluteExpiresAt,
			id: users.id,
			username: users.username,
			displayName: users.displayName,
			personId: users.personId,
			locale: users.locale,
			orgUnitId: people.orgUnitId,
			orgPath: orgUnits.path,
			// The grants in the same round trip (every signed-in request pays for this query).
			grants: sql<string>`(
				select coalesce(json_agg(json_build_object(
					'role', g.role, 'orgUnitId', g.org_unit_id, 'path', gu.path)), '[]'::json)::text
				from role_grants g join org_units gu on gu.id = g.org_unit_id
				where g.user_id = ${users.id})`
		})
		.from(sessions)
		.innerJoin(users, eq(users.id, sessions.userId))
		.leftJoin(people, eq(people.id, users.personId))
		.leftJoin(orgUnits, eq(orgUnits.id, people.orgUnitId))
		.where(and(eq(sessions.id, sessionId), gt(sessions.expiresAt, now), isNull(users.disabledAt)));
	if (!row) return null;
	if (row.absoluteExpiresAt <= now) {
		await invalidateSession(db, sessionId);
		return null;
	}
	let expiresAt = row.expiresAt;
	if (expiresAt.getTime() - now.getTime() < SESSION_IDLE_MS - RENEW_AFTER_MS) {
		expiresAt = new Date(
			Math.min(now.getTime() + SESSION_IDLE_MS, row.absoluteExpiresAt.getTime())
		);
		await db.update(sessions).set({ expiresAt }).where(eq(sessions.id, sessionId));
	}
	const { absoluteExpiresAt: _a, expiresAt: _e, grants, ...user } = row;
	return { sessionId, expiresAt, user: { ...user, grants: JSON.parse(grants) as Grant[] } };
}

export async function invalidateSession(db: DbOrTx, sessionId: string) {
	await db.delete(sessions).where(eq(sessions.id, sessionId));
}

/** Ends every session of a user (password change, disabling, reset), optionally keeping one. */
export async function invalidateUserSessions(db: DbOrTx, userId: number, keepSessionId?: string) {
	await db
		.delete(sessions)
		.where(
			keepSessionId
				? and(eq(sessions.userId, userId), ne(sessions.id, keepSessionId))
				: eq(sessions.userId, userId)
		);
}

export async function deleteExpiredSessions(db: DbOrTx, now = new Date()) {
	await db
		.delete(sessions)
		.where(or(lte(sessions.expiresAt, now), lte(sessions.absoluteExpiresAt, now)));
}
