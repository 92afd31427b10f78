import { and, eq, isNull, sql } from 'drizzle-orm';
import type { Db, DbOrTx } from '../db/client';
import { contestRoundResults, contestRounds, type ContestRound } from '../db/schema';
import { rowsOf } from '../orgs/scope';
import { logContestChange } from './organize-audit';
import {
	bestAttemptRule,
	countingAttempt,
	parseRankOrder,
	predictionDistance,
	rankEntries,
	type AttemptOutcome,
	type RankInput
} from './ranking';

/**
 * Closing an online round, computing its ranking from the finished attempts and publishing it.
 * The ranking is computed in one read (registrations × finished attempts × predictions), ranked in
 * memory by `rankEntries` and written back in batches; a recomputation replaces it.
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

type AttemptRow = {
	registration_id: number;
	org_unit_id: number;
	attempt_id: string | null;
	score: number | null;
	max_score: number | null;
	started_at: string | Date | null;
	finished_at: string | Date | null;
	prediction: number | null;
};

const ms = (value: string | Date) => (value instanceof Date ? value : new Date(value)).getTime();

/** Registrations of the round's level with each finished attempt at the round (one row each). */
async function finishedAttempts(db: DbOrTx, round: Pick<ContestRound, 'id' | 'levelId'>) {
	const result = await db.execute(sql`
		select r.id as registration_id, r.org_unit_id, a.id as attempt_id, a.score, a.max_score,
			a.started_at, a.finished_at, p.value as prediction
		from contest_registrations r
		join attempts a on a.user_id = r.user_id and a.round_id = ${round.id} and a.status = 'finished'
		left join contest_predictions p on p.attempt_id = a.id
		where r.level_id = ${round.levelId} and r.withdrawn_at is null
	`);
	return rowsOf<AttemptRow>(result);
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

	const rows = await finishedAttempts(db, round);
	const byRegistration = new Map<
		number,
		{ unitId: number; attempts: (AttemptOutcome & { row: AttemptRow })[] }
	>();
	for (const row of rows) {
		if (!row.attempt_id || row.finished_at === null || row.started_at === null) continue;
		let entry = byRegistration.get(row.registration_id);
		if (!entry) {
			entry = { unitId: row.org_unit_id, attempts: [] };
			byRegistration.set(row.registration_id, entry);
		}
		entry.attempts.push({
			attemptId: row.attempt_id,
			correct: Number(row.score ?? 0),
			timeTakenMs: ms(row.finished_at) - ms(row.started_at),
			submittedAt: new Date(ms(row.finished_at)),
			row
		});
	}
	const counting = [...byRegistration].map(([registrationId, e]) => ({
		registrationId,
		unitId: e.unitId,
		attempt: countingAttempt(e.attempts, bestAttemptRule(round.counting)) as
			(AttemptOutcome & { row: AttemptRow }) | null
	}));
	// "How many will answer everything correctly?": the organizer's figure, else counted here.
	const predictionActual = round.predictionQuestion
		? (round.predictionActual ??
			counting.filter(
				(c) =>
					c.attempt &&
					c.attempt.row.max_score !== null &&
					c.attempt.correct >= Number(c.attempt.row.max_score)
			).length)
		: null;
	const inputs: (RankInput & { attempt: AttemptOutcome & { row: AttemptRow } })[] = [];
	for (const c of counting) {
		if (!c.attempt) continue;
		inputs.push({
			candidateId: String(c.registrationId),
			unitId: String(c.unitId),
			correct: c.attempt.correct,
			timeTakenMs: c.attempt.timeTakenMs,
			predictionDistance:
				predictionActual === null
					? null
					: predictionDistance(c.attempt.row.prediction, predictionActual),
			submittedAt: c.attempt.submittedAt,
			attempt: c.attempt
		});
	}
	const ranked = rankEntries(inputs, parseRankOrder(round.rankOrder));

	await db.transaction(async (tx) => {
		await tx.delete(contestRoundResults).where(eq(contestRoundResults.roundId, round.id));
		for (let i = 0; i < ranked.length; i += 1000) {
			await tx.insert(contestRoundResults).values(
				ranked.slice(i, i + 1000).map((r) => {
					const a = r.attempt;
					return {
						roundId: round.id,
						registrationId: Number(r.candidateId),
						attemptId: a.attemptId,
						correct: Math.floor(r.correct),
						score: r.correct,
						maxScore: a.row.max_score === null ? null : Number(a.row.max_score),
						timeTakenMs: r.timeTakenMs,
						prediction: a.row.prediction,
						submittedAt: r.submittedAt,
						rank: r.rank,
						published: false,
						computedAt: now
					};
				})
			);
		}
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
			details: { ranked: ranked.length, predictionActual }
		});
	});
	return { ok: true, ranked: ranked.length, predictionActual, ms: performance.now() - started };
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
