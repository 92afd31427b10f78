import { describe, expect, it } from 'vitest';
import type { Standing } from './advancement';
import {
	applyPrizeOverrides,
	awardPrizes,
	countByBand,
	DEFAULT_BANDS,
	PrizeOverrideError,
	type PrizeBand
} from './prizes';

const bands: PrizeBand[] = [
	{ key: 'nhat', label: 'Giải Nhất', count: 1 },
	{ key: 'nhi', label: 'Giải Nhì', count: 2 },
	{ key: 'ba', label: 'Giải Ba', count: 3 }
];

function standingsFromRanks(ranks: number[]): Standing[] {
	return ranks.map((rank, i) => ({
		candidateId: `c${String(i + 1).padStart(2, '0')}`,
		unitId: i % 2 ? 'u1' : 'u2',
		rank,
		score: 100 - rank
	}));
}

const bandsOf = (awards: { candidateId: string; band: string | null }[]) =>
	awards.map((a) => a.band ?? '-').join(' ');

describe('awardPrizes', () => {
	it('at a level run per unit, gives each unit its own bands', () => {
		// c01, c03, c05, c07 are in u2; c02, c04, c06, c08 in u1 (global ranks 1…8).
		const awards = awardPrizes(standingsFromRanks([1, 2, 3, 4, 5, 6, 7, 8]), bands, {
			perUnit: true
		});
		const byId = Object.fromEntries(awards.map((a) => [a.candidateId, a.band ?? '-']));
		expect(byId).toEqual({
			c01: 'nhat',
			c02: 'nhat',
			c03: 'nhi',
			c04: 'nhi',
			c05: 'nhi',
			c06: 'nhi',
			c07: 'ba',
			c08: 'ba'
		});
		expect(awards.map((a) => a.candidateId)).toEqual([
			'c01',
			'c02',
			'c03',
			'c04',
			'c05',
			'c06',
			'c07',
			'c08'
		]);
		// The whole level: one of each band in order.
		expect(bandsOf(awardPrizes(standingsFromRanks([1, 2, 3, 4, 5, 6, 7, 8]), bands))).toBe(
			'nhat nhi nhi ba ba ba - -'
		);
	});

	it('hands out the counts in order when nobody is tied', () => {
		const awards = awardPrizes(standingsFromRanks([1, 2, 3, 4, 5, 6, 7, 8]), bands);
		expect(bandsOf(awards)).toBe('nhat nhi nhi ba ba ba - -');
		expect(awards.some((a) => a.tiedAtBoundary)).toBe(false);
	});

	it('a tie inside a band stays in it', () => {
		expect(bandsOf(awardPrizes(standingsFromRanks([1, 2, 2, 4, 5, 6, 7]), bands))).toBe(
			'nhat nhi nhi ba ba ba -'
		);
	});

	it('a tie across a band boundary gets the better band and takes places from the next', () => {
		// Ranks 1, 2, 2, 2: three share 2nd place, Nhì covers places 2–3, so all three get Nhì and
		// the 5th-ranked gets Ba, which keeps places 5–6.
		const awards = awardPrizes(standingsFromRanks([1, 2, 2, 2, 5, 6, 7]), bands);
		expect(bandsOf(awards)).toBe('nhat nhi nhi nhi ba ba -');
		expect(awards.filter((a) => a.tiedAtBoundary).map((a) => a.candidateId)).toEqual([
			'c02',
			'c03',
			'c04'
		]);
		expect(countByBand(awards)).toEqual(
			new Map([
				['nhat', 1],
				['nhi', 3],
				['ba', 2]
			])
		);
	});

	it('a tie for first takes the first band whole and can leave a band empty', () => {
		const awards = awardPrizes(standingsFromRanks([1, 1, 1, 4, 5, 6, 7]), bands);
		expect(bandsOf(awards)).toBe('nhat nhat nhat ba ba ba -');
		expect(countByBand(awards).get('nhi')).toBeUndefined();
	});

	it('a tie straddling the last prize place gets the last band whole', () => {
		const awards = awardPrizes(standingsFromRanks([1, 2, 3, 4, 5, 6, 6, 6, 9]), bands);
		expect(bandsOf(awards)).toBe('nhat nhi nhi ba ba ba ba ba -');
		expect(awards.filter((a) => a.tiedAtBoundary).map((a) => a.candidateId)).toEqual([
			'c06',
			'c07',
			'c08'
		]);
	});

	it('a minimum score: below it no prize and no place taken', () => {
		const list = standingsFromRanks([1, 2, 3, 4]);
		list[1].score = 10;
		list[2].score = 10;
		list[3].score = 10;
		const awards = awardPrizes(list, bands, { minScore: 50 });
		expect(bandsOf(awards)).toBe('nhat - - -');
	});

	it('bands with a count of 0 and the default sets', () => {
		const awards = awardPrizes(standingsFromRanks([1, 2, 3]), [
			{ key: 'a', label: 'A', count: 0 },
			{ key: 'b', label: 'B', count: 2 }
		]);
		expect(bandsOf(awards)).toBe('b b -');
		expect(DEFAULT_BANDS.vi_classic.map((b) => b.label)).toEqual([
			'Giải Nhất',
			'Giải Nhì',
			'Giải Ba',
			'Giải Khuyến khích'
		]);
	});

	it('refuses repeated keys and bad counts', () => {
		const s = standingsFromRanks([1]);
		expect(() => awardPrizes(s, [bands[0], bands[0]])).toThrow(/twice/);
		expect(() => awardPrizes(s, [{ key: 'x', label: 'X', count: -1 }])).toThrow(/count/);
		expect(() => awardPrizes(s, [{ key: 'x', label: 'X', count: 1.5 }])).toThrow(/count/);
	});
});

describe('applyPrizeOverrides', () => {
	const awards = awardPrizes(standingsFromRanks([1, 2, 2, 2, 5, 6, 7]), bands);

	it('changes a band with a reason and keeps the automatic one', () => {
		const out = applyPrizeOverrides(awards, bands, [
			{ candidateId: 'c04', band: 'ba', reason: 'Hội đồng xét: nộp bài sau cùng' },
			{ candidateId: 'c07', band: 'ba', reason: 'Bổ sung giải' },
			{ candidateId: 'c01', band: null, reason: 'Vi phạm quy chế' }
		]);
		expect(bandsOf(out)).toBe('- nhi nhi ba ba ba ba');
		expect(out[3]).toMatchObject({ automaticBand: 'nhi', band: 'ba' });
		expect(out[0].reason).toBe('Vi phạm quy chế');
	});

	it('requires a reason, a known band and a known candidate', () => {
		expect(() =>
			applyPrizeOverrides(awards, bands, [{ candidateId: 'c01', band: 'ba', reason: '' }])
		).toThrow(PrizeOverrideError);
		expect(() =>
			applyPrizeOverrides(awards, bands, [{ candidateId: 'c01', band: 'vang', reason: 'x' }])
		).toThrow(/unknown_band/);
		expect(() =>
			applyPrizeOverrides(awards, bands, [{ candidateId: 'zz', band: 'ba', reason: 'x' }])
		).toThrow(/unknown_candidate/);
	});
});
