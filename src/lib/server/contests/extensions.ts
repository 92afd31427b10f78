import { and, eq, gt, isNull, sql } from 'drizzle-orm';
import type { Db } from '../db/client';
import {
	attempts,
	contestRegistrations,
	contestRounds,
	contestTimeExtensions,
	type ContestRound
} from '../db/schema';
import { recordIncident } from './monitor';
import { logContestChange } from './organize-audit';

export const EXTENSION_MAX_MINUTES = 120;
export const REASON_MAX_LENGTH = 500;

export type ExtensionInput = {
	round: Pick<ContestRound, 'id' | 'contestId' | 'levelId'>;
	candidateCode: string;
	minutes: number;
	reason: string;
	actorUserId: number;
	graceMs: number;
	now?: Date;
};

export type ExtensionError =
	'minutes_invalid' | 'reason_required' | 'not_registered' | 'no_open_attempt';

export type ExtensionResult =
	| { ok: true; attemptId: string; deadline: Date; candidateCode: string }
	| { ok: false; error: ExtensionError };

/**
 * Gives one candidate more time in a round after an incident. The attempt's deadline is what the
 * engine enforces everywhere (saves, heartbeat, sweeper), so moving it is the extension; it may
 * pass the window's close (an incident at the end must be made up for; the close only stops new
 * starts), and the round's review is pushed back so that it never opens while this candidate still
 * sits. A finished attempt, or one whose deadline has already passed, is never reopened.
 */
export async function extendCandidateTime(db: Db, input: ExtensionInput): Promise<ExtensionResult> {
	const now = input.now ?? new Date();
	const reason = input.reason.trim();
	if (
		!Number.isInteger(input.minutes) ||
		input.minutes < 1 ||
		input.minutes > EXTENSION_MAX_MINUTES
	) {
		return { ok: false, error: 'minutes_invalid' };
	}
	if (!reason) return { ok: false, error: 'reason_required' };
	return db.transaction(async (tx) => {
		const [registration] = await tx
			.select({ id: contestRegistrations.id, userId: contestRegistrations.userId })
			.from(contestRegistrations)
			.where(
				and(
					eq(contestRegistrations.levelId, input.round.levelId),
					eq(contestRegistrations.candidateCode, input.candidateCode.trim()),
					isNull(contestRegistrations.withdrawnAt)
				)
			);
		if (!registration) return { ok: false, error: 'not_registered' } as const;
		const [extended] = await tx
			.update(attempts)
			.set({ deadline: sql`${attempts.deadline} + make_interval(mins => ${input.minutes})` })
			.where(
				and(
					eq(attempts.roundId, input.round.id),
					eq(attempts.userId, registration.userId),
					eq(attempts.status, 'in_progress'),
					gt(attempts.deadline, now)
				)
			)
			.returning({ id: attempts.id, deadline: attempts.deadline });
		if (!extended) return { ok: false, error: 'no_open_attempt' } as const;
		await tx.insert(contestTimeExtensions).values({
			roundId: input.round.id,
			registrationId: registration.id,
			attemptId: extended.id,
			minutes: input.minutes,
			reason: reason.slice(0, REASON_MAX_LENGTH),
			byUserId: input.actorUserId
		});
		const reviewNotBefore = new Date(extended.deadline.getTime() + input.graceMs);
		await tx
			.update(contestRounds)
			.set({ reviewOpensAt: reviewNotBefore })
			.where(
				and(
					eq(contestRounds.id, input.round.id),
					sql`${contestRounds.reviewOpensAt} < ${reviewNotBefore.toISOString()}::timestamptz`
				)
			);
		await recordIncident(tx, {
			roundId: input.round.id,
			userId: registration.userId,
			attemptId: extended.id,
			kind: 'time_extended',
			details: { minutes: input.minutes, byUserId: input.actorUserId }
		});
		await logContestChange(tx, {
			contestId: input.round.contestId,
			actorUserId: input.actorUserId,
			action: 'round.time_extended',
			targetType: 'attempt',
			targetId: extended.id,
			reason,
			details: {
				roundId: input.round.id,
				candidateCode: input.candidateCode.trim(),
				minutes: input.minutes,
				deadline: extended.deadline.toISOString()
			}
		});
		return {
			ok: true,
			attemptId: extended.id,
			deadline: extended.deadline,
			candidateCode: input.candidateCode.trim()
		} as const;
	});
}
