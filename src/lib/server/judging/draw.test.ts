import { describe, expect, it } from 'vitest';
import { drawPool, newSeed, pickFromPool, sfc32, uniformIndex } from './draw';

/** Pearson's chi-square statistic of observed counts against equal expected counts. */
function chiSquare(counts: readonly number[]): number {
	const total = counts.reduce((s, c) => s + c, 0);
	const expected = total / counts.length;
	return counts.reduce((s, c) => s + (c - expected) ** 2 / expected, 0);
}

/**
 * Critical values of the chi-square distribution at α = 0.001 (so a fair draw fails this test
 * about once in a thousand seeds; the seeds below are fixed, so the test is deterministic).
 * df 9 → 27.877, df 6 → 22.458 (standard tables).
 */
const CRITICAL_0_001 = { 9: 27.877, 6: 22.458 } as const;

/** `n` seeds for draws, themselves from a fixed master seed (reproducible runs). */
function seeds(n: number, master = '0123456789abcdef0123456789abcdef'): string[] {
	const next = sfc32(master);
	const hex = () => next().toString(16).padStart(8, '0');
	return Array.from({ length: n }, () => hex() + hex() + hex() + hex());
}

describe('draw by lot', () => {
	it('a fresh seed is 32 hex digits from crypto, different each time', () => {
		const a = newSeed();
		expect(a).toMatch(/^[0-9a-f]{32}$/);
		expect(newSeed()).not.toBe(a);
	});

	it('is reproducible from the seed and the pool (the audit)', () => {
		const pool = [3, 8, 11, 20, 31, 47];
		for (const seed of seeds(50)) {
			expect(pickFromPool(pool, seed)).toBe(pickFromPool([...pool], seed));
		}
		// Different seeds do pick different cards.
		expect(new Set(seeds(50).map((s) => pickFromPool(pool, s))).size).toBe(pool.length);
		expect(() => sfc32('XYZ')).toThrow();
	});

	it.each([
		[10, 9],
		[7, 6]
	] as const)(
		'is uniform over a pool of %i cards: chi-square over 20,000 seeded draws < critical value (df %i, α = 0.001)',
		(k, df) => {
			const pool = Array.from({ length: k }, (_, i) => 100 + i * 3);
			const counts = new Array<number>(k).fill(0);
			for (const seed of seeds(20_000, String(k).padStart(32, 'a'))) {
				counts[pool.indexOf(pickFromPool(pool, seed))]++;
			}
			const stat = chiSquare(counts);
			expect(stat).toBeLessThan(CRITICAL_0_001[df]);
			// Every card was drawn.
			expect(Math.min(...counts)).toBeGreaterThan(0);
		}
	);

	it('the chi-square check does catch a biased draw', () => {
		// A draw that favours the first card: "uniform" over 11 slots, slot 10 → card 0.
		const counts = new Array<number>(10).fill(0);
		for (const seed of seeds(20_000)) {
			const i = uniformIndex(sfc32(seed), 11);
			counts[i === 10 ? 0 : i]++;
		}
		expect(chiSquare(counts)).toBeGreaterThan(CRITICAL_0_001[9]);
	});

	it('never repeats a card within a round when no-repeat is on; the pool runs dry', () => {
		const cards = [5, 1, 9, 4, 7, 2, 8, 6];
		for (const master of seeds(20)) {
			const drawn: number[] = [];
			for (const seed of seeds(cards.length, master)) {
				const pool = drawPool(cards, drawn, true);
				expect(pool).toEqual([...pool].sort((a, b) => a - b));
				drawn.push(pickFromPool(pool, seed));
			}
			expect(new Set(drawn).size).toBe(cards.length);
			expect(drawPool(cards, drawn, true)).toEqual([]);
		}
		// With repeats allowed, every card stays in the pool.
		expect(drawPool(cards, [1, 2, 3], false)).toEqual([1, 2, 4, 5, 6, 7, 8, 9]);
		expect(() => pickFromPool([], seeds(1)[0])).toThrow();
	});
});
