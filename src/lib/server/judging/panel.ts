import { and, asc, count, eq, isNull, sql } from 'drizzle-orm';
import type { Db, DbOrTx } from '../db/client';
import {
	judgePanel,
	judgeScores,
	orgUnits,
	people,
	roleGrants,
	users,
	type ContestRound
} from '../db/schema';
import { recordContestAudit } from '../contests/audit';
import { judgedSettings } from './settings';

/*
 * A round's panel of judges: accounts with the judge role in the contest's scope, and the
 * organizer's own-unit permission per judge (reason required). Logged in the contest's audit.
 */

/** A judge grant in the contest's scope: over the organizing unit, or inside it. */
export const judgeGrantFits = (grantPath: string, contestPath: string) =>
	contestPath.startsWith(grantPath) || grantPath.startsWith(contestPath);

/** Accounts with the judge role in the contest's scope (for the panel form). */
export async function eligibleJudges(db: DbOrTx, contestPath: string) {
	const rows = await db
		.selectDistinct({
			id: users.id,
			username: users.username,
			displayName: users.displayName,
			path: orgUnits.path
		})
		.from(roleGrants)
		.innerJoin(users, eq(users.id, roleGrants.userId))
		.innerJoin(orgUnits, eq(orgUnits.id, roleGrants.orgUnitId))
		.where(and(eq(roleGrants.role, 'judge'), isNull(users.disabledAt)))
		.orderBy(asc(users.username));
	const seen = new Set<number>();
	return rows.filter((r) => {
		if (!judgeGrantFits(r.path, contestPath) || seen.has(r.id)) return false;
		seen.add(r.id);
		return true;
	});
}

export async function roundPanel(db: DbOrTx, roundId: number) {
	return db
		.select({
			userId: judgePanel.userId,
			username: users.username,
			displayName: users.displayName,
			allowOwnUnit: judgePanel.allowOwnUnit,
			unitName: orgUnits.name,
			unitPath: orgUnits.path,
			scored: sql<number>`(select count(*)::int from ${judgeScores} where ${judgeScores.roundId} = ${judgePanel.roundId} and ${judgeScores.judgeUserId} = ${judgePanel.userId})`
		})
		.from(judgePanel)
		.innerJoin(users, eq(users.id, judgePanel.userId))
		.leftJoin(people, eq(people.id, users.personId))
		.leftJoin(orgUnits, eq(orgUnits.id, people.orgUnitId))
		.where(eq(judgePanel.roundId, roundId))
		.orderBy(asc(users.username));
}

export async function addJudge(
	db: Db,
	actorUserId: number,
	round: ContestRound,
	contestPath: string,
	username: string
) {
	const wanted = username.trim().toLowerCase();
	const judge = (await eligibleJudges(db, contestPath)).find((j) => j.username === wanted);
	if (!judge) return { ok: false as const, error: 'not_a_judge' as const };
	return db.transaction(async (tx) => {
		const settings = await judgedSettings(tx, round.id);
		if (settings.lockedAt) return { ok: false as const, error: 'locked' as const };
		const added = await tx
			.insert(judgePanel)
			.values({ roundId: round.id, userId: judge.id, addedByUserId: actorUserId })
			.onConflictDoNothing()
			.returning({ userId: judgePanel.userId });
		if (added.length === 0) return { ok: false as const, error: 'already_on_panel' as const };
		await recordContestAudit(tx, {
			contestId: round.contestId,
			actorUserId,
			action: 'judging.judge_added',
			targetType: 'round',
			targetId: round.id,
			details: { judge: judge.username }
		});
		return { ok: true as const, userId: judge.id };
	});
}

/** Off the panel; refused once the judge has scored (their sheets stay with the round). */
export async function removeJudge(
	db: Db,
	actorUserId: number,
	round: ContestRound,
	userId: number
) {
	return db.transaction(async (tx) => {
		const [{ n }] = await tx
			.select({ n: count() })
			.from(judgeScores)
			.where(and(eq(judgeScores.roundId, round.id), eq(judgeScores.judgeUserId, userId)));
		if (n > 0) return { ok: false as const, error: 'scored' as const };
		const gone = await tx
			.delete(judgePanel)
			.where(and(eq(judgePanel.roundId, round.id), eq(judgePanel.userId, userId)))
			.returning({ userId: judgePanel.userId });
		if (gone.length === 0) return { ok: false as const, error: 'not_found' as const };
		await recordContestAudit(tx, {
			contestId: round.contestId,
			actorUserId,
			action: 'judging.judge_removed',
			targetType: 'round',
			targetId: round.id,
			details: { judgeUserId: userId }
		});
		return { ok: true as const };
	});
}

/** Lets a judge score candidates of their own unit (or withdraws it); reason required, logged. */
export async function setAllowOwnUnit(
	db: Db,
	actorUserId: number,
	round: ContestRound,
	userId: number,
	allow: boolean,
	reason: string
) {
	if (!reason.trim() || reason.length > 500)
		return { ok: false as const, error: 'reason_required' as const };
	return db.transaction(async (tx) => {
		const done = await tx
			.update(judgePanel)
			.set({ allowOwnUnit: allow })
			.where(and(eq(judgePanel.roundId, round.id), eq(judgePanel.userId, userId)))
			.returning({ userId: judgePanel.userId });
		if (done.length === 0) return { ok: false as const, error: 'not_found' as const };
		await recordContestAudit(tx, {
			contestId: round.contestId,
			actorUserId,
			action: allow ? 'judging.own_unit_allowed' : 'judging.own_unit_refused',
			targetType: 'round',
			targetId: round.id,
			reason: reason.trim(),
			details: { judgeUserId: userId }
		});
		return { ok: true as const };
	});
}
