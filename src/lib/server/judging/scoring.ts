import { and, asc, eq, isNull } from 'drizzle-orm';
import type { SessionUser } from '../auth/session';
import type { Db, DbOrTx } from '../db/client';
import {
	contestRegistrations,
	contestRoundResults,
	contestRounds,
	contests,
	judgedRounds,
	judgePanel,
	judgeScoreChanges,
	judgeScores,
	orgUnits,
	people,
	users,
	type ContestRound,
	type JudgedRound
} from '../db/schema';
import { recordContestAudit } from '../contests/audit';
import { rankScores } from '../contests/overall';
import { judgedSettings, judgeGrantFits, roundRubric } from './setup';
import {
	checkSheet,
	COMMENT_MAX_LENGTH,
	disagrees,
	roundScore,
	rubricMax,
	spread
} from './scoring-rules';

/*
 * Judges' scores. A judge reaches a round only through their seat: on the round's panel and
 * holding the judge role in the contest's scope; anyone else gets null (the route answers 404).
 * Until the organizer locks the round a judge sees their own sheets only; essays are shown by
 * candidate code until then. A sheet can be corrected until lock; every version is kept.
 */

export type Seat = {
	user: SessionUser;
	round: ContestRound;
	contest: { id: number; name: string; path: string };
	settings: JudgedRound;
	allowOwnUnit: boolean;
};

export async function judgeSeat(
	db: DbOrTx,
	user: SessionUser,
	roundId: number
): Promise<Seat | null> {
	if (!Number.isSafeInteger(roundId)) return null;
	const [row] = await db
		.select({
			round: contestRounds,
			contest: { id: contests.id, name: contests.name, status: contests.status },
			path: orgUnits.path,
			allowOwnUnit: judgePanel.allowOwnUnit
		})
		.from(judgePanel)
		.innerJoin(contestRounds, eq(contestRounds.id, judgePanel.roundId))
		.innerJoin(contests, eq(contests.id, contestRounds.contestId))
		.innerJoin(orgUnits, eq(orgUnits.id, contests.orgUnitId))
		.where(and(eq(judgePanel.roundId, roundId), eq(judgePanel.userId, user.id)));
	if (!row || row.round.kind === 'online' || row.contest.status === 'draft') return null;
	// The judge role in the contest's scope, still held (a revoked role closes the seat).
	const stillJudge = user.grants.some(
		(g) => (g.role === 'judge' || g.role === 'admin') && judgeGrantFits(g.path, row.path)
	);
	if (!stillJudge) return null;
	return {
		user,
		round: row.round,
		contest: { id: row.contest.id, name: row.contest.name, path: row.path },
		settings: await judgedSettings(db, roundId),
		allowOwnUnit: row.allowOwnUnit
	};
}

/** The judged rounds whose panel the user sits on (the judge's start page). */
export async function mySeats(db: DbOrTx, user: SessionUser) {
	const rows = await db
		.select({
			roundId: contestRounds.id,
			roundName: contestRounds.name,
			kind: contestRounds.kind,
			contestName: contests.name,
			contestStatus: contests.status,
			path: orgUnits.path,
			lockedAt: judgedRounds.lockedAt
		})
		.from(judgePanel)
		.innerJoin(contestRounds, eq(contestRounds.id, judgePanel.roundId))
		.innerJoin(contests, eq(contests.id, contestRounds.contestId))
		.innerJoin(orgUnits, eq(orgUnits.id, contests.orgUnitId))
		.leftJoin(judgedRounds, eq(judgedRounds.roundId, contestRounds.id))
		.where(eq(judgePanel.userId, user.id))
		.orderBy(asc(contestRounds.id));
	return rows.filter(
		(r) =>
			r.contestStatus !== 'draft' &&
			user.grants.some(
				(g) => (g.role === 'judge' || g.role === 'admin') && judgeGrantFits(g.path, r.path)
			)
	);
}

/**
 * A judge may not score a candidate of their own unit: the candidate's unit lies in the subtree
 * of the judge's unit (their person record's unit), when that unit is below the contest's
 * organizing unit (a judge of the organizing committee itself is nobody's "own unit"). The
 * organizer may allow it for one judge.
 */
export function conflicted(
	judgeUnitPath: string | null,
	candidateUnitPath: string,
	contestPath: string,
	allowOwnUnit: boolean
): boolean {
	if (allowOwnUnit || !judgeUnitPath) return false;
	if (contestPath.startsWith(judgeUnitPath)) return false;
	return candidateUnitPath.startsWith(judgeUnitPath);
}

/** The round's candidates (registered in its level, not withdrawn), in registration order. */
export async function roundCandidates(db: DbOrTx, round: Pick<ContestRound, 'levelId'>) {
	return db
		.select({
			registrationId: contestRegistrations.id,
			code: contestRegistrations.candidateCode,
			name: users.displayName,
			unitName: orgUnits.name,
			unitPath: orgUnits.path
		})
		.from(contestRegistrations)
		.innerJoin(users, eq(users.id, contestRegistrations.userId))
		.innerJoin(orgUnits, eq(orgUnits.id, contestRegistrations.orgUnitId))
		.where(
			and(eq(contestRegistrations.levelId, round.levelId), isNull(contestRegistrations.withdrawnAt))
		)
		.orderBy(asc(contestRegistrations.id));
}

/** Essays are judged by candidate code until the scores are locked. */
export const anonymised = (
	round: Pick<ContestRound, 'kind'>,
	settings: Pick<JudgedRound, 'lockedAt'>
) => round.kind === 'essay' && !settings.lockedAt;

