import { and, eq, lte, ne, or, sql } from 'drizzle-orm';
import type { DbOrTx } from '../db/client';
import { sessions, type Role } from '../db/schema';
import { preparedStatement } from '../quiz/prepared';
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

type SessionRow = {
	expires_at: string | Date;
	absolute_expires_at: string | Date;
	id: number;
	username: string;
	display_name: string;
	person_id: number | null;
	locale: 'vi' | 'en';
	org_unit_id: number | null;
	org_path: string | null;
	/** JSON text of `Grant[]`. */
	grants: string;
};

/**
 * The session, its user, the person's unit and the grants in one round trip, as a named prepared
 * statement (planned once per connection: every signed-in request runs it, and planning the
 * joins cost several times executing them).
 */
const sessionStatement = preparedStatement<SessionRow>(
	'auth_session',
	sql`
	select s.expires_at, s.absolute_expires_at, u.id, u.username, u.display_name, u.person_id,
		u.locale, p.org_unit_id, o.path as org_path,
		(select coalesce(json_agg(json_build_object(
			'role', g.role, 'orgUnitId', g.org_unit_id, 'path', gu.path)), '[]'::json)::text
		from role_grants g join org_units gu on gu.id = g.org_unit_id
		where g.user_id = u.id) as grants
	from sessions s
	join users u on u.id = s.user_id
	left join people p on p.id = u.person_id
	left join org_units o on o.id = p.org_unit_id
	where s.id = ${sql.placeholder('id')}::text
		and s.expires_at > ${sql.placeholder('now')}::timestamptz and u.disabled_at is null`
);

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
	const [found] = await sessionStatement(db, { id: sessionId, now: now.toISOString() });
	if (!found) return null;
	const row = {
		expiresAt: new Date(found.expires_at),
		absoluteExpiresAt: new Date(found.absolute_expires_at),
		id: found.id,
		username: found.username,
		displayName: found.display_name,
		personId: found.person_id,
		locale: found.locale,
		orgUnitId: found.org_unit_id,
		orgPath: found.org_path,
		grants: found.grants
	};
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
