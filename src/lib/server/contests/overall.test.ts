import { describe, expect, it } from 'vitest';
import { rankOverall, rankScores, type RoundScores } from './overall';

const ranks = (list: { candidateId: string; rank: number }[]) =>
	list.map((r) => `${r.candidateId}:${r.rank}`);

// An online round of 30 questions (weight 40) and a judged round scored out of 100 (weight 60).
const online: RoundScores = {
	roundId: 'online',
	weight: 40,
	maxScore: 30,
	scores: [
		{ candidateId: 'an', unitId: 'u1', score: 30, rank: 1 },
		{ candidateId: 'binh', unitId: 'u1', score: 27, rank: 3 },
		{ candidateId: 'cuong', unitId: 'u2', score: 24, rank: 4 },
		{ candidateId: 'dung', unitId: 'u2', score: 30, rank: 2 }
	]
};
const judged: RoundScores = {
	roundId: 'final',
	weight: 60,
	maxScore: 100,
	scores: [
		{ candidateId: 'an', unitId: 'u1', score: 70 },
		{ candidateId: 'binh', unitId: 'u1', score: 90 },
		{ candidateId: 'cuong', unitId: 'u2', score: 95 },
		{ candidateId: 'dung', unitId: 'u2', score: 70 }
	]
};

describe('rankOverall', () => {
	it('combines an online round and a judged round by weight on their own scales', () => {
		const out = rankOverall([online, judged]);
		// an: 40 + 42 = 82; binh: 36 + 54 = 90; cuong: 32 + 57 = 89; dung: 40 + 42 = 82.
		expect(out.map((e) => [e.candidateId, e.total, e.rank])).toEqual([
			['binh', 90, 1],
			['cuong', 89, 2],
			['an', 82, 3],
			['dung', 82, 3]
		]);
		expect(out[0].perRound).toEqual({ online: 27, final: 90 });
	});

	it('breaks a tie on the total by the rank in the rounds named, in order', () => {
		const out = rankOverall([online, judged], { tiebreakRounds: ['online'] });
		expect(ranks(out)).toEqual(['binh:1', 'cuong:2', 'an:3', 'dung:4']);
	});

	it('treats equal totals reached through different floating-point sums as equal', () => {
		// 0.1 + 0.2 !== 0.3 in floating point; both candidates total 0.3 on the weights below.
		const out = rankOverall([
			{
				roundId: 'r1',
				weight: 0.1,
				maxScore: 1,
				scores: [
					{ candidateId: 'x', unitId: 'u', score: 1 },
					{ candidateId: 'y', unitId: 'u', score: 0 }
				]
			},
			{
				roundId: 'r2',
				weight: 0.2,
				maxScore: 1,
				scores: [{ candidateId: 'x', unitId: 'u', score: 1 }]
			},
			{
				roundId: 'r3',
				weight: 0.3,
				maxScore: 1,
				scores: [{ candidateId: 'y', unitId: 'u', score: 1 }]
			}
		]);
		expect(out.map((e) => [e.candidateId, e.total, e.rank])).toEqual([
			['x', 0.3, 1],
			['y', 0.3, 1]
		]);
	});

	it('counts an absent round as 0 and shows it as absent; absent ranks last on a tiebreak', () => {
		const out = rankOverall(
			[
				{
					roundId: 'r1',
					weight: 1,
					maxScore: 10,
					scores: [
						{ candidateId: 'present', unitId: 'u', score: 5, rank: 9 },
						{ candidateId: 'both', unitId: 'u', score: 10, rank: 1 }
					]
				},
				{
					roundId: 'r2',
					weight: 1,
					maxScore: 10,
					scores: [
						{ candidateId: 'late', unitId: 'u', score: 5, rank: 1 },
						{ candidateId: 'both', unitId: 'u', score: 10, rank: 1 }
					]
				}
			],
			{ tiebreakRounds: ['r1'] }
		);
		expect(ranks(out)).toEqual(['both:1', 'present:2', 'late:3']);
		expect(out.find((e) => e.candidateId === 'late')?.perRound).toEqual({ r1: null, r2: 5 });
	});

	it('a weight of 0 ranks nothing by that round', () => {
		const out = rankOverall([{ ...online, weight: 0 }, judged]);
		expect(out[0].candidateId).toBe('cuong');
	});

	it('refuses bad configuration instead of ranking with it', () => {
		expect(() => rankOverall([online, online])).toThrow(/twice/);
		expect(() => rankOverall([{ ...online, weight: -1 }])).toThrow(/weight/);
		expect(() => rankOverall([{ ...online, maxScore: 0 }])).toThrow(/maximum/);
		expect(() => rankOverall([online], { tiebreakRounds: ['nope'] })).toThrow(/tiebreak/);
		expect(() =>
			rankOverall([{ ...online, scores: [...online.scores, online.scores[0]] }])
		).toThrow(/twice/);
	});
});

describe('rankScores', () => {
	it('gives competition ranks to plain scores', () => {
		const out = rankScores([
			{ id: 'a', score: 80 },
			{ id: 'b', score: 95 },
			{ id: 'c', score: 80 },
			{ id: 'd', score: 10 }
		]);
		expect(out.map((e) => `${e.id}:${e.rank}`)).toEqual(['b:1', 'a:2', 'c:2', 'd:4']);
	});
});
