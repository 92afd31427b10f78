import { asc, count, eq } from 'drizzle-orm';
import type { Db, DbOrTx } from '../db/client';
import { contestRounds, judgeScores, rubricCriteria, type ContestRound } from '../db/schema';
import { recordContestAudit } from '../contests/audit';
import {
	rubricMax,
	rubricProblems,
	type CriterionInput,
	type RubricProblem
} from './scoring-rules';
import { judgedSettings } from './settings';

export async function roundRubric(db: DbOrTx, roundId: number) {
	return db
		.select()
		.from(rubricCriteria)
		.where(eq(rubricCriteria.roundId, roundId))
		.orderBy(asc(rubricCriteria.sortOrder));
}

/**
 * Replaces the round's rubric; the round's maximum becomes the sum of the criteria's maxima.
 * Refused once a judge has scored (sheets refer to the criteria) or the scores are locked.
 */
export async function saveRubric(
	db: Db,
	actorUserId: number,
	round: ContestRound,
	criteria: CriterionInput[]
): Promise<
	| { ok: true; maxScore: number }
	| { ok: false; error: 'invalid'; problems: RubricProblem[] }
	| { ok: false; error: 'scored' | 'locked' }
> {
	const problems = rubricProblems(criteria);
	if (problems.length) return { ok: false, error: 'invalid', problems };
	return db.transaction(async (tx) => {
		const settings = await judgedSettings(tx, round.id);
		if (settings.lockedAt) return { ok: false as const, error: 'locked' as const };
		const [{ n }] = await tx
			.select({ n: count() })
			.from(judgeScores)
			.where(eq(judgeScores.roundId, round.id));
		if (n > 0) return { ok: false as const, error: 'scored' as const };
		await tx.delete(rubricCriteria).where(eq(rubricCriteria.roundId, round.id));
		await tx.insert(rubricCriteria).values(
			criteria.map((c, i) => ({
				roundId: round.id,
				sortOrder: i + 1,
				name: c.name.trim(),
				maxPoints: c.maxPoints,
				descriptors: c.descriptors
			}))
		);
		const maxScore = rubricMax(criteria);
		await tx
			.update(contestRounds)
			.set({ maxScore, updatedAt: new Date() })
			.where(eq(contestRounds.id, round.id));
		await recordContestAudit(tx, {
			contestId: round.contestId,
			actorUserId,
			action: 'judging.rubric_saved',
			targetType: 'round',
			targetId: round.id,
			details: { criteria: criteria.map((c) => ({ name: c.name, maxPoints: c.maxPoints })) }
		});
		return { ok: true as const, maxScore };
	});
}
