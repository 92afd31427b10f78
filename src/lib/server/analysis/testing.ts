import { randomUUID } from 'node:crypto';
import type { DbOrTx } from '../db/client';
import { attemptQuestions, attempts, type QuestionKind } from '../db/schema';
import { defaultQuiz } from '../quiz/testing/fixtures';

/** One stored answer, as the quiz engine leaves it once an attempt is finished. */
export type StoredAnswer = {
	key: string;
	version: number;
	kind?: QuestionKind;
	optionOrder: string[];
	selected: number[] | null;
	points: number;
};

/**
 * Finished attempts written straight into the tables (tests only): one per entry, numbered per
 * user and subject in the order given. Returns the attempt ids in the same order.
 */
export async function writeFinishedAttempts(
	db: DbOrTx,
	target: { moduleId: string } | { roundId: number },
	sittings: { userId: number; answers: StoredAnswer[]; finishedAt?: Date }[]
): Promise<string[]> {
	const subject = 'moduleId' in target ? `module:${target.moduleId}` : `round:${target.roundId}`;
	const numbers = new Map<number, number>();
	const ids: string[] = [];
	for (const s of sittings) {
		const attemptNo = (numbers.get(s.userId) ?? 0) + 1;
		numbers.set(s.userId, attemptNo);
		const id = randomUUID();
		ids.push(id);
		const at = s.finishedAt ?? new Date('2026-12-01T03:00:00Z');
		const score = s.answers.reduce((sum, a) => sum + a.points, 0);
		await db.insert(attempts).values({
			id,
			userId: s.userId,
			kind: 'moduleId' in target ? 'practice' : 'contest',
			subject,
			attemptNo,
			moduleId: 'moduleId' in target ? target.moduleId : null,
			roundId: 'roundId' in target ? target.roundId : null,
			config: defaultQuiz,
			seed: id,
			status: 'finished',
			startedAt: new Date(at.getTime() - 600_000),
			deadline: at,
			finishedAt: at,
			finishReason: 'submitted',
			score,
			maxScore: s.answers.length,
			passed: score * 100 >= s.answers.length * defaultQuiz.passPercent
		});
		await db.insert(attemptQuestions).values(
			s.answers.map((a, i) => ({
				attemptId: id,
				position: i + 1,
				questionKey: a.key,
				questionVersion: a.version,
				kind: a.kind ?? 'single',
				optionOrder: a.optionOrder,
				selected: a.selected,
				points: a.points
			}))
		);
	}
	return ids;
}
