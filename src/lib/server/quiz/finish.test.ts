import { randomBytes } from 'node:crypto';
import { and, asc, eq, inArray } from 'drizzle-orm';
import fc from 'fast-check';
import { expect, it } from 'vitest';
import type { Db } from '../db/client';
import {
	attemptQuestions,
	attempts,
	reviewCards,
	type QuestionKind,
	type QuizConfig
} from '../db/schema';
import { describeEachDatabase } from '../testing/databases';
import { nextCardState } from './deck';
import { finishAttempt, finishOverdueAttempts } from './finish';
import { isMistake, scoreAnswer, summarizeScore } from './scoring';
import {
	createQuizModule,
	createQuizUser,
	defaultQuiz,
	type FixtureQuestion
} from './testing/fixtures';

/**
 * The finish scores in SQL, set-based; `scoreAnswer`, `summarizeScore` and `nextCardState` are
 * the rules written in TypeScript. On random attempts both must agree on every question's
 * points, the total, pass/fail and the review deck afterwards.
 */

const OPTION_IDS = 'abcdefgh'.split('');

const questionArb = fc
	.record({
		kind: fc.constantFrom<QuestionKind>('single', 'multiple', 'true_false'),
		options: fc.integer({ min: 2, max: 8 }),
		topic: fc.constantFrom('t1', 't2', 't3'),
		rightMask: fc.integer({ min: 0, max: 255 }),
		shuffle: fc.integer({ min: 0, max: 10_000 }),
		// What the learner chose: positions as shown, possibly none, repeated or out of range.
		selected: fc.option(fc.array(fc.integer({ min: 0, max: 9 }), { maxLength: 6 }), {
			nil: null
		}),
		card: fc.option(
			fc.record({
				box: fc.integer({ min: 1, max: 5 }),
				lapses: fc.integer({ min: 0, max: 5 }),
				mastered: fc.boolean()
			}),
			{ nil: null }
		)
	})
	.map((q) => {
		const n = q.kind === 'true_false' ? 2 : q.options;
		const ids = OPTION_IDS.slice(0, n);
		let right = ids.filter((_, i) => q.rightMask & (1 << i));
		if (q.kind !== 'multiple') right = right.slice(0, 1);
		// Mostly a real key; sometimes an empty one (scores 0 whatever is chosen).
		if (right.length === 0 && q.rightMask % 5 !== 0) right = [ids[q.rightMask % n]];
		const order = [...ids].sort(
			(a, b) => ((a.charCodeAt(0) * q.shuffle) % 97) - ((b.charCodeAt(0) * q.shuffle) % 97)
		);
		return { ...q, ids, right, order };
	});

const attemptArb = fc.record({
	kind: fc.constantFrom<'practice' | 'review' | 'contest'>('practice', 'review', 'contest'),
	multipleScoring: fc.constantFrom<QuizConfig['multipleScoring']>('all_or_nothing', 'partial'),
	passPercent: fc.integer({ min: 0, max: 100 }),
	submitted: fc.boolean(),
	questions: fc.array(questionArb, { minLength: 1, maxLength: 8 })
});

type AttemptCase = typeof attemptArb extends fc.Arbitrary<infer T> ? T : never;

const uid = () => randomBytes(4).toString('hex');

/** Writes the case straight into the tables: bank, attempt, its answers and the learner's deck. */
async function writeCase(db: Db, c: AttemptCase, now: Date) {
	const prefix = `p${uid()}`;
	const bank: FixtureQuestion[] = c.questions.map((q, i) => ({
		key: `${prefix}-q${i}`,
		kind: q.kind,
		topic: q.topic,
		difficulty: 1,
		stem: `Câu ${i}`,
		options: q.ids.map((id) => ({ id, text: { vi: id } })),
		correct: q.right,
		explanation: '',
		sources: []
	}));
	const config: QuizConfig = {
		...defaultQuiz,
		questionCount: bank.length,
		passPercent: c.passPercent,
		multipleScoring: c.multipleScoring
	};
	const { module } = await createQuizModule(db, { questions: bank, quiz: config });
	const user = await createQuizUser(db, 'pc');
	const deadline = new Date(now.getTime() + (c.submitted ? 60_000 : -60_000));
	const [attempt] = await db
		.insert(attempts)
		.values({
			userId: user.id,
			kind: c.kind,
			subject: c.kind === 'review' ? 'review' : `module:${module.id}`,
			attemptNo: 1,
			moduleId: c.kind === 'review' ? null : module.id,
			config,
			seed: 'property',
			startedAt: new Date(now.getTime() - 600_000),
			deadline
		})
		.returning({ id: attempts.id });
	await db.insert(attemptQuestions).values(
		c.questions.map((q, i) => ({
			attemptId: attempt.id,
			position: i + 1,
			questionKey: bank[i].key,
			questionVersion: 1,
			kind: q.kind,
			optionOrder: q.order,
			selected: q.selected,
			seq: q.selected ? 1 : 0
		}))
	);
	const cards = c.questions.flatMap((q, i) =>
		q.card
			? [
					{
						userId: user.id,
						questionKey: bank[i].key,
						moduleId: module.id,
						box: q.card.box,
						dueAt: new Date(now.getTime() - 3_600_000),
						lapses: q.card.lapses,
						masteredAt: q.card.mastered ? new Date(now.getTime() - 7_200_000) : null,
						updatedAt: new Date(now.getTime() - 3_600_000)
					}
				]
			: []
	);
	if (cards.length > 0) await db.insert(reviewCards).values(cards);
	return { attemptId: attempt.id, userId: user.id, bank, moduleId: module.id, deadline, cards };
}

