import { and, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { Db, DbOrTx } from '../db/client';
import { orgUnits, people, roleGrants, users } from '../db/schema';
import { hasRoleAt, scopePaths } from '../auth/access';
import { issueActivationCode } from '../auth/accounts';
import type { SessionUser } from '../auth/session';
import { createUser, grantRole, uniqueUsernameFor } from '../auth/users';
import { recordAudit } from '../audit/log';
import { getUnitInScope, pathInScope, unitInScope } from './scope';

/** More codes than this in one print run is a mistake or a province-wide job: pick a smaller unit. */
export const MAX_CODES_PER_PRINT = 2000;

export type CodeSlip = {
	personId: number;
	fullName: string;
	unitCode: string;
	unitName: string;
	username: string;
	code: string;
	expiresAt: Date;
};

/**
 * Whether the actor may hand out a code that takes over this account: every role it holds must be
 * one the actor holds there too (members' own-unit roles: within the actor's manager scope).
 * Otherwise a commune manager could reset an admin or judge in their commune and sign in as them.
 */
function mayTakeOver(actor: SessionUser, grants: { role: string; path: string }[]) {
	const managed = scopePaths(actor, 'manager');
	return grants.every((g) =>
		g.role === 'secretary'
			? pathInScope(g.path, managed)
			: hasRoleAt(actor, g.role as SessionUser['grants'][number]['role'], g.path)
	);
}

async function grantsOf(db: DbOrTx, userIds: number[]) {
	if (userIds.length === 0) return new Map<number, { role: string; path: string }[]>();
	const rows = await db
		.select({ userId: roleGrants.userId, role: roleGrants.role, path: orgUnits.path })
		.from(roleGrants)
		.innerJoin(orgUnits, eq(orgUnits.id, roleGrants.orgUnitId))
		.where(inArray(roleGrants.userId, userIds));
	const byUser = new Map<number, { role: string; path: string }[]>();
	for (const r of rows) byUser.set(r.userId, [...(byUser.get(r.userId) ?? []), r]);
	return byUser;
}

/**
 * Whether the actor may act on the whole account (issue it a new code, lock it): the same rule as
 * for the people's codes below, for the administrators' account page.
 */
export async function mayTakeOverAccount(db: DbOrTx, actor: SessionUser, userId: number) {
	return (await accountsActorMayTakeOver(db, actor, [userId])).has(userId);
}

/** Of the given accounts, those the actor may take over (one query for a page of accounts). */
export async function accountsActorMayTakeOver(
	db: DbOrTx,
	actor: SessionUser,
	userIds: number[]
): Promise<Set<number>> {
	const grants = await grantsOf(db, userIds);
	return new Set(userIds.filter((id) => mayTakeOver(actor, grants.get(id) ?? [])));
}

/** Opens an account for a person who has none yet (people added before accounts existed). */
async function ensureAccount(
	db: DbOrTx,
	person: { id: number; fullName: string; orgUnitId: number },
	actorUserId: number
) {
	const user = await createUser(db, {
		username: await uniqueUsernameFor(db, person.fullName),
		displayName: person.fullName,
		personId: person.id
	});
	await grantRole(db, {
		userId: user.id,
		role: 'secretary',
		orgUnitId: person.orgUnitId,
		createdByUserId: actorUserId
	});
	return { id: user.id, username: user.username };
}

export type IssueCodeResult =
	| { ok: true; slip: CodeSlip; reset: boolean }
	| { ok: false; reason: 'not_found' | 'disabled' | 'forbidden' };

/**
 * A new one-time code for one person (first activation, or a password reset when they forgot it).
 * The clear code is only in the result: shown once, never stored or logged.
 */
export async function issueCodeForPerson(
	db: Db,
	actor: SessionUser,
	personId: number,
	now = new Date()
): Promise<IssueCodeResult> {
	const scope = scopePaths(actor, 'manager');
	return db.transaction(async (tx) => {
		const [row] = await tx
			.select({
				id: people.id,
				fullName: people.fullName,
				orgUnitId: people.orgUnitId,
				unitCode: orgUnits.code,
				unitName: orgUnits.name,
				userId: users.id,
				username: users.username,
				passwordHash: users.passwordHash,
				disabledAt: users.disabledAt
			})
			.from(people)
			.innerJoin(orgUnits, eq(orgUnits.id, people.orgUnitId))
			.leftJoin(users, eq(users.personId, people.id))
			.where(and(eq(people.id, personId), unitInScope(scope)));
		if (!row) return { ok: false, reason: 'not_found' } as const;
		if (row.disabledAt) return { ok: false, reason: 'disabled' } as const;
		let account = row.userId ? { id: row.userId, username: row.username! } : null;
		if (account) {
			const grants = (await grantsOf(tx, [account.id])).get(account.id) ?? [];
			if (!mayTakeOver(actor, grants)) {
				await recordAudit(tx, {
					action: 'people.code_refused',
					actorUserId: actor.id,
					targetType: 'person',
					targetId: personId,
					orgUnitId: row.orgUnitId,
					success: false
				});
				return { ok: false, reason: 'forbidden' } as const;
			}
		} else {
			account = await ensureAccount(tx, row, actor.id);
		}
		const { code, expiresAt } = await issueActivationCode(tx, account.id, actor.id, now);
		const reset = row.passwordHash !== null;
		await recordAudit(tx, {
			action: reset ? 'people.reset_code_issued' : 'people.activation_code_issued',
			actorUserId: actor.id,
			targetType: 'person',
			targetId: personId,
			orgUnitId: row.orgUnitId
		});
		return {
			ok: true,
			reset,
			slip: {
				personId: row.id,
				fullName: row.fullName,
				unitCode: row.unitCode,
				unitName: row.unitName,
				username: account.username,
				code,
				expiresAt
			}
		} as const;
	});
}

/** People in a unit's subtree whose account still waits for activation (or who have none). */
function pendingCondition(unitPath: string) {
	return and(
		sql`${orgUnits.path} like ${unitPath + '%'}`,
		isNull(users.passwordHash),
		isNull(users.disabledAt)
	);
}

export async function countPendingAccounts(db: DbOrTx, unitPath: string) {
	const [row] = await db
		.select({ n: sql<number>`count(*)::int` })
		.from(people)
		.innerJoin(orgUnits, eq(orgUnits.id, people.orgUnitId))
		.leftJoin(users, eq(users.personId, people.id))
		.where(pendingCondition(unitPath));
	return row.n;
}

export type IssueUnitCodesResult =
	| { ok: true; slips: CodeSlip[]; skipped: number }
	| { ok: false; reason: 'not_found' }
	| { ok: false; reason: 'too_many'; count: number; max: number };

/**
 * Codes for everyone in a unit (and its subunits) who has not activated their account yet, for a
 * printed list. Earlier unused codes of those people stop working. Accounts holding roles the
 * actor lacks are skipped (counted), never handed out.
 */
export async function issueCodesForUnit(
	db: Db,
	actor: SessionUser,
	unitId: number,
	max = MAX_CODES_PER_PRINT
): Promise<IssueUnitCodesResult> {
	const unit = await getUnitInScope(db, unitId, scopePaths(actor, 'manager'));
	if (!unit) return { ok: false, reason: 'not_found' };
	return db.transaction(async (tx) => {
		const rows = await tx
			.select({
				id: people.id,
				fullName: people.fullName,
				orgUnitId: people.orgUnitId,
				unitCode: orgUnits.code,
				unitName: orgUnits.name,
				userId: users.id,
				username: users.username
			})
			.from(people)
			.innerJoin(orgUnits, eq(orgUnits.id, people.orgUnitId))
			.leftJoin(users, eq(users.personId, people.id))
			.where(pendingCondition(unit.path))
			.orderBy(orgUnits.code, sql`${people.sortKey} collate "C"`, people.id);
		if (rows.length > max)
			return { ok: false, reason: 'too_many', count: rows.length, max } as const;
		const grants = await grantsOf(
			tx,
			rows.flatMap((r) => (r.userId ? [r.userId] : []))
		);
		const slips: CodeSlip[] = [];
		let skipped = 0;
		for (const row of rows) {
			if (row.userId && !mayTakeOver(actor, grants.get(row.userId) ?? [])) {
				skipped++;
				continue;
			}
			const account = row.userId
				? { id: row.userId, username: row.username! }
				: await ensureAccount(tx, row, actor.id);
			const { code, expiresAt } = await issueActivationCode(tx, account.id, actor.id);
			slips.push({
				personId: row.id,
				fullName: row.fullName,
				unitCode: row.unitCode,
				unitName: row.unitName,
				username: account.username,
				code,
				expiresAt
			});
		}
		await recordAudit(tx, {
			action: 'people.activation_codes_issued',
			actorUserId: actor.id,
			targetType: 'org_unit',
			targetId: unit.id,
			orgUnitId: unit.id,
			details: { issued: slips.length, skipped }
		});
		return { ok: true, slips, skipped } as const;
	});
}
