import { asc, eq } from 'drizzle-orm';
import type { Db, DbOrTx } from '../db/client';
import {
	contestRoundResults,
	contestRounds,
	judgedRounds,
	judgePanel,
	judgeScores,
	orgUnits,
	people,
	users,
	type ContestRound
} from '../db/schema';
import { recordContestAudit } from '../contests/audit';
import { rankScores } from '../contests/overall';
import { conflicted, roundCandidates } from './candidates';
import { roundRubric } from './rubric';
import { disagrees, roundScore, rubricMax, spread } from './scoring-rules';
import { judgedSettings } from './settings';

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
