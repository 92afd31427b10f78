import { and, eq, isNull, sql } from 'drizzle-orm';
import type { Db, DbOrTx } from '../db/client';
import {
	contestLevels,
	contestRoundResults,
	contestRounds,
	contests,
	orgUnits,
	type ContestRound
} from '../db/schema';
import { rowsOf } from '../orgs/scope';
import { logContestChange } from './organize-audit';
import { rankingStatement } from './ranking-sql';

/**
 * Closing an online round, computing its ranking from the finished attempts and publishing it.
 * The ranking is one statement (`ranking-sql.ts`: the counting attempt, the prediction's actual
 * figure and the ranks, written straight into `contest_round_results`); a recomputation replaces it.
 */

type Actor = { actorUserId: number };

/** No more starts from now on; attempts already in progress keep their deadline. */
export async function closeRound(
	db: Db,
	round: Pick<ContestRound, 'id' | 'contestId' | 'status' | 'closesAt'>,
	{ actorUserId, now = new Date() }: Actor & { now?: Date }
) {
	if (round.status === 'closed') return { ok: false as const, error: 'already_closed' as const };
	return db.transaction(async (tx) => {
		const closesAt = round.closesAt && round.closesAt < now ? round.closesAt : now;
		const [closed] = await tx
			.update(contestRounds)
			.set({
				status: 'closed',
				closedAt: now,
				closedByUserId: actorUserId,
				closesAt,
				// The review may never open before the close (the schema checks it too).
				reviewOpensAt: sql`greatest(${contestRounds.reviewOpensAt}, ${closesAt.toISOString()}::timestamptz)`,
				updatedAt: now
			})
			.where(and(eq(contestRounds.id, round.id), sql`${contestRounds.status} <> 'closed'`))
			.returning({ id: contestRounds.id });
		if (!closed) return { ok: false as const, error: 'already_closed' as const };
		await logContestChange(tx, {
			contestId: round.contestId,
			actorUserId,
			action: 'round.closed',
			targetType: 'round',
			targetId: round.id,
			details: { closesAt: closesAt.toISOString() }
		});
		return { ok: true as const };
	});
}

export async function attemptsInProgress(db: DbOrTx, roundId: number) {
	const [row] = rowsOf<{ n: number }>(
		await db.execute(
			sql`select count(*)::int as n from attempts where round_id = ${roundId} and status = 'in_progress'`
		)
	);
	return Number(row?.n ?? 0);
}

export type ComputeResult =
	| { ok: true; ranked: number; predictionActual: number | null; ms: number }
	| { ok: false; error: 'not_online' | 'still_open' | 'in_progress'; count?: number };

/** For a level run per unit kind, the contest's organizing unit (ranks then count per unit); else null. */
async function perUnitScope(db: DbOrTx, levelId: number) {
	const [row] = await db
		.select({ unitKind: contestLevels.unitKind, id: orgUnits.id, path: orgUnits.path })
		.from(contestLevels)
		.innerJoin(contests, eq(contests.id, contestLevels.contestId))
		.innerJoin(orgUnits, eq(orgUnits.id, contests.orgUnitId))
		.where(eq(contestLevels.id, levelId));
	return row && row.unitKind !== null ? { id: row.id, path: row.path } : null;
}

export async function computeRoundResults(
	db: Db,
	round: ContestRound,
	{ actorUserId, now = new Date() }: Actor & { now?: Date }
): Promise<ComputeResult> {
	if (round.kind !== 'online') return { ok: false, error: 'not_online' };
	if (round.status !== 'closed' && (!round.closesAt || round.closesAt > now)) {
		return { ok: false, error: 'still_open' };
	}
	const open = await attemptsInProgress(db, round.id);
	if (open > 0) return { ok: false, error: 'in_progress', count: open };
	const started = performance.now();
	const { ranked, predictionActual } = await db.transaction(async (tx) => {
		await tx.delete(contestRoundResults).where(eq(contestRoundResults.roundId, round.id));
		const [stored] = rowsOf<{ ranked: number; prediction_actual: number | null }>(
			await tx.execute(rankingStatement(round, now, await perUnitScope(tx, round.levelId)))
		);
		const result = {
			ranked: Number(stored.ranked),
			predictionActual: stored.prediction_actual === null ? null : Number(stored.prediction_actual)
		};
		await tx
			.update(contestRounds)
			.set({ resultsComputedAt: now, resultsPublishedAt: null, updatedAt: now })
			.where(eq(contestRounds.id, round.id));
		await logContestChange(tx, {
			contestId: round.contestId,
			actorUserId,
			action: 'round.results_computed',
			targetType: 'round',
			targetId: round.id,
			details: { ranked: result.ranked, predictionActual: result.predictionActual }
		});
		return result;
	});
	return { ok: true, ranked, predictionActual, ms: performance.now() - started };
}

export async function publishRoundResults(
	db: Db,
	round: Pick<ContestRound, 'id' | 'contestId' | 'resultsComputedAt'>,
	{ actorUserId, now = new Date() }: Actor & { now?: Date }
) {
	if (!round.resultsComputedAt) return { ok: false as const, error: 'not_computed' as const };
	return db.transaction(async (tx) => {
		await tx
			.update(contestRoundResults)
			.set({ published: true })
			.where(eq(contestRoundResults.roundId, round.id));
		await tx
			.update(contestRounds)
			.set({ resultsPublishedAt: now, updatedAt: now })
			.where(and(eq(contestRounds.id, round.id), isNull(contestRounds.resultsPublishedAt)));
		await logContestChange(tx, {
			contestId: round.contestId,
			actorUserId,
			action: 'round.results_published',
			targetType: 'round',
			targetId: round.id
		});
		return { ok: true as const };
	});
}
