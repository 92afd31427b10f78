import { describe, expect, it } from 'vitest';
import {
	countingAttempt,
	DEFAULT_RANK_ORDER,
	parseRankOrder,
	predictionDistance,
	rankEntries,
	type AttemptOutcome,
	type RankInput
} from './ranking';

const T0 = Date.UTC(2026, 11, 7, 2, 0, 0);

function entry(id: string, over: Partial<RankInput> = {}): RankInput {
	return {
		candidateId: id,
		unitId: 'u1',
		correct: 30,
		timeTakenMs: 600_000,
		predictionDistance: 10,
		submittedAt: new Date(T0 + 600_000),
		...over
	};
}

const ranks = (list: { candidateId: string; rank: number }[]) =>
	list.map((r) => `${r.candidateId}:${r.rank}`);

describe('rankEntries', () => {
	it('ranks by correct answers first, whatever the tiebreaks say', () => {
		const out = rankEntries([
			entry('slow-right', { correct: 30, timeTakenMs: 3_599_999, predictionDistance: null }),
			entry('fast-wrong', { correct: 29, timeTakenMs: 1, predictionDistance: 0 })
		]);
		expect(ranks(out)).toEqual(['slow-right:1', 'fast-wrong:2']);
	});

	it('breaks equal scores by time taken, to the millisecond', () => {
		const out = rankEntries([
			entry('b', { timeTakenMs: 600_001 }),
			entry('a', { timeTakenMs: 600_000 }),
			entry('c', { timeTakenMs: 600_002 })
		]);
		expect(ranks(out)).toEqual(['a:1', 'b:2', 'c:3']);
	});

	it('breaks equal score and time by prediction closeness, above and below the target alike', () => {
		const actual = 36_533;
		const out = rankEntries([
			entry('over-by-3', { predictionDistance: predictionDistance(36_536, actual) }),
			entry('under-by-2', { predictionDistance: predictionDistance(36_531, actual) }),
			entry('exact', { predictionDistance: predictionDistance(36_533, actual) }),
			entry('under-by-3', { predictionDistance: predictionDistance(36_530, actual) })
		]);
		expect(ranks(out)).toEqual(['exact:1', 'under-by-2:2', 'over-by-3:3', 'under-by-3:3']);
	});

	it('puts a missing prediction after every prediction, however far', () => {
		const out = rankEntries([
			entry('none', { predictionDistance: null }),
			entry('far', { predictionDistance: 85_532 }),
			entry('none-2', { predictionDistance: null, submittedAt: new Date(T0 + 1) })
		]);
		expect(ranks(out)).toEqual(['far:1', 'none-2:2', 'none:3']);
	});

	it('treats a negative distance as its absolute value', () => {
		const out = rankEntries([
			entry('minus-5', { predictionDistance: -5 }),
			entry('plus-4', { predictionDistance: 4 })
		]);
		expect(ranks(out)).toEqual(['plus-4:1', 'minus-5:2']);
	});

	it('breaks everything else equal by submission time, to the millisecond', () => {
		const out = rankEntries([
			entry('later', { submittedAt: new Date(T0 + 1) }),
			entry('earlier', { submittedAt: new Date(T0) })
		]);
		expect(ranks(out)).toEqual(['earlier:1', 'later:2']);
	});

	it('gives exact ties one rank and skips the next (1, 1, 3)', () => {
		const out = rankEntries([
			entry('c', { correct: 29 }),
			entry('b'),
			entry('a'),
			entry('d', { correct: 29 }),
			entry('e', { correct: 28 })
		]);
		expect(ranks(out)).toEqual(['a:1', 'b:1', 'c:3', 'd:3', 'e:5']);
	});

	it('uses only the keys of the round order: with score alone, same scores tie', () => {
		const out = rankEntries(
			[entry('a', { timeTakenMs: 1 }), entry('b', { timeTakenMs: 2 }), entry('c', { correct: 10 })],
			['correct_desc']
		);
		expect(ranks(out)).toEqual(['a:1', 'b:1', 'c:3']);
	});

	it('follows a different order: prediction before time', () => {
		const list = [
			entry('fast-far', { timeTakenMs: 1000, predictionDistance: 50 }),
			entry('slow-close', { timeTakenMs: 2000, predictionDistance: 1 })
		];
		expect(ranks(rankEntries(list))).toEqual(['fast-far:1', 'slow-close:2']);
		expect(
			ranks(rankEntries(list, ['correct_desc', 'prediction_asc', 'time_asc', 'submitted_asc']))
		).toEqual(['slow-close:1', 'fast-far:2']);
	});

	it('works on fractional scores (partial credit) and empty input', () => {
		expect(rankEntries([])).toEqual([]);
		const out = rankEntries([entry('a', { correct: 27.5 }), entry('b', { correct: 27.75 })]);
		expect(ranks(out)).toEqual(['b:1', 'a:2']);
	});

	it('keeps every field and does not change its input', () => {
		const input = [entry('b', { correct: 1 }), entry('a', { correct: 2 })];
		const copy = structuredClone(input);
		const out = rankEntries(input);
		expect(input).toEqual(copy);
		expect(out[0]).toEqual({ ...copy[1], rank: 1 });
	});

	it('refuses a missing number instead of ranking it anywhere', () => {
		expect(() => rankEntries([entry('a', { timeTakenMs: Number.NaN })])).toThrow(/not a number/);
		expect(() => rankEntries([entry('a', { submittedAt: new Date('x') })])).toThrow();
	});

	it('ranks 25,000 entries (a province) consistently; prints the time', () => {
		const n = 25_000;
		let seed = 42;
		const rand = (m: number) => {
			seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
			return seed % m;
		};
		const list: RankInput[] = [];
		for (let i = 0; i < n; i++) {
			list.push(
				entry(`c${i}`, {
					unitId: `u${i % 120}`,
					// Like the published figures: four in ten answer everything correctly.
					correct: rand(10) < 4 ? 30 : 20 + rand(10),
					timeTakenMs: 300_000 + rand(50) * 1000,
					predictionDistance: rand(20) === 0 ? null : rand(100),
					submittedAt: new Date(T0 + rand(3_600) * 1000)
				})
			);
		}
		const started = performance.now();
		const out = rankEntries(list);
		const ms = performance.now() - started;
		console.log(`rankEntries: ${n} entries in ${ms.toFixed(1)} ms`);
		expect(out).toHaveLength(n);
		expect(out[0].rank).toBe(1);
		for (let i = 1; i < n; i++) {
			const a = out[i - 1];
			const b = out[i];
			const same =
				a.correct === b.correct &&
				a.timeTakenMs === b.timeTakenMs &&
				(a.predictionDistance ?? -1) === (b.predictionDistance ?? -1) &&
				a.submittedAt.getTime() === b.submittedAt.getTime();
			expect(b.rank).toBe(same ? a.rank : i + 1);
			expect(a.correct).toBeGreaterThanOrEqual(b.correct);
		}
	});
});

