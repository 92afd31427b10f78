import { describe, expect, it } from 'vitest';
import { drawQuestions, type BankQuestion } from './draw';
import { seededRandom, shuffled } from './random';

const bank: BankQuestion[] = Array.from({ length: 30 }, (_, i) => ({
	key: `q${String(i).padStart(2, '0')}`,
	version: 1,
	kind: i % 5 === 4 ? 'true_false' : i % 2 ? 'multiple' : 'single',
	topic: ['duties', 'organisation', 'meetings'][i % 3],
	difficulty: (i % 3) + 1,
	optionIds: i % 5 === 4 ? ['true', 'false'] : ['a', 'b', 'c', 'd']
}));

describe('shuffle', () => {
	it('returns a permutation and leaves the input alone', () => {
		const input = [1, 2, 3, 4, 5, 6, 7, 8];
		const out = shuffled(input, seededRandom('x'));
		expect(out).not.toBe(input);
		expect([...out].sort()).toEqual(input);
		expect(input).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
	});

	it('is reproducible for a seed and differs between seeds', () => {
		const items = Array.from({ length: 20 }, (_, i) => i);
		expect(shuffled(items, seededRandom('seed-1'))).toEqual(
			shuffled(items, seededRandom('seed-1'))
		);
		expect(shuffled(items, seededRandom('seed-1'))).not.toEqual(
			shuffled(items, seededRandom('seed-2'))
		);
	});

	it('puts every item in every place about equally often', () => {
		const counts = Array.from({ length: 4 }, () => [0, 0, 0, 0]);
		const runs = 8000;
		for (let s = 0; s < runs; s++) {
			shuffled([0, 1, 2, 3], seededRandom(`u${s}`)).forEach((item, place) => counts[item][place]++);
		}
		for (const row of counts)
			for (const c of row) expect(Math.abs(c - runs / 4)).toBeLessThan(runs * 0.03);
	});
});

describe('drawQuestions', () => {
	const rules = {
		questionCount: 10,
		draw: [{ topic: 'duties', count: 4 }, { difficulty: 3, count: 2 }, { count: 4 }]
	};

	it('is reproducible: the same seed and bank give the same attempt, whatever the bank order', () => {
		const a = drawQuestions(bank, rules, 'abc');
		const b = drawQuestions([...bank].reverse(), rules, 'abc');
		expect(b).toEqual(a);
		expect(drawQuestions(bank, rules, 'abd').questions).not.toEqual(a.questions);
	});

	it('fills each rule from its own pool, without repeats, to the question count', () => {
		for (let s = 0; s < 50; s++) {
			const { questions, shortfall } = drawQuestions(bank, rules, `s${s}`);
			expect(shortfall).toBe(0);
			expect(questions).toHaveLength(10);
			expect(new Set(questions.map((q) => q.key)).size).toBe(10);
			const byKey = new Map(bank.map((q) => [q.key, q]));
			const drawn = questions.map((q) => byKey.get(q.key)!);
			expect(drawn.filter((q) => q.topic === 'duties').length).toBeGreaterThanOrEqual(4);
			// The second rule takes 2 hard questions that are not already among the duties ones.
			expect(
				drawn.filter((q) => q.difficulty === 3 && q.topic !== 'duties').length
			).toBeGreaterThanOrEqual(2);
		}
	});

	it('shuffles question order and options per attempt, keeping true/false in its natural order', () => {
		const orders = new Set<string>();
		const optionOrders = new Set<string>();
		for (let s = 0; s < 30; s++) {
			const { questions } = drawQuestions(bank, { questionCount: 30, draw: [] }, `o${s}`);
			orders.add(questions.map((q) => q.key).join());
			for (const q of questions) {
				const source = bank.find((b) => b.key === q.key)!;
				expect([...q.optionOrder].sort()).toEqual([...source.optionIds].sort());
				if (q.kind === 'true_false') expect(q.optionOrder).toEqual(['true', 'false']);
				if (q.key === 'q00') optionOrders.add(q.optionOrder.join());
			}
		}
		expect(orders.size).toBe(30);
		expect(optionOrders.size).toBeGreaterThan(5);
	});

	it('makes up a rule the bank cannot fill from the rest, and reports the shortfall', () => {
		const { questions, shortfall } = drawQuestions(
			bank,
			{ questionCount: 6, draw: [{ topic: 'nonexistent', count: 3 }, { count: 3 }] },
			'short'
		);
		expect(shortfall).toBe(3);
		expect(questions).toHaveLength(6);
	});

	it('draws the whole bank when it is smaller than the question count', () => {
		const { questions } = drawQuestions(bank.slice(0, 4), { questionCount: 10, draw: [] }, 'small');
		expect(questions.map((q) => q.key).sort()).toEqual(['q00', 'q01', 'q02', 'q03']);
	});
});
