import { describe, expect, it } from 'vitest';
import {
	aggregateResponses,
	finishItem,
	flagsFor,
	groupSizeFor,
	itemFromSums,
	pearson,
	reliability,
	THRESHOLDS,
	variancePop,
	type ItemAggregate,
	type ItemSums,
	type Response
} from './statistics';

/** Responses from a 0/1 matrix (rows: candidates, columns: items i1…ik). */
const fromMatrix = (rows: number[][]): Response[] =>
	rows.flatMap((row, c) =>
		row.map((score, i) => ({
			candidate: `c${String(c).padStart(3, '0')}`,
			item: `i${i + 1}`,
			score,
			chosen: [score === 1 ? 'key' : 'other']
		}))
	);

describe('small hand-computed cases', () => {
	it('population variance and Pearson r', () => {
		// mean 2, squared deviations 1+0+0+1 → 2/4
		expect(variancePop([3, 2, 2, 1])).toBe(0.5);
		// x deviations ±0.5, rest deviations 1,0,0,−1: Σxy = 1, Σxx = 1, Σyy = 2 → 1/√2
		expect(pearson([1, 1, 0, 0], [3, 2, 2, 1])).toBeCloseTo(Math.SQRT1_2, 12);
		expect(pearson([1, 1, 1], [1, 2, 3])).toBeNull();
	});

	it('upper and lower 27 %: groups of round(0.27 n), ranked by total', () => {
		expect(groupSizeFor(10)).toBe(3);
		expect(groupSizeFor(100)).toBe(27);
		expect(groupSizeFor(2)).toBe(1);
		// Item 1 is right for the three best and wrong for the three weakest: D = 1 − 0 = 1.
		// Item 2 is the opposite: D = −1, and the rest of the test correlates negatively with it.
		const rows = [
			[1, 0, 1, 1, 1],
			[1, 0, 1, 1, 1],
			[1, 0, 1, 1, 0],
			[1, 1, 1, 0, 0],
			[0, 1, 1, 0, 0],
			[0, 1, 0, 1, 0],
			[0, 1, 0, 0, 0]
		];
		const { test, items } = aggregateResponses(fromMatrix(rows));
		expect(test.groupSize).toBe(2);
		const byId = Object.fromEntries(items.map((i) => [i.item, finishItem(i, ['key'], ['key'])]));
		expect(byId.i1.facility).toBeCloseTo(4 / 7, 12);
		expect(byId.i1.discrimination).toBe(1);
		expect(byId.i2.discrimination).toBe(-1);
		expect(byId.i2.restCorrelation!).toBeLessThan(0);
		// Seven candidates are below the minimum for flags; with the minimum lowered, it is flagged.
		expect(byId.i2.flags).toEqual([]);
		expect(flagsFor(items[1], ['key'], ['key'], { ...THRESHOLDS, minResponses: 5 })).toContainEqual(
			{ reason: 'negative_discrimination' }
		);
	});
});

/**
 * Karl L. Wuensch, "The Kuder-Richardson 20", East Carolina University,
 * https://core.ecu.edu/wuenschk/StatHelp/KR20.txt — ten students, ten items. The page lists each
 * item's p (.7 .7 .6 .7 .6 .8 .7 .7 .5 .6), p·q summing to 2.18, and the variance of the totals
 * 5.84 (divided by n). KR-20 = 10/9 · (1 − 2.18/5.84) = 0.69635…
 */
const wuensch = [
	[1, 1, 1, 1, 1, 1, 0, 1, 1, 0],
	[1, 0, 1, 1, 0, 1, 1, 1, 0, 1],
	[1, 1, 1, 1, 0, 1, 1, 0, 0, 1],
	[0, 0, 1, 0, 0, 0, 1, 0, 0, 0],
	[0, 0, 0, 0, 0, 1, 0, 0, 1, 0],
	[1, 1, 1, 0, 1, 1, 1, 1, 1, 1],
	[1, 1, 0, 1, 1, 1, 0, 1, 1, 1],
	[1, 1, 1, 1, 1, 1, 1, 1, 0, 1],
	[0, 1, 0, 1, 1, 1, 1, 1, 0, 1],
	[1, 1, 0, 1, 1, 0, 1, 1, 1, 0]
];

