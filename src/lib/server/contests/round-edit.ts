import { and, eq, gt, isNull, ne, or, sql } from 'drizzle-orm';
import type { SessionUser } from '../auth/session';
import type { Db } from '../db/client';
import { attempts, contestRounds, type ContestRound } from '../db/schema';
import { roundForOrganizer } from './access';
import { recordContestAudit } from './audit';
import { syncEssayPrompt } from './essay-prompt';
import { roundProblems, type RoundInput } from './manage';
import { effectiveClose } from './round-attempt';

/**
 * Editing a round. Every setting may change until the round opens (server time): what
 * candidates sit must be what the round said when they started. From the opening on, the only
 * change is a later close (with a reason, in the audit trail), and only while the window is open.
 */

export type RoundEditError = 'not_found' | 'invalid' | 'opened' | 'closed';

const sameTime = (a: Date | null, b: Date | null) =>
	(a?.getTime() ?? null) === (b?.getTime() ?? null);

/** The settings an edit would change, by name (for the audit trail and the refusal). */
export function changedSettings(round: ContestRound, input: RoundInput): string[] {
	const same: Record<keyof RoundInput, boolean> = {
		name: input.name.trim() === round.name,
		kind: input.kind === round.kind,
		opensAt: sameTime(input.opensAt, round.opensAt),
		closesAt: sameTime(input.closesAt, round.closesAt),
		durationSeconds: input.durationSeconds === round.durationSeconds,
		attemptsAllowed: input.attemptsAllowed === round.attemptsAllowed,
		counting: input.counting === round.counting,
		rankOrder: JSON.stringify(input.rankOrder) === JSON.stringify(round.rankOrder),
		weight: input.weight === round.weight,
		questionCount: input.questionCount === round.questionCount,
		draw: JSON.stringify(input.draw) === JSON.stringify(round.draw),
		multipleScoring: input.multipleScoring === round.multipleScoring,
		maxScore: input.maxScore === round.maxScore,
		predictionQuestion: (input.predictionQuestion ?? null) === round.predictionQuestion,
		reviewOpensAt: sameTime(input.reviewOpensAt, round.reviewOpensAt),
		essayPrompt: (input.essayPrompt ?? null) === round.essayPrompt
	};
	return Object.entries(same)
		.filter(([, unchanged]) => !unchanged)
		.map(([key]) => key);
}

/** Whether the round has opened at `now` (or was closed by the organizer). */
export function roundOpened(round: ContestRound, now: Date) {
	return round.status === 'closed' || (round.opensAt !== null && round.opensAt <= now);
}

export async function updateRound(
	db: Db,
	actor: SessionUser,
	roundId: number,
	input: RoundInput,
	now = new Date()
): Promise<
	| { ok: true; changed: string[] }
	| { ok: false; error: RoundEditError; problems?: string[]; changed?: string[] }
> {
	const found = await roundForOrganizer(db, actor, roundId);
	if (!found) return { ok: false, error: 'not_found' };
	const round = found.round;
	const changed = changedSettings(round, input);
	if (roundOpened(round, now)) return { ok: false, error: 'opened', changed };
	const problems = roundProblems(input);
	if (problems.length) return { ok: false, error: 'invalid', problems };
	if (changed.length === 0) return { ok: true, changed };
	return db.transaction(async (tx) => {
		// The round may open between the read and the write: the write checks it again.
		const [row] = await tx
			.update(contestRounds)
			.set({ ...input, name: input.name.trim(), updatedAt: now })
			.where(
				and(
					eq(contestRounds.id, roundId),
					ne(contestRounds.status, 'closed'),
					or(isNull(contestRounds.opensAt), gt(contestRounds.opensAt, now))
				)
			)
			.returning({ id: contestRounds.id });
		if (!row) return { ok: false as const, error: 'opened' as const, changed };
		await syncEssayPrompt(tx, {
			id: roundId,
			contestId: round.contestId,
			kind: input.kind,
			essayPrompt: input.essayPrompt ?? null
		});
		const before = Object.fromEntries(changed.map((k) => [k, round[k as keyof ContestRound]]));
		const after = Object.fromEntries(changed.map((k) => [k, input[k as keyof RoundInput]]));
		await recordContestAudit(tx, {
			contestId: found.contest.id,
			actorUserId: actor.id,
			action: 'round.update',
			targetType: 'round',
			targetId: roundId,
			details: { changed, before, after }
		});
		return { ok: true as const, changed };
	});
}

export type ExtendCloseError =
	'not_found' | 'not_open' | 'closed' | 'not_later' | 'reason_required' | 'invalid';

/**
 * Moves an open round's close later, with a reason. Attempts in progress whose deadline was cut
 * by the old close get the rest of their duration, up to the new close; a review that would open
 * before the new close moves to it.
 */
export async function extendRoundClose(
	db: Db,
	actor: SessionUser,
	roundId: number,
	input: { closesAt: Date; reason: string },
	now = new Date()
): Promise<{ ok: true; attemptsMoved: number } | { ok: false; error: ExtendCloseError }> {
	const found = await roundForOrganizer(db, actor, roundId);
	if (!found) return { ok: false, error: 'not_found' };
	const round = found.round;
	const reason = input.reason.trim();
	if (!reason || reason.length > 500) return { ok: false, error: 'reason_required' };
	if (Number.isNaN(input.closesAt.getTime())) return { ok: false, error: 'invalid' };
	if (!roundOpened(round, now) || !round.closesAt) return { ok: false, error: 'not_open' };
	const close = effectiveClose(round);
	if (round.status === 'closed' || !close || close <= now) return { ok: false, error: 'closed' };
	if (input.closesAt <= round.closesAt) return { ok: false, error: 'not_later' };
	const oldClose = round.closesAt;
	const newClose = input.closesAt;
	return db.transaction(async (tx) => {
		const [row] = await tx
			.update(contestRounds)
			.set({
				closesAt: newClose,
				reviewOpensAt: sql`case when ${contestRounds.reviewOpensAt} is null then null
					else greatest(${contestRounds.reviewOpensAt}, ${newClose.toISOString()}::timestamptz) end`,
				updatedAt: now
			})
			.where(
				and(
					eq(contestRounds.id, roundId),
					ne(contestRounds.status, 'closed'),
					eq(contestRounds.closesAt, oldClose),
					gt(contestRounds.closesAt, now)
				)
			)
			.returning({ id: contestRounds.id });
		if (!row) return { ok: false as const, error: 'closed' as const };
		const moved = await tx
			.update(attempts)
			.set({
				deadline: sql`least(${attempts.startedAt} + make_interval(secs => ${round.durationSeconds}::double precision), ${newClose.toISOString()}::timestamptz)`
			})
			.where(
				and(
					eq(attempts.roundId, roundId),
					eq(attempts.status, 'in_progress'),
					eq(attempts.deadline, oldClose)
				)
			)
			.returning({ id: attempts.id });
		await recordContestAudit(tx, {
			contestId: found.contest.id,
			actorUserId: actor.id,
			action: 'round.close_extended',
			targetType: 'round',
			targetId: roundId,
			reason,
			details: {
				from: oldClose.toISOString(),
				to: newClose.toISOString(),
				attemptsMoved: moved.length
			}
		});
		return { ok: true as const, attemptsMoved: moved.length };
	});
}
