import { describe, expect, it } from 'vitest';
import {
	AdjustmentError,
	applyAdjustments,
	proposeAdvancement,
	ruleForLevel,
	type Standing
} from './advancement';

// Ranks 1, 2, 3, 3, 5, 6, 6, 6, 9 over two units.
const standings: Standing[] = [
	{ candidateId: 'a', unitId: 'tl', rank: 1, score: 30 },
	{ candidateId: 'b', unitId: 'mk', rank: 2, score: 29 },
	{ candidateId: 'c', unitId: 'tl', rank: 3, score: 28 },
	{ candidateId: 'd', unitId: 'mk', rank: 3, score: 28 },
	{ candidateId: 'e', unitId: 'tl', rank: 5, score: 27 },
	{ candidateId: 'f', unitId: 'mk', rank: 6, score: 25 },
	{ candidateId: 'g', unitId: 'mk', rank: 6, score: 25 },
	{ candidateId: 'h', unitId: 'tl', rank: 6, score: 25 },
	{ candidateId: 'i', unitId: 'mk', rank: 9, score: 12 }
];

const advancing = (rows: { candidateId: string; advances: boolean }[]) =>
	rows.filter((r) => r.advances).map((r) => r.candidateId);
const tied = (rows: { candidateId: string; tiedAtCut: boolean }[]) =>
	rows.filter((r) => r.tiedAtCut).map((r) => r.candidateId);

describe('proposeAdvancement: top N', () => {
	it('takes exactly N when no tie crosses the cut', () => {
		const rows = proposeAdvancement(standings, { kind: 'top', count: 2 });
		expect(advancing(rows)).toEqual(['a', 'b']);
		expect(tied(rows)).toEqual([]);
	});

	it('includes the whole tied group at the cut by default (more than N)', () => {
		const rows = proposeAdvancement(standings, { kind: 'top', count: 3 });
		expect(advancing(rows)).toEqual(['a', 'b', 'c', 'd']);
		expect(tied(rows)).toEqual(['c', 'd']);
	});

	it('with ties excluded, leaves out a group that does not fit (fewer than N)', () => {
		const rows = proposeAdvancement(standings, { kind: 'top', count: 3, ties: 'exclude' });
		expect(advancing(rows)).toEqual(['a', 'b']);
		expect(tied(rows)).toEqual(['c', 'd']);
		const fits = proposeAdvancement(standings, { kind: 'top', count: 4, ties: 'exclude' });
		expect(advancing(fits)).toEqual(['a', 'b', 'c', 'd']);
		expect(tied(fits)).toEqual([]);
	});

	it('a three-way tie straddling the cut: all in, or all out', () => {
		const incl = proposeAdvancement(standings, { kind: 'top', count: 6 });
		expect(advancing(incl)).toEqual(['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h']);
		const excl = proposeAdvancement(standings, { kind: 'top', count: 7, ties: 'exclude' });
		expect(advancing(excl)).toEqual(['a', 'b', 'c', 'd', 'e']);
		expect(tied(excl)).toEqual(['f', 'g', 'h']);
	});

	it('N larger than the field and N = 0', () => {
		expect(advancing(proposeAdvancement(standings, { kind: 'top', count: 100 }))).toHaveLength(9);
		expect(advancing(proposeAdvancement(standings, { kind: 'top', count: 0 }))).toEqual([]);
		expect(() => proposeAdvancement(standings, { kind: 'top', count: -1 })).toThrow();
		expect(() => proposeAdvancement(standings, { kind: 'top', count: 1.5 })).toThrow();
	});

	it('with a minimum score, only candidates reaching it take places', () => {
		const rows = proposeAdvancement(standings, { kind: 'top', count: 10, minScore: 27 });
		expect(advancing(rows)).toEqual(['a', 'b', 'c', 'd', 'e']);
	});
});