describe('parseRankOrder', () => {
	it('defaults when nothing is stored and accepts a valid order', () => {
		expect(parseRankOrder(null)).toEqual(DEFAULT_RANK_ORDER);
		expect(parseRankOrder(['correct_desc', 'prediction_asc'])).toEqual([
			'correct_desc',
			'prediction_asc'
		]);
	});

	it('refuses unknown keys, repeats, an empty order and one not led by the score', () => {
		expect(() => parseRankOrder(['correct_desc', 'age_asc'])).toThrow(/unknown/);
		expect(() => parseRankOrder(['correct_desc', 'time_asc', 'time_asc'])).toThrow(/twice/);
		expect(() => parseRankOrder([])).toThrow();
		expect(() => parseRankOrder(['time_asc', 'correct_desc'])).toThrow(/first/);
		expect(() => parseRankOrder('correct_desc')).toThrow();
	});
});

describe('countingAttempt', () => {
	const attempt = (
		id: string,
		correct: number,
		timeTakenMs: number,
		at: number
	): AttemptOutcome => ({
		attemptId: id,
		correct,
		timeTakenMs,
		submittedAt: new Date(T0 + at)
	});

	it('has none for no attempts', () => {
		expect(countingAttempt([])).toBeNull();
	});

	it('takes the attempt with the most correct answers', () => {
		const best = countingAttempt([
			attempt('first', 25, 100_000, 0),
			attempt('second', 28, 900_000, 86_400_000),
			attempt('third', 27, 50_000, 2 * 86_400_000)
		]);
		expect(best?.attemptId).toBe('second');
	});

	it('by default takes the fastest of the most correct, then the earliest (as it would rank)', () => {
		const list = [
			attempt('earlier', 30, 400_000, 0),
			attempt('faster', 30, 120_000, 10_000),
			attempt('as-fast-later', 30, 120_000, 20_000),
			attempt('fastest-worse', 29, 1_000, 30_000)
		];
		expect(countingAttempt(list)?.attemptId).toBe('faster');
		expect(countingAttempt(list, 'correct_then_time')?.attemptId).toBe('faster');
	});

	it('with the "correct" rule takes the earliest of the most correct, even if a later was faster', () => {
		const best = countingAttempt(
			[
				attempt('later-faster', 30, 120_000, 5_000),
				attempt('earlier', 30, 400_000, 4_999),
				attempt('worse', 29, 1_000, 0)
			],
			'correct'
		);
		expect(best?.attemptId).toBe('earlier');
	});

	it('equal on everything: the earliest submitted, to the millisecond', () => {
		const best = countingAttempt([attempt('b', 30, 5, 1), attempt('a', 30, 5, 0)]);
		expect(best?.attemptId).toBe('a');
	});

	it('does not depend on the order the attempts are given in', () => {
		const list = [
			attempt('a', 30, 1, 7),
			attempt('b', 30, 1, 3),
			attempt('c', 12, 1, 1),
			attempt('d', 30, 1, 5)
		];
		for (const order of [list, [...list].reverse(), [list[2], list[0], list[3], list[1]]]) {
			expect(countingAttempt(order)?.attemptId).toBe('b');
		}
	});
});
