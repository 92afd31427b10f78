import { and, eq } from 'drizzle-orm';
import type { DbOrTx } from '../db/client';
import { contestRoundResults, contests } from '../db/schema';
import { roundAttempts, roundSummary, type CandidateRoundSummary } from './candidate';
import { bestAttemptRule, countingAttempt } from './ranking';
import { candidateRound, reviewOpen, windowState } from './round-attempt';

export type OwnRoundResult = {
	round: CandidateRoundSummary & { reviewOpen: boolean; reviewOpensAt: string | null };
	contest: { id: number; name: string };
	/** Submission times only while the window is open; correct answers and times after it. */
	attempts: {
		attemptNo: number;
		status: string;
		submittedAt: string;
		correct: number | null;
		timeTakenMs: number | null;
		counting: boolean;
	}[];
	/** Present once the organizers published the round's results. */
	published: {
		rank: number | null;
		correct: number | null;
		timeTakenMs: number | null;
		score: number | null;
	} | null;
	/** The attempt whose review may be shown (the counting one), when the review is open. */
	reviewAttemptId: string | null;
};

/** A candidate's own result in a round, showing no more than the round's stage allows. */
export async function ownRoundResult(
	db: DbOrTx,
	userId: number,
	roundId: number,
	now: Date
): Promise<OwnRoundResult | null> {
	const found = await candidateRound(db, userId, roundId);
	if (!found) return null;
	const r = found.round;
	const state = windowState(r, now);
	const canReview = reviewOpen(r, now);
	const mine = await roundAttempts(db, userId, roundId);
	const finished = mine.filter((a) => a.status === 'finished');
	const counting =
		state === 'after' ? countingAttempt(finished, bestAttemptRule(r.counting)) : null;
	const [contest] = await db
		.select({ id: contests.id, name: contests.name })
		.from(contests)
		.where(eq(contests.id, r.contestId));
	let published: OwnRoundResult['published'] = null;
	if (r.resultsPublishedAt) {
		const [row] = await db
			.select({
				rank: contestRoundResults.rank,
				correct: contestRoundResults.correct,
				timeTakenMs: contestRoundResults.timeTakenMs,
				score: contestRoundResults.score
			})
			.from(contestRoundResults)
			.where(
				and(
					eq(contestRoundResults.roundId, roundId),
					eq(contestRoundResults.registrationId, found.registrationId),
					eq(contestRoundResults.published, true)
				)
			);
		published = row ?? null;
	}
	return {
		round: {
			...roundSummary(r, now),
			reviewOpen: canReview,
			reviewOpensAt: r.reviewOpensAt?.toISOString() ?? null
		},
		contest,
		attempts: mine.map((a) => {
			// An essay has no correct answers: its score comes from the judges (published).
			const shown = state === 'after' && a.status === 'finished' && r.kind !== 'essay';
			return {
				attemptNo: a.attemptNo,
				status: a.status,
				submittedAt: a.submittedAt.toISOString(),
				correct: shown ? a.correct : null,
				timeTakenMs: shown ? a.timeTakenMs : null,
				counting: counting?.attemptId === a.attemptId
			};
		}),
		published,
		reviewAttemptId: canReview ? (counting?.attemptId ?? null) : null
	};
}
