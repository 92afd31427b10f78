import { and, count, eq, gt } from 'drizzle-orm';
import type { Db } from '../db/client';
import { attempts, contestIncidents } from '../db/schema';
import { recordIncident } from './monitor';
import { candidateRound, windowState } from './round-attempt';

/**
 * A candidate tells the organizers about a problem during a round ("lost connection", a broken
 * device…). It lands in `contest_incidents` like the incidents the app records itself, so every
 * instance's live monitor shows it; the organizer may then extend that candidate's time.
 */

export const CANDIDATE_PROBLEMS = ['connection', 'device', 'question', 'other'] as const;
export type CandidateProblem = (typeof CANDIDATE_PROBLEMS)[number];

/** Enough for a sitting; more would let one candidate flood the monitor. */
export const MAX_REPORTS_PER_ROUND = 5;
export const REPORT_MAX_LENGTH = 500;

export type ReportError = 'not_found' | 'not_open' | 'invalid' | 'too_many';

export async function reportIncident(
	db: Db,
	input: {
		userId: number;
		roundId: number;
		problem: string;
		message: string;
		now: Date;
	}
): Promise<{ ok: true } | { ok: false; error: ReportError }> {
	const found = await candidateRound(db, input.userId, input.roundId);
	if (!found) return { ok: false, error: 'not_found' };
	const problem = CANDIDATE_PROBLEMS.find((p) => p === input.problem);
	const message = input.message.trim();
	if (!problem || message.length > REPORT_MAX_LENGTH || (problem === 'other' && !message)) {
		return { ok: false, error: 'invalid' };
	}
	// While the window is open, or while one's own attempt runs past it (an extension).
	const [open] = await db
		.select({ id: attempts.id })
		.from(attempts)
		.where(
			and(
				eq(attempts.roundId, input.roundId),
				eq(attempts.userId, input.userId),
				eq(attempts.status, 'in_progress'),
				gt(attempts.deadline, input.now)
			)
		)
		.limit(1);
	if (windowState(found.round, input.now) !== 'open' && !open) {
		return { ok: false, error: 'not_open' };
	}
	return db.transaction(async (tx) => {
		// Not locked: reports sent at the same instant may pass the limit by a few, harmlessly.
		const [{ n }] = await tx
			.select({ n: count() })
			.from(contestIncidents)
			.where(
				and(
					eq(contestIncidents.roundId, input.roundId),
					eq(contestIncidents.userId, input.userId),
					eq(contestIncidents.kind, 'candidate_report')
				)
			);
		if (Number(n) >= MAX_REPORTS_PER_ROUND)
			return { ok: false as const, error: 'too_many' as const };
		await recordIncident(tx, {
			roundId: input.roundId,
			userId: input.userId,
			attemptId: open?.id ?? null,
			kind: 'candidate_report',
			details: { problem, message },
			at: input.now
		});
		return { ok: true as const };
	});
}
