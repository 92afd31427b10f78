import { eq } from 'drizzle-orm';
import fc from 'fast-check';
import { expect, it } from 'vitest';
import { contestLevels, contestRoundResults, contestRounds, type CountingRule } from '../db/schema';
import { describeEachDatabase } from '../testing/databases';
import { computeRoundResults } from './publish';
import {
	bestAttemptRule,
	countingAttempt,
	predictionDistance,
	rankEntries,
	type AttemptOutcome,
	type RankKey
} from './ranking';
import { buildContest } from './testing/organize-fixtures';

const MAX = 30;

/** Few distinct values, so ties on every key (and full scores) are common. */
const attemptArb = fc.record({
	score: fc.constantFrom(28, 29, 29.5, 30),
	startMs: fc.constantFrom(0, 1, 60_000),
	takenMs: fc.constantFrom(59_999, 60_000, 60_001, 120_000),
	prediction: fc.option(fc.constantFrom(0, 2, 4, 6), { nil: undefined })
});
const roundArb = fc.record({
	candidates: fc.array(fc.array(attemptArb, { maxLength: 3 }), { minLength: 1, maxLength: 10 }),
	counting: fc.constantFrom<CountingRule>('best_then_earliest', 'correct_then_earliest'),
	tail: fc.shuffledSubarray<RankKey>(['time_asc', 'prediction_asc', 'submitted_asc']),
	predictionActual: fc.option(fc.constantFrom(1, 3, 5), { nil: null }),
	predictionQuestion: fc.boolean()
});

describeEachDatabase('the ranking statement equals the ranking rules', ({ db }) => {
	it('ranks random rounds as countingAttempt and rankEntries do', async () => {
		await fc.assert(
			fc.asyncProperty(roundArb, async (spec) => {
				const now = new Date();
				const f = await buildContest(db(), now);
				const rankOrder: RankKey[] = ['correct_desc', ...spec.tail];
				const [round] = await db()
					.update(contestRounds)
					.set({
						counting: spec.counting,
						rankOrder,
						attemptsAllowed: 3,
						predictionActual: spec.predictionActual,
						predictionQuestion: spec.predictionQuestion ? 'Bao nhiêu người đúng hết?' : null,
						closesAt: new Date(now.getTime() - 1000)
					})
					.where(eq(contestRounds.id, f.round.id))
					.returning();
				const base = now.getTime() - 3_600_000;
				let actor = 0;
				const entries: { registrationId: number; attempts: (AttemptOutcome & { p?: number })[] }[] =
					[];
				for (const [i, list] of spec.candidates.entries()) {
					const c = await f.register(f.cellA, `Thí sinh ${i}`);
					actor ||= c.user.id;
					const outcomes = [];
					for (const a of list) {
						const startedAt = new Date(base + a.startMs);
						const finishedAt = new Date(base + a.startMs + a.takenMs);
						const row = await f.attempt(c.user.id, {
							startedAt,
							finishedAt,
							score: a.score,
							prediction: a.prediction
						});
						outcomes.push({
							attemptId: row.id,
							correct: a.score,
							timeTakenMs: a.takenMs,
							submittedAt: finishedAt,
							p: a.prediction
						});
					}
					entries.push({ registrationId: c.registration.id, attempts: outcomes });
				}
				// The rules in TypeScript.
				const rule = bestAttemptRule(spec.counting);
				const counting = entries
					.map((e) => ({ ...e, best: countingAttempt(e.attempts, rule) as (typeof e.attempts)[0] }))
					.filter((e) => e.best);
				const actual = spec.predictionQuestion
					? (spec.predictionActual ?? counting.filter((e) => e.best.correct >= MAX).length)
					: null;
				const expected = rankEntries(
					counting.map((e) => ({
						candidateId: String(e.registrationId),
						unitId: '1',
						correct: e.best.correct,
						timeTakenMs: e.best.timeTakenMs,
						predictionDistance: actual === null ? null : predictionDistance(e.best.p, actual),
						submittedAt: e.best.submittedAt,
						attemptId: e.best.attemptId
					})),
					rankOrder
				);

				const result = await computeRoundResults(db(), round, { actorUserId: actor, now });
				expect(result).toMatchObject({
					ok: true,
					ranked: expected.length,
					predictionActual: actual
				});
				const rows = await db()
					.select()
					.from(contestRoundResults)
					.where(eq(contestRoundResults.roundId, round.id));
				const got = new Map(rows.map((r) => [String(r.registrationId), r]));
				expect(rows).toHaveLength(expected.length);
				for (const e of expected) {
					expect(got.get(e.candidateId)).toMatchObject({
						attemptId: e.attemptId,
						rank: e.rank,
						score: e.correct,
						correct: Math.floor(e.correct),
						timeTakenMs: e.timeTakenMs,
						submittedAt: e.submittedAt
					});
				}
			}),
			{ numRuns: 15 }
		);
	}, 120_000);

	it('at a level run per unit, ranks each commune or ward on its own', async () => {
		const now = new Date();
		const f = await buildContest(db(), now);
		await db()
			.update(contestLevels)
			.set({ unitKind: 'commune' })
			.where(eq(contestLevels.id, f.round.levelId));
		const [round] = await db()
			.update(contestRounds)
			.set({ closesAt: new Date(now.getTime() - 1000) })
			.where(eq(contestRounds.id, f.round.id))
			.returning();
		const base = now.getTime() - 3_600_000;
		const sit = async (cell: typeof f.cellA, name: string, score: number) => {
			const c = await f.register(cell, name);
			await f.attempt(c.user.id, {
				startedAt: new Date(base),
				finishedAt: new Date(base + 60_000),
				score
			});
			return c;
		};
		const a1 = await sit(f.cellA, 'Xã A nhất', 30);
		const a2 = await sit(f.cellA, 'Xã A nhì', 29);
		const b1 = await sit(f.cellB, 'Phường B nhất', 28);
		const b2 = await sit(f.cellB, 'Phường B nhì', 20);
		const result = await computeRoundResults(db(), round, { actorUserId: a1.user.id, now });
		expect(result).toMatchObject({ ok: true, ranked: 4 });
		const rows = await db()
			.select()
			.from(contestRoundResults)
			.where(eq(contestRoundResults.roundId, round.id));
		const rankOf = (c: typeof a1) => rows.find((r) => r.registrationId === c.registration.id)?.rank;
		expect([rankOf(a1), rankOf(a2), rankOf(b1), rankOf(b2)]).toEqual([1, 2, 1, 2]);
	});
});
