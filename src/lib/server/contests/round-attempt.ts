import { and, eq, isNull } from 'drizzle-orm';
import type { Db, DbOrTx } from '../db/client';
import {
	attempts,
	contestRegistrations,
	contestRounds,
	contests,
	type ContestRound,
	type QuizConfig
} from '../db/schema';
import { isAttemptId } from '../quiz/rows';
import { startAttempt } from '../quiz/start';
import { loadContestBank } from './bank';
import { loadEssayPrompt } from './essay-prompt';
import { roundPlan, roundStartGuard, type RoundPlan } from './round-plan';

/** Rounds sat on the attempt engine: online tests, and essays (written in the app, scored by judges). */
export const sitsOnEngine = (round: Pick<ContestRound, 'kind'>) =>
	round.kind === 'online' || round.kind === 'essay';

/** The engine subject of a round's attempts. */
export const roundSubject = (roundId: number) => `round:${roundId}`;

/** When the round stops taking starts: its close, or earlier if the organizers closed it. */
export function effectiveClose(round: Pick<ContestRound, 'closesAt' | 'closedAt'>): Date | null {
	const times = [round.closesAt, round.closedAt].filter((t): t is Date => t !== null);
	return times.length ? new Date(Math.min(...times.map((t) => t.getTime()))) : null;
}

export type WindowState = 'unscheduled' | 'before' | 'open' | 'after';

/** Where the server's clock is relative to the round's window. */
export function windowState(
	round: Pick<ContestRound, 'opensAt' | 'closesAt' | 'closedAt' | 'status'>,
	now: Date
): WindowState {
	const close = effectiveClose(round);
	if (!round.opensAt || !close) return 'unscheduled';
	if (round.status === 'closed' || now >= close) return 'after';
	return now < round.opensAt ? 'before' : 'open';
}

/**
 * Whether candidates may see the key and explanations: only once the review opens, which is never
 * before the window closes (a candidate who finished must not help one still sitting).
 */
export function reviewOpen(
	round: Pick<ContestRound, 'opensAt' | 'closesAt' | 'closedAt' | 'status' | 'reviewOpensAt'>,
	now: Date
): boolean {
	const close = effectiveClose(round);
	if (!round.reviewOpensAt || !close) return false;
	return now >= round.reviewOpensAt && now >= close && round.reviewOpensAt >= close;
}

/**
 * The engine settings of a round's attempt. Contests have no pass mark; review is gated here. An
 * essay round's paper is its one prompt (`essay-prompt.ts`).
 */
export function roundConfig(round: ContestRound): QuizConfig {
	const essay = round.kind === 'essay';
	return {
		questionCount: essay ? 1 : round.questionCount,
		timeLimitSeconds: round.durationSeconds,
		passPercent: 0,
		attemptsAllowed: round.attemptsAllowed,
		review: 'full',
		multipleScoring: round.multipleScoring,
		draw: essay ? [] : round.draw
	};
}

/** The round and the user's registration for its level, if the user is a candidate in it. */
export async function candidateRound(db: DbOrTx, userId: number, roundId: number) {
	if (!Number.isSafeInteger(roundId)) return null;
	const [row] = await db
		.select({
			round: contestRounds,
			contestStatus: contests.status,
			registrationId: contestRegistrations.id
		})
		.from(contestRounds)
		.innerJoin(contests, eq(contests.id, contestRounds.contestId))
		.innerJoin(
			contestRegistrations,
			and(
				eq(contestRegistrations.levelId, contestRounds.levelId),
				eq(contestRegistrations.userId, userId),
				isNull(contestRegistrations.withdrawnAt)
			)
		)
		.where(eq(contestRounds.id, roundId));
	// A round in draft, or of a contest not yet open, does not exist for candidates.
	if (!row || row.round.status === 'draft' || row.contestStatus === 'draft') return null;
	return row;
}

export type RoundStartResult =
	| { ok: true; attemptId: string; resumed: boolean }
	| {
			ok: false;
			reason:
				| 'not_found'
				| 'not_online'
				| 'not_open_yet'
				| 'closed'
				| 'no_attempts_left'
				| 'no_questions';
	  };