describe('published worked example (Wuensch, KR20.txt)', () => {
	const { test, items } = aggregateResponses(fromMatrix(wuensch));
	it('reproduces p, Σpq, the total variance and KR-20', () => {
		const p = items.map((i) => i.facility);
		expect(p.map((x) => Math.round(x * 10) / 10)).toEqual([
			0.7, 0.7, 0.6, 0.7, 0.6, 0.8, 0.7, 0.7, 0.5, 0.6
		]);
		expect(items.reduce((s, i) => s + i.variance, 0)).toBeCloseTo(2.18, 10);
		expect(test.mean).toBeCloseTo(6.6, 10);
		expect(test.variance).toBeCloseTo(5.84, 10);
		expect(test.sd).toBeCloseTo(Math.sqrt(5.84), 10);
		expect(reliability(test, items)).toBeCloseTo((10 / 9) * (1 - 2.18 / 5.84), 10);
		expect(reliability(test, items)).toBeCloseTo(0.6963, 4);
	});

	it('corrected item-total r of item 1 by hand: item 1 against totals minus item 1', () => {
		// Totals 8 7 7 2 2 9 8 9 7 7; rest = total − item 1 = 7 6 6 2 2 8 7 8 7 6.
		const rest = [7, 6, 6, 2, 2, 8, 7, 8, 7, 6];
		const x = wuensch.map((r) => r[0]);
		expect(items[0].restCorrelation).toBeCloseTo(pearson(x, rest)!, 12);
		// Σxy − n·x̄·ȳ = 48 − 10·.7·5.9 = 6.7; Σxx = n·p·q = 2.1; Σyy = 391 − 348.1 = 42.9
		expect(items[0].restCorrelation).toBeCloseTo(6.7 / Math.sqrt(2.1 * 42.9), 12);
		expect(items[0].restCorrelation).toBeCloseTo(0.7059, 4);
	});
});

describe('flags', () => {
	const base: ItemAggregate = {
		item: 'q',
		n: 100,
		facility: 0.6,
		variance: 0.24,
		restCorrelation: 0.4,
		upperFacility: 0.9,
		lowerFacility: 0.3,
		optionCounts: {
			a: { all: 60, upper: 24, lower: 8 },
			b: { all: 20, upper: 2, lower: 10 },
			c: { all: 20, upper: 1, lower: 9 },
			d: { all: 0, upper: 0, lower: 0 }
		}
	};
	it('names each reason at its threshold', () => {
		expect(flagsFor(base, ['a'], ['a', 'b', 'c'])).toEqual([]);
		expect(flagsFor(base, ['a'], ['a', 'b', 'c', 'd'])).toEqual([
			{ reason: 'unused_distractor', option: 'd' }
		]);
		expect(flagsFor({ ...base, facility: 0.91 }, ['a'], ['a'])).toEqual([{ reason: 'too_easy' }]);
		expect(flagsFor({ ...base, facility: 0.9 }, ['a'], ['a'])).toEqual([]);
		expect(flagsFor({ ...base, facility: 0.19 }, ['a'], ['a'])).toEqual([{ reason: 'too_hard' }]);
		expect(flagsFor({ ...base, upperFacility: 0.35 }, ['a'], ['a'])).toEqual([
			{ reason: 'low_discrimination' }
		]);
		expect(flagsFor(base, ['b'], ['a', 'b', 'c'])).toContainEqual({
			reason: 'likely_wrong_key',
			option: 'a'
		});
		// Too few responses: nothing flagged.
		expect(flagsFor({ ...base, n: 9, facility: 0.99 }, ['a'], ['a', 'd'])).toEqual([]);
	});
});

/** mulberry32: a tiny seeded generator, so the simulation is the same on every run. */
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

