import { expect, it } from 'vitest';
import {
	insertQuestions,
	createQuizModule,
	createQuizUser,
	type FixtureQuestion
} from '../quiz/testing/fixtures';
import { describeEachDatabase } from '../testing/databases';
import { analyse } from './item-analysis';
import { aggregateResponses, reliability, type Response } from './statistics';
import { writeFinishedAttempts, type StoredAnswer } from './testing';

const letters = ['a', 'b', 'c', 'd'];
const singleQuestions = (prefix: string, n: number, key = 'b'): FixtureQuestion[] =>
	Array.from({ length: n }, (_, i) => ({
		key: `${prefix}-q${i + 1}`,
		kind: 'single',
		topic: `t${(i % 2) + 1}`,
		difficulty: 2,
		stem: `Câu ${i + 1}`,
		options: letters.map((id) => ({ id, text: { vi: `Phương án ${id}` } })),
		correct: [key],
		explanation: 'Giải thích',
		sources: []
	}));

function seeded(seed: number) {
	let a = seed >>> 0;
	return () => {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

describeEachDatabase('item analysis in SQL', ({ db }) => {
	it('matches the reference statistics on the same answers (shuffled option orders)', async () => {
		const { module, questions } = await createQuizModule(db(), {
			questions: singleQuestions(`ia${Date.now().toString(36)}`, 6)
		});
		const random = seeded(7);
		const sittings: { userId: number; answers: StoredAnswer[] }[] = [];
		for (let c = 0; c < 40; c++) {
			const user = await createQuizUser(db());
			const ability = random();
			sittings.push({
				userId: user.id,
				answers: questions.map((q, i) => {
					// Each candidate saw the options in their own order; `selected` is a position in it.
					const order = [...letters].sort(() => random() - 0.5);
					const right = random() < ability * (1 - i * 0.1) + 0.1;
					const pick = right ? 'b' : ['a', 'c', 'd'][Math.floor(random() * (i === 5 ? 1 : 3))];
					const skipped = c === 3 && i === 2;
					// Some answers carry two picks: counted per option, but once in the item's figures.
					const second = i === 1 && c % 4 === 0 ? [order.indexOf(pick === 'c' ? 'd' : 'c')] : [];
					return {
						key: q.key,
						version: 1,
						optionOrder: order,
						selected: skipped ? null : [order.indexOf(pick), ...second],
						points: !skipped && pick === 'b' ? 1 : 0
					};
				})
			});
		}
		// A second attempt of the first candidate, all wrong: not analysed (first attempts only).
		sittings.push({
			userId: sittings[0].userId,
			answers: sittings[0].answers.map((a) => ({
				...a,
				selected: [a.optionOrder.indexOf('a')],
				points: 0
			}))
		});
		const ids = await writeFinishedAttempts(db(), { moduleId: module.id }, sittings);

		const responses: Response[] = sittings.slice(0, 40).flatMap((s, c) =>
			s.answers.map((a) => ({
				candidate: ids[c],
				item: `${a.key}@1`,
				score: a.points,
				chosen: (a.selected ?? []).map((i) => a.optionOrder[i])
			}))
		);
		const expected = aggregateResponses(responses);
		const got = await analyse(db(), { kind: 'module', moduleId: module.id });

		expect(got.test.n).toBe(40);
		expect(got.test.mean).toBeCloseTo(expected.test.mean, 9);
		expect(got.test.sd).toBeCloseTo(expected.test.sd, 9);
		expect(got.test.alpha!).toBeCloseTo(reliability(expected.test, expected.items)!, 9);
		expect(got.questions).toHaveLength(6);
		for (const q of got.questions) {
			const e = expected.items.find((i) => i.item === q.item)!;
			expect(q.n).toBe(e.n);
			expect(q.facility).toBeCloseTo(e.facility, 9);
			expect(q.restCorrelation!).toBeCloseTo(e.restCorrelation!, 9);
			expect(q.upperFacility!).toBeCloseTo(e.upperFacility!, 9);
			expect(q.lowerFacility!).toBeCloseTo(e.lowerFacility!, 9);
			expect(q.optionCounts).toEqual(e.optionCounts);
			expect(q.choices.filter((c) => c.isKey).map((c) => c.id)).toEqual(['b']);
		}
		// Question 6's wrong answers all went to 'a': 'c' and 'd' are distractors nobody picks.
		const sixth = got.questions.find((q) => q.key.endsWith('-q6'))!;
		expect(sixth.flags).toContainEqual({ reason: 'unused_distractor', option: 'c' });
		expect(sixth.flags).toContainEqual({ reason: 'unused_distractor', option: 'd' });
	});

	it('scores each candidate against the question version they saw', async () => {
		const prefix = `iv${Date.now().toString(36)}`;
		const { module, questions } = await createQuizModule(db(), {
			questions: singleQuestions(prefix, 3)
		});
		// The key of question 1 was corrected in version 2: 'b' → 'c'.
		await insertQuestions(db(), module.id, singleQuestions(prefix, 1, 'c'), 2);
		const sittings: { userId: number; answers: StoredAnswer[] }[] = [];
		for (let c = 0; c < 24; c++) {
			const user = await createQuizUser(db());
			const newer = c % 2 === 1;
			const strong = c % 4 < 2;
			sittings.push({
				userId: user.id,
				answers: questions.map((q, i) => {
					if (i === 0) {
						// Everyone who saw a version picked that version's key.
						const pick = newer ? 'c' : 'b';
						return {
							key: q.key,
							version: newer ? 2 : 1,
							optionOrder: letters,
							selected: [letters.indexOf(pick)],
							points: 1
						};
					}
					const pick = strong ? 'b' : 'd';
					return {
						key: q.key,
						version: 1,
						optionOrder: letters,
						selected: [letters.indexOf(pick)],
						points: strong ? 1 : 0
					};
				})
			});
		}
		await writeFinishedAttempts(db(), { moduleId: module.id }, sittings);
		const got = await analyse(db(), { kind: 'module', moduleId: module.id });
		const first = got.questions.filter((q) => q.key === questions[0].key);
		expect(first.map((q) => [q.version, q.n, q.facility])).toEqual([
			[1, 12, 1],
			[2, 12, 1]
		]);
		expect(first[0].choices.find((c) => c.isKey)?.id).toBe('b');
		expect(first[1].choices.find((c) => c.isKey)?.id).toBe('c');
		expect(first[0].optionCounts).toEqual({
			b: { all: 12, upper: expect.any(Number), lower: expect.any(Number) }
		});
		expect(first[1].optionCounts.c.all).toBe(12);
		// Read against its own key, neither version looks like a wrong key.
		for (const q of first) expect(q.flags.map((f) => f.reason)).not.toContain('likely_wrong_key');
	});
});