/** Why a round takes no start now (null: it does), from the round and its contest alone. */
function startRefusal(round: ContestRound, contestStatus: string, now: Date) {
	if (!sitsOnEngine(round)) return 'not_online' as const;
	if (contestStatus !== 'open') return 'closed' as const;
	const state = windowState(round, now);
	if (state === 'unscheduled' || state === 'before') return 'not_open_yet' as const;
	if (state === 'after') return 'closed' as const;
	return null;
}

/**
 * Starts (or resumes) the candidate's attempt at an online or essay round. The window is the server's:
 * no start before it opens or after it closes; the deadline is min(start + duration, close).
 * Attempts are counted by the engine's unique index, so parallel starts make one attempt.
 *
 * The synchronized start is one statement: the round comes from this process's plan
 * (`round-plan.ts`), the bank from the engine's cache (`bankKey`), the paper is drawn in memory,
 * and the start statement itself checks the registration and that the round and contest are
 * unchanged. Anything else (a changed round, not registered, outside the window) goes the
 * exact way: round and registration read afresh, then the engine.
 */
export async function startRoundAttempt(
	db: Db,
	input: { userId: number; roundId: number; now: Date; seed?: string }
): Promise<RoundStartResult> {
	if (!Number.isSafeInteger(input.roundId)) return { ok: false, reason: 'not_found' };
	let plan = await roundPlan(db, input.roundId);
	let fresh = false;
	if (plan && plan.round.status !== 'draft') {
		if (!startRefusal(plan.round, plan.contestStatus, input.now)) {
			const result = await engineStart(db, plan, input, true);
			if (result.ok || result.reason !== 'refused') return result;
			// Not registered, or the plan is out of date: read it again for the next starts too.
			plan = await roundPlan(db, input.roundId, (fresh = true));
		}
	}
	const found = await candidateRound(db, input.userId, input.roundId);
	if (!found) return { ok: false, reason: 'not_found' };
	const refusal = startRefusal(found.round, found.contestStatus, input.now);
	if (refusal) return { ok: false, reason: refusal };
	if (!fresh) plan = await roundPlan(db, input.roundId, true);
	if (!plan) return { ok: false, reason: 'not_found' };
	// Drawn with the round as just read (the plan may predate it by a moment).
	const result = await engineStart(db, { ...plan, round: found.round }, input, false);
	return result.ok || result.reason !== 'refused' ? result : { ok: false, reason: 'closed' };
}

function engineStart(
	db: Db,
	plan: RoundPlan,
	input: { userId: number; roundId: number; now: Date; seed?: string },
	guarded: boolean
) {
	const round = plan.round;
	const essay = round.kind === 'essay';
	return startAttempt(
		db,
		{
			userId: input.userId,
			kind: 'contest',
			subject: roundSubject(round.id),
			roundId: round.id,
			config: roundConfig(round),
			windowClosesAt: effectiveClose(round),
			loadBank: () => (essay ? loadEssayPrompt(db, round) : loadContestBank(db, round.contestId)),
			// The prompt changes only with the round (its `updated_at`), the bank with an import.
			bankKey: essay ? `${plan.bankKey}:essay:${round.id}:${plan.roundVersion}` : plan.bankKey,
			guard: guarded
				? {
						statement: roundStartGuard,
						values: {
							levelId: round.levelId,
							roundVersion: plan.roundVersion,
							contestVersion: plan.contestVersion
						}
					}
				: undefined
		},
		{ now: input.now, seed: input.seed }
	) as Promise<RoundStartResult | { ok: false; reason: 'refused' }>;
}

/** The round an attempt belongs to, for its owner; null for practice attempts and other users'. */
export async function roundOfAttempt(db: DbOrTx, attemptId: string, userId: number) {
	if (!isAttemptId(attemptId)) return null;
	const [row] = await db
		.select({ roundId: attempts.roundId, kind: attempts.kind })
		.from(attempts)
		.where(and(eq(attempts.id, attemptId), eq(attempts.userId, userId)));
	return row?.kind === 'contest' && row.roundId !== null ? row.roundId : null;
}
