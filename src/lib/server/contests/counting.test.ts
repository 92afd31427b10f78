import { eq } from 'drizzle-orm';
import { expect, it } from 'vitest';
import { contestRoundResults, contestRounds, type CountingRule } from '../db/schema';
import { describeEachDatabase } from '../testing/databases';
import { computeRoundResults } from './publish';
import { buildContest } from './testing/organize-fixtures';

const MIN = 60_000;

describeEachDatabase('which attempt counts, as the round says', ({ db }) => {
	async function ranked(counting: CountingRule) {
		const now = new Date();
		const f = await buildContest(db(), now);
		const start = now.getTime() - 50 * MIN;
		const [round] = await db()
			.update(contestRounds)
			.set({ counting, attemptsAllowed: 3, closesAt: new Date(now.getTime() - MIN) })
			.where(eq(contestRounds.id, f.round.id))
			.returning();
		const c = await f.register(f.cellA, 'Nguyễn Văn An');
		// Equal correct answers: the first slower and earlier, the second faster and later.
		const slowEarly = await f.attempt(c.user.id, {
			startedAt: new Date(start),
			finishedAt: new Date(start + 10 * MIN),
			score: 20
		});
		const fastLate = await f.attempt(c.user.id, {
			startedAt: new Date(start + 20 * MIN),
			finishedAt: new Date(start + 25 * MIN),
			score: 20
		});
		await f.attempt(c.user.id, {
			startedAt: new Date(start + 30 * MIN),
			finishedAt: new Date(start + 31 * MIN),
			score: 19
		});
		const result = await computeRoundResults(db(), round, { actorUserId: c.user.id, now });
		expect(result.ok).toBe(true);
		const [row] = await db()
			.select()
			.from(contestRoundResults)
			.where(eq(contestRoundResults.roundId, round.id));
		return { row, slowEarly, fastLate };
	}

	it('best then earliest (default): the fastest of the most correct', async () => {
		const { row, fastLate } = await ranked('best_then_earliest');
		expect(row.attemptId).toBe(fastLate.id);
		expect(row.timeTakenMs).toBe(5 * MIN);
	});

	it('most correct then earliest: time taken does not matter', async () => {
		const { row, slowEarly } = await ranked('correct_then_earliest');
		expect(row.attemptId).toBe(slowEarly.id);
		expect(row.timeTakenMs).toBe(10 * MIN);
	});
});