/** What a judge's scoring page shows: the rubric, the candidates, their own sheets (others' after lock). */
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
			const mine = sheets.find(
				(s) => s.registrationId === c.registrationId && s.judgeUserId === seat.user.id
			);
			return {
				registrationId: c.registrationId,
				code: c.code,
				name: hide ? null : c.name,
				unitName: hide ? null : c.unitName,
				conflict: conflicted(seat.user.orgPath, c.unitPath, seat.contest.path, seat.allowOwnUnit),
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

/**
 * The organizer's view before (and after) locking: per candidate the judges' totals, who has not
 * scored yet (conflicted judges excepted), the round score by the round's aggregation, the spread
 * and whether the judges disagree beyond the threshold.
 */
export async function roundSummary(db: DbOrTx, round: ContestRound, contestPath: string) {
	const settings = await judgedSettings(db, round.id);
	const candidates = await roundCandidates(db, round);
	const panel = await db
		.select({
			userId: judgePanel.userId,
			name: users.displayName,
			allowOwnUnit: judgePanel.allowOwnUnit,
			unitPath: orgUnits.path
		})
		.from(judgePanel)
		.innerJoin(users, eq(users.id, judgePanel.userId))
		.leftJoin(people, eq(people.id, users.personId))
		.leftJoin(orgUnits, eq(orgUnits.id, people.orgUnitId))
		.where(eq(judgePanel.roundId, round.id))
		.orderBy(asc(users.username));
	const sheets = await db.select().from(judgeScores).where(eq(judgeScores.roundId, round.id));
	const rows = candidates.map((c) => {
		const own = sheets.filter((s) => s.registrationId === c.registrationId);
		const totals = own.map((s) => s.total);
		const waiting = panel.filter(
			(j) =>
				!own.some((s) => s.judgeUserId === j.userId) &&
				!conflicted(j.unitPath, c.unitPath, contestPath, j.allowOwnUnit)
		);
		return {
			registrationId: c.registrationId,
			code: c.code,
			name: c.name,
			unitName: c.unitName,
			sheets: panel.map((j) => {
				const s = own.find((x) => x.judgeUserId === j.userId);
				return {
					judgeUserId: j.userId,
					judge: j.name,
					total: s?.total ?? null,
					revision: s?.revision ?? null,
					comment: s?.comment ?? null,
					conflict: conflicted(j.unitPath, c.unitPath, contestPath, j.allowOwnUnit)
				};
			}),
			waiting: waiting.map((j) => j.name),
			score: roundScore(totals, settings.aggregation),
			spread: spread(totals),
			disagreement: disagrees(totals, settings.disagreementThreshold)
		};
	});
	return { settings, panel, rows, complete: rows.every((r) => r.waiting.length === 0) };
}

/**
 * Locks the round's scores: no sheet can change from here. The round's results are computed
 * (score by the aggregation, out of the rubric's maximum, ranked; candidates without any sheet
 * get no result) and the round counts in the level's overall ranking. Logged.
 */
export async function lockScores(
	db: Db,
	actorUserId: number,
	round: ContestRound,
	contestPath: string,
	now = new Date()
) {
	const summary = await roundSummary(db, round, contestPath);
	const rubric = await roundRubric(db, round.id);
	if (rubric.length === 0) return { ok: false as const, error: 'no_rubric' as const };
	return db.transaction(async (tx) => {
		const [settings] = await tx
			.select()
			.from(judgedRounds)
			.where(eq(judgedRounds.roundId, round.id))
			.for('update');
		if (settings.lockedAt) return { ok: false as const, error: 'already_locked' as const };
		// Read the sheets again inside the lock: nothing can arrive between this read and the lock.
		const sheets = await tx.select().from(judgeScores).where(eq(judgeScores.roundId, round.id));
		const maxScore = rubricMax(rubric);
		const scored = summary.rows
			.map((r) => ({
				registrationId: r.registrationId,
				score: roundScore(
					sheets.filter((s) => s.registrationId === r.registrationId).map((s) => s.total),
					settings.aggregation
				)
			}))
			.filter((r): r is { registrationId: number; score: number } => r.score !== null);
		const ranked = rankScores(scored);
		await tx.delete(contestRoundResults).where(eq(contestRoundResults.roundId, round.id));
		if (ranked.length) {
			await tx.insert(contestRoundResults).values(
				ranked.map((r) => ({
					roundId: round.id,
					registrationId: r.registrationId,
					score: r.score,
					maxScore,
					rank: r.rank,
					published: false,
					computedAt: now
				}))
			);
		}
		await tx
			.update(judgedRounds)
			.set({
				lockedAt: now,
				lockedByUserId: actorUserId,
				stageVersion: settings.stageVersion + 1,
				updatedAt: now
			})
			.where(eq(judgedRounds.roundId, round.id));
		await tx
			.update(contestRounds)
			.set({ maxScore, resultsComputedAt: now, resultsPublishedAt: null, updatedAt: now })
			.where(eq(contestRounds.id, round.id));
		await recordContestAudit(tx, {
			contestId: round.contestId,
			actorUserId,
			action: 'judging.scores_locked',
			targetType: 'round',
			targetId: round.id,
			details: {
				ranked: ranked.length,
				aggregation: settings.aggregation,
				disagreements: summary.rows.filter((r) => r.disagreement).map((r) => r.code)
			}
		});
		return { ok: true as const, ranked: ranked.length };
	});
}