describe('seeded simulation: 400 candidates, 20 four-option questions, one key wrong', () => {
	const random = seeded(20261207);
	const normal = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
	const options = ['a', 'b', 'c', 'd'];
	const truth = Array.from({ length: 20 }, (_, i) => options[i % 4]);
	// The question bank's key for q7 says 'd', but the right answer (what able candidates pick) is 'c'.
	const key = truth.map((t, i) => (i === 6 ? 'd' : t));
	const difficulty = truth.map((_, i) => -1.2 + (i % 10) * 0.25);
	const responses: Response[] = [];
	for (let c = 0; c < 400; c++) {
		const ability = normal();
		truth.forEach((right, i) => {
			const knows = random() < 1 / (1 + Math.exp(-1.7 * (ability - difficulty[i])));
			const wrong = options.filter((o) => o !== right);
			const pick = knows ? right : wrong[Math.floor(random() * wrong.length)];
			responses.push({
				candidate: `c${String(c).padStart(4, '0')}`,
				item: `q${i + 1}`,
				score: pick === key[i] ? 1 : 0,
				chosen: [pick]
			});
		});
	}
	const { test, items } = aggregateResponses(responses);
	const figures = items.map((item, i) => finishItem(item, [key[i]], options));

	it('flags the wrong key (and only it) with the option the top group prefers', () => {
		const wrongKey = figures.filter((f) => f.flags.some((x) => x.reason === 'likely_wrong_key'));
		expect(wrongKey.map((f) => f.item)).toEqual(['q7']);
		expect(figures[6].flags).toContainEqual({ reason: 'likely_wrong_key', option: 'c' });
		expect(figures[6].discrimination!).toBeLessThan(0);
		expect(figures[6].restCorrelation!).toBeLessThan(0);
	});

	it('the sound questions discriminate and the test is reliable', () => {
		for (const f of figures.filter((f) => f.item !== 'q7')) {
			expect(f.discrimination!).toBeGreaterThan(0.2);
			expect(f.restCorrelation!).toBeGreaterThan(0.2);
		}
		expect(test.n).toBe(400);
		expect(reliability(test, items)!).toBeGreaterThan(0.7);
	});
});

describe('figures from running sums (what SQL returns)', () => {
	/** The sums of one item, from responses, the way the database adds them up. */
	function sumsOf(responses: readonly Response[], item: string): ItemSums {
		const totals = new Map<string, number>();
		for (const r of responses) totals.set(r.candidate, (totals.get(r.candidate) ?? 0) + r.score);
		const ranked = [...totals.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
		const cut = groupSizeFor(ranked.length);
		const rank = new Map(ranked.map(([id], i) => [id, i]));
		const s: ItemSums = {
			n: 0,
			sx: 0,
			sxx: 0,
			sy: 0,
			syy: 0,
			sxy: 0,
			nUpper: 0,
			sxUpper: 0,
			nLower: 0,
			sxLower: 0
		};
		for (const r of responses.filter((r) => r.item === item)) {
			const x = r.score;
			const y = totals.get(r.candidate)! - x;
			Object.assign(s, {
				n: s.n + 1,
				sx: s.sx + x,
				sxx: s.sxx + x * x,
				sy: s.sy + y,
				syy: s.syy + y * y,
				sxy: s.sxy + x * y
			});
			const at = rank.get(r.candidate)!;
			if (at < cut) Object.assign(s, { nUpper: s.nUpper + 1, sxUpper: s.sxUpper + x });
			if (at >= ranked.length - cut)
				Object.assign(s, { nLower: s.nLower + 1, sxLower: s.sxLower + x });
		}
		return s;
	}

	it('give the reference figures, partial credit included, and no r for an item without spread', () => {
		const responses = fromMatrix([
			[1, 1, 1, 0],
			[1, 0, 1, 1],
			[1, 1, 1, 0],
			[1, 0, 0, 0],
			[1, 1, 0, 1],
			[1, 0, 0, 0],
			[1, 1, 1, 1]
		]).map((r) =>
			r.item === 'i3' && r.score === 1 && r.candidate < 'c003' ? { ...r, score: 0.3 } : r
		);
		const reference = aggregateResponses(responses).items;
		for (const item of ['i1', 'i2', 'i3', 'i4']) {
			const expected = reference.find((i) => i.item === item)!;
			const got = itemFromSums(item, sumsOf(responses, item), expected.optionCounts);
			expect(got.facility).toBeCloseTo(expected.facility, 12);
			expect(got.variance).toBeCloseTo(expected.variance, 12);
			expect(got.upperFacility).toBeCloseTo(expected.upperFacility!, 12);
			expect(got.lowerFacility).toBeCloseTo(expected.lowerFacility!, 12);
			if (expected.restCorrelation === null) expect(got.restCorrelation).toBeNull();
			else expect(got.restCorrelation!).toBeCloseTo(expected.restCorrelation, 12);
		}
		// Everyone got i1 right: no variance, so no correlation (as PostgreSQL's corr()).
		expect(reference.find((i) => i.item === 'i1')!.restCorrelation).toBeNull();
	});
});