describe('proposeAdvancement: quota per unit', () => {
	it('takes the best N of each unit by unit rank', () => {
		const rows = proposeAdvancement(standings, { kind: 'quota', perUnit: 1 });
		expect(advancing(rows)).toEqual(['a', 'b']);
		expect(rows.find((r) => r.candidateId === 'd')?.unitRank).toBe(2);
		expect(rows.find((r) => r.candidateId === 'h')?.unitRank).toBe(4);
	});

	it('counts ties inside the unit: mk has f and g tied for its 3rd place', () => {
		const incl = proposeAdvancement(standings, { kind: 'quota', perUnit: 3 });
		// tl: a(1), c(2), e(3); mk: b(1), d(2), f/g(3, 3).
		expect(advancing(incl)).toEqual(['a', 'b', 'c', 'd', 'e', 'f', 'g']);
		expect(tied(incl)).toEqual(['f', 'g']);
		const excl = proposeAdvancement(standings, { kind: 'quota', perUnit: 3, ties: 'exclude' });
		expect(advancing(excl)).toEqual(['a', 'b', 'c', 'd', 'e']);
	});

	it('a tie across units is not a tie within a unit', () => {
		// c (tl) and d (mk) share overall rank 3 but are each second in their unit.
		const rows = proposeAdvancement(standings, { kind: 'quota', perUnit: 2 });
		expect(advancing(rows)).toEqual(['a', 'b', 'c', 'd']);
		expect(tied(rows)).toEqual([]);
	});

	it('combines with a minimum score', () => {
		const rows = proposeAdvancement(standings, { kind: 'quota', perUnit: 5, minScore: 26 });
		expect(advancing(rows)).toEqual(['a', 'b', 'c', 'd', 'e']);
	});
});

describe('ruleForLevel', () => {
	it('at a level run per unit, the top N are the top N of each unit', () => {
		const rule = ruleForLevel({ kind: 'top', count: 2, ties: 'exclude', minScore: 20 }, true);
		expect(rule).toEqual({ kind: 'quota', perUnit: 2, ties: 'exclude', minScore: 20 });
		expect(advancing(proposeAdvancement(standings, rule))).toEqual(['a', 'b', 'c', 'd']);
		// For the whole organizing unit, or for other rules, the rule is as set.
		expect(ruleForLevel({ kind: 'top', count: 2 }, false)).toEqual({ kind: 'top', count: 2 });
		expect(ruleForLevel({ kind: 'threshold', minScore: 25 }, true)).toEqual({
			kind: 'threshold',
			minScore: 25
		});
	});
});

describe('proposeAdvancement: threshold', () => {
	it('everyone at or above the score advances, however many', () => {
		const rows = proposeAdvancement(standings, { kind: 'threshold', minScore: 25 });
		expect(advancing(rows)).toEqual(['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h']);
		expect(advancing(proposeAdvancement(standings, { kind: 'threshold', minScore: 31 }))).toEqual(
			[]
		);
	});

	it('refuses a candidate listed twice', () => {
		expect(() =>
			proposeAdvancement([standings[0], standings[0]], { kind: 'threshold', minScore: 0 })
		).toThrow(/twice/);
	});
});

describe('applyAdjustments', () => {
	const proposal = proposeAdvancement(standings, { kind: 'top', count: 3 });

	it('moves a candidate in or out with the reason, keeping what the rule said', () => {
		const rows = applyAdjustments(proposal, [
			{ candidateId: 'd', advance: false, reason: 'Rút khỏi hội thi (đơn ngày 5/12)' },
			{ candidateId: 'e', advance: true, reason: '  Phúc khảo: thêm 1 câu đúng ' }
		]);
		expect(advancing(rows)).toEqual(['a', 'b', 'c', 'e']);
		const d = rows.find((r) => r.candidateId === 'd')!;
		expect(d).toMatchObject({ automatic: true, advances: false });
		expect(d.reason).toBe('Rút khỏi hội thi (đơn ngày 5/12)');
		expect(rows.find((r) => r.candidateId === 'e')?.reason).toBe('Phúc khảo: thêm 1 câu đúng');
	});

	it('an adjustment that agrees with the rule changes nothing', () => {
		const rows = applyAdjustments(proposal, [{ candidateId: 'a', advance: true, reason: 'x' }]);
		expect(rows.find((r) => r.candidateId === 'a')).toMatchObject({ advances: true, reason: null });
	});

	it('requires a reason and a known candidate', () => {
		expect(() =>
			applyAdjustments(proposal, [{ candidateId: 'd', advance: false, reason: '   ' }])
		).toThrow(AdjustmentError);
		expect(() =>
			applyAdjustments(proposal, [{ candidateId: 'zz', advance: true, reason: 'x' }])
		).toThrow(/unknown_candidate/);
		expect(() =>
			applyAdjustments(proposal, [
				{ candidateId: 'a', advance: false, reason: 'x' },
				{ candidateId: 'a', advance: true, reason: 'y' }
			])
		).toThrow(/twice/);
	});
});