/** What the TypeScript rules say the finish must store. */
function expected(c: AttemptCase, written: Awaited<ReturnType<typeof writeCase>>, now: Date) {
	const points = c.questions.map((q) =>
		scoreAnswer(
			{ kind: q.kind, optionOrder: q.order, selected: q.selected, correct: q.right },
			c.multipleScoring
		)
	);
	const summary = summarizeScore(
		c.questions.map((q, i) => ({ topic: q.topic, points: points[i] })),
		c.passPercent
	);
	const before = new Map(written.cards.map((card) => [card.questionKey, card]));
	const cards = new Map<string, ReturnType<typeof nextCardState>>();
	for (const [i, q] of c.questions.entries()) {
		const key = written.bank[i].key;
		const card = before.get(key) ?? null;
		const next =
			c.kind === 'contest'
				? null
				: nextCardState(
						card,
						{ mistake: isMistake(points[i]), source: c.kind === 'review' ? 'review' : 'practice' },
						now
					);
		cards.set(key, next ?? (card && { ...card, dueAt: card.dueAt, masteredAt: card.masteredAt }));
		void q;
	}
	return { points, summary, cards };
}

describeEachDatabase('finishing in SQL', ({ db }) => {
	it('scores, totals, pass/fail and the review deck equal the TypeScript rules on random attempts', async () => {
		await fc.assert(
			fc.asyncProperty(attemptArb, async (c) => {
				const now = new Date(Date.UTC(2026, 11, 7, 6, 0, 0, 123));
				const written = await writeCase(db(), c, now);
				const want = expected(c, written, now);
				const outcome = c.submitted
					? await finishAttempt(db(), written.attemptId, { now, userId: written.userId })
					: (await finishOverdueAttempts(db(), { now, graceMs: 0, batchSize: 500 })) >= 1
						? 'finished'
						: 'none';
				expect(outcome).toBe('finished');

				const [row] = await db().select().from(attempts).where(eq(attempts.id, written.attemptId));
				expect(row.status).toBe('finished');
				expect(row.finishReason).toBe(c.submitted ? 'submitted' : 'deadline');
				expect(row.finishedAt).toEqual(c.submitted ? now : written.deadline);
				expect(row.score).toBeCloseTo(want.summary.score, 4);
				expect(row.maxScore).toBe(want.summary.maxScore);
				expect(row.passed).toBe(want.summary.passed);

				const rows = await db()
					.select({ position: attemptQuestions.position, points: attemptQuestions.points })
					.from(attemptQuestions)
					.where(eq(attemptQuestions.attemptId, written.attemptId))
					.orderBy(asc(attemptQuestions.position));
				expect(rows.map((r) => r.points)).toEqual(want.points);

				const cards = await db()
					.select()
					.from(reviewCards)
					.where(
						and(
							eq(reviewCards.userId, written.userId),
							inArray(
								reviewCards.questionKey,
								written.bank.map((q) => q.key)
							)
						)
					);
				const got = new Map(cards.map((card) => [card.questionKey, card]));
				for (const [key, card] of want.cards) {
					const stored = got.get(key);
					if (!card) {
						expect(stored, key).toBeUndefined();
						continue;
					}
					expect(stored, key).toBeDefined();
					expect({
						box: stored!.box,
						dueAt: stored!.dueAt,
						lapses: stored!.lapses,
						masteredAt: stored!.masteredAt
					}).toEqual({
						box: card.box,
						dueAt: card.dueAt,
						lapses: card.lapses,
						masteredAt: card.masteredAt
					});
				}
				// Finishing again changes nothing.
				expect(await finishAttempt(db(), written.attemptId, { now })).toBe('already_finished');
			}),
			{ numRuns: 40 }
		);
	}, 240_000);
});
