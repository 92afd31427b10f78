import { and, asc, eq } from 'drizzle-orm';
import type { Db, DbOrTx } from '../db/client';
import { judgedRounds, judgeScoreChanges, judgeScores, users } from '../db/schema';
import { anonymised, conflicted, roundCandidates } from './candidates';
import { roundEssays } from './essays';
import { roundRubric } from './rubric';
import { checkSheet, COMMENT_MAX_LENGTH, rubricMax } from './scoring-rules';
import type { Seat } from './seats';
import { judgedSettings } from './settings';

/*
 * Judges' score sheets. Until the organizer locks the round a judge sees their own sheets only;
 * essays are shown by candidate code until then. A sheet can be corrected until lock; every
 * version is kept.
 */

/**
 * What a judge's scoring page shows: the rubric, the candidates (with their essays in an essay
 * round), their own sheets (others' after lock).
 */
export async function judgeView(db: DbOrTx, seat: Seat) {
	const { round, settings } = seat;
	const rubric = await roundRubric(db, round.id);
	const candidates = await roundCandidates(db, round);
	const locked = settings.lockedAt !== null;
	const sheets = await db
		.select()
		.from(judgeScores)
		.where(
			locked
				? eq(judgeScores.roundId, round.id)
				: and(eq(judgeScores.roundId, round.id), eq(judgeScores.judgeUserId, seat.user.id))
		);
	const hide = anonymised(round, settings);
	const essays = await roundEssays(db, round);
	return {
		round: { id: round.id, name: round.name, kind: round.kind, maxScore: rubricMax(rubric) },
		contest: { id: seat.contest.id, name: seat.contest.name },
		locked,
		anonymised: hide,
		currentRegistrationId: settings.currentRegistrationId,
		rubric: rubric.map((c) => ({
			id: c.id,
			name: c.name,
			maxPoints: c.maxPoints,
			descriptors: c.descriptors
		})),
		candidates: candidates.map((c) => {
			const conflict = conflicted(
				seat.user.orgPath,
				c.unitPath,
				seat.contest.path,
				seat.allowOwnUnit
			);
			const mine = sheets.find(
				(s) => s.registrationId === c.registrationId && s.judgeUserId === seat.user.id
			);
			return {
				registrationId: c.registrationId,
				code: c.code,
				name: hide ? null : c.name,
				unitName: hide ? null : c.unitName,
				conflict,
				// Essay rounds: what the candidate submitted (none yet: empty), shown by code until
				// lock; not to a judge who may not score them (own unit).
				essays: round.kind === 'essay' && !conflict ? (essays.get(c.registrationId) ?? []) : null,
				mine: mine
					? {
							points: mine.points,
							total: mine.total,
							comment: mine.comment,
							revision: mine.revision
						}
					: null,
				// Other judges' totals: only once locked.
				panel: locked
					? sheets
							.filter((s) => s.registrationId === c.registrationId)
							.map((s) => s.total)
							.sort((a, b) => b - a)
					: null
			};
		})
	};
}

export type SubmitInput = {
	registrationId: number;
	points: Record<string, unknown>;
	comment: string;
	clientId?: string | null;
};
export type SubmitError =
	| 'locked'
	| 'not_found'
	| 'conflict'
	| 'no_rubric'
	| 'comment_too_long'
	| 'missing_points'
	| 'points_out_of_range'
	| 'unknown_criterion';

/**
 * Submits or corrects a judge's sheet for one candidate. Serialised with the lock by the round's
 * settings row (FOR UPDATE): a sheet arriving after the lock is refused. A resend of the same
 * submission (same `clientId`, from the phone's offline queue) changes nothing.
 */
export async function submitSheet(
	db: Db,
	seat: Seat,
	input: SubmitInput,
	now = new Date()
): Promise<
	| { ok: true; revision: number; total: number; duplicate: boolean }
	| { ok: false; error: SubmitError }
> {
	if (input.comment.length > COMMENT_MAX_LENGTH) return { ok: false, error: 'comment_too_long' };
	const clientId = input.clientId && /^[\w-]{1,64}$/.test(input.clientId) ? input.clientId : null;
	return db.transaction(async (tx) => {
		await judgedSettings(tx, seat.round.id);
		const [settings] = await tx
			.select()
			.from(judgedRounds)
			.where(eq(judgedRounds.roundId, seat.round.id))
			.for('update');
		if (settings.lockedAt) return { ok: false as const, error: 'locked' as const };
		const candidate = (await roundCandidates(tx, seat.round)).find(
			(c) => c.registrationId === input.registrationId
		);
		if (!candidate) return { ok: false as const, error: 'not_found' as const };
		if (conflicted(seat.user.orgPath, candidate.unitPath, seat.contest.path, seat.allowOwnUnit)) {
			return { ok: false as const, error: 'conflict' as const };
		}
		const rubric = await roundRubric(tx, seat.round.id);
		if (rubric.length === 0) return { ok: false as const, error: 'no_rubric' as const };
		const sheet = checkSheet(rubric, input.points);
		if (!sheet.ok) return sheet;
		const key = and(
			eq(judgeScores.roundId, seat.round.id),
			eq(judgeScores.registrationId, input.registrationId),
			eq(judgeScores.judgeUserId, seat.user.id)
		);
		const [existing] = await tx.select().from(judgeScores).where(key).for('update');
		if (existing && clientId && existing.clientId === clientId) {
			return {
				ok: true as const,
				revision: existing.revision,
				total: existing.total,
				duplicate: true
			};
		}
		const revision = existing ? existing.revision + 1 : 1;
		const comment = input.comment.trim();
		if (existing) {
			await tx
				.update(judgeScores)
				.set({
					points: sheet.points,
					total: sheet.total,
					comment,
					revision,
					clientId,
					updatedAt: now
				})
				.where(key);
		} else {
			await tx.insert(judgeScores).values({
				roundId: seat.round.id,
				registrationId: input.registrationId,
				judgeUserId: seat.user.id,
				points: sheet.points,
				total: sheet.total,
				comment,
				revision,
				clientId,
				submittedAt: now,
				updatedAt: now
			});
		}
		await tx.insert(judgeScoreChanges).values({
			roundId: seat.round.id,
			registrationId: input.registrationId,
			judgeUserId: seat.user.id,
			revision,
			points: sheet.points,
			total: sheet.total,
			comment,
			at: now
		});
		// The projector's stream notices new scores by the stage version.
		await tx
			.update(judgedRounds)
			.set({ stageVersion: settings.stageVersion + 1, updatedAt: now })
			.where(eq(judgedRounds.roundId, seat.round.id));
		return { ok: true as const, revision, total: sheet.total, duplicate: false };
	});
}

/** Every version of the round's sheets, oldest first (the organizer's audit of scores). */
export async function scoreChanges(db: DbOrTx, roundId: number) {
	return db
		.select({
			id: judgeScoreChanges.id,
			registrationId: judgeScoreChanges.registrationId,
			judge: users.displayName,
			revision: judgeScoreChanges.revision,
			total: judgeScoreChanges.total,
			at: judgeScoreChanges.at
		})
		.from(judgeScoreChanges)
		.innerJoin(users, eq(users.id, judgeScoreChanges.judgeUserId))
		.where(eq(judgeScoreChanges.roundId, roundId))
		.orderBy(asc(judgeScoreChanges.id));
}
