import { describe, expect, it } from 'vitest';
import { rankOverall } from '../contests/overall';
import {
	checkSheet,
	disagrees,
	roundScore,
	rubricMax,
	rubricProblems,
	spread
} from './scoring-rules';

describe('judged scoring rules', () => {
	it('mean, and trimmed mean dropping one highest and one lowest from 5 judges on', () => {
		expect(roundScore([], 'mean')).toBeNull();
		expect(roundScore([80, 70, 90], 'mean')).toBe(80);
		// Fewer than 5 judges: the trimmed mean is the mean.
		expect(roundScore([80, 70, 90, 60], 'trimmed')).toBe(75);
		// 5 judges: 95 and 50 dropped → (70 + 80 + 90) / 3.
		expect(roundScore([95, 70, 50, 80, 90], 'trimmed')).toBe(80);
		expect(roundScore([95, 70, 50, 80, 90], 'mean')).toBe(77);
		// Only one of several equal extremes is dropped.
		expect(roundScore([60, 60, 60, 90, 90, 90], 'trimmed')).toBe(75);
		expect(roundScore([10, 20, 30, 40, 50, 60, 70], 'trimmed')).toBe(40);
		expect(roundScore([33.25, 33.5, 33.25], 'mean')).toBe(33.333333);
	});

	it('spread and disagreement above the threshold', () => {
		expect(spread([70])).toBe(0);
		expect(spread([70, 82.5, 75])).toBe(12.5);
		expect(disagrees([70, 80], 10)).toBe(false);
		expect(disagrees([70, 80.25], 10)).toBe(true);
	});

	it('rubric bounds: criteria named, maxima > 0 in hundredths, at most 20, no duplicates', () => {
		const c = (name: string, maxPoints: number) => ({ name, maxPoints, descriptors: '' });
		expect(rubricProblems([c('Nội dung', 40), c('Giải pháp', 20)])).toEqual([]);
		expect(rubricMax([c('a', 40), c('b', 20), c('c', 20), c('d', 10)])).toBe(90);
		expect(rubricProblems([])).toEqual([{ at: -1, error: 'empty' }]);
		expect(rubricProblems([c('', 10)])).toEqual([{ at: 1, error: 'name_required' }]);
		expect(rubricProblems([c('a', 0)])).toEqual([{ at: 1, error: 'max_invalid' }]);
		expect(rubricProblems([c('a', -5)])).toEqual([{ at: 1, error: 'max_invalid' }]);
		expect(rubricProblems([c('a', 1001)])).toEqual([{ at: 1, error: 'max_invalid' }]);
		expect(rubricProblems([c('a', 10.005)])).toEqual([{ at: 1, error: 'max_invalid' }]);
		expect(rubricProblems([c('a', NaN)])).toEqual([{ at: 1, error: 'max_invalid' }]);
		expect(rubricProblems([c('Nội dung', 10), c('nội dung', 5)])).toEqual([
			{ at: -1, error: 'duplicate_name' }
		]);
		expect(rubricProblems(Array.from({ length: 21 }, (_, i) => c(`c${i}`, 1)))).toEqual([
			{ at: -1, error: 'too_many' }
		]);
	});

	it('a sheet: every criterion, 0…max in steps of 0.25, nothing else', () => {
		const rubric = [
			{ id: 1, maxPoints: 40 },
			{ id: 2, maxPoints: 20 }
		];
		expect(checkSheet(rubric, { 1: 35.5, 2: 20 })).toEqual({
			ok: true,
			points: { 1: 35.5, 2: 20 },
			total: 55.5
		});
		expect(checkSheet(rubric, { 1: '0', 2: '0.75' })).toMatchObject({ ok: true, total: 0.75 });
		expect(checkSheet(rubric, { 1: 35 })).toEqual({ ok: false, error: 'missing_points' });
		expect(checkSheet(rubric, { 1: 40.25, 2: 0 })).toEqual({
			ok: false,
			error: 'points_out_of_range'
		});
		expect(checkSheet(rubric, { 1: -1, 2: 0 })).toMatchObject({ error: 'points_out_of_range' });
		expect(checkSheet(rubric, { 1: 10.1, 2: 0 })).toMatchObject({ error: 'points_out_of_range' });
		expect(checkSheet(rubric, { 1: 'abc', 2: 0 })).toMatchObject({ error: 'points_out_of_range' });
		expect(checkSheet(rubric, { 1: 1, 2: 1, 3: 1 })).toEqual({
			ok: false,
			error: 'unknown_criterion'
		});
	});

	it('weights: judged rounds combine with the online round into the overall ranking', () => {
		// Online 30 questions (weight 1), situation out of 100 (weight 2), presentation out of 50 (weight 1).
		const online = { roundId: 'online', weight: 1, maxScore: 30 };
		const situation = { roundId: 'situation', weight: 2, maxScore: 100 };
		const presentation = { roundId: 'presentation', weight: 1, maxScore: 50 };
		const overall = rankOverall([
			{
				...online,
				scores: [
					{ candidateId: 'A', unitId: 'u', score: 30 },
					{ candidateId: 'B', unitId: 'u', score: 24 }
				]
			},
			{
				...situation,
				scores: [
					{ candidateId: 'A', unitId: 'u', score: roundScore([60, 62, 58], 'mean')! },
					{ candidateId: 'B', unitId: 'u', score: roundScore([95, 70, 50, 80, 90], 'trimmed')! }
				]
			},
			{
				...presentation,
				scores: [
					{ candidateId: 'A', unitId: 'u', score: 40 },
					{ candidateId: 'B', unitId: 'u', score: 40 }
				]
			}
		]);
		// A: 1 + 2 × 0.6 + 0.8 = 3.0; B: 0.8 + 2 × 0.8 + 0.8 = 3.2.
		expect(overall.map((e) => [e.candidateId, e.total, e.rank])).toEqual([
			['B', 3.2, 1],
			['A', 3, 2]
		]);
	});
});

describe('rubric lines', () => {
	it('reads "name | max | descriptors" lines, tabs and decimal commas; round-trips', async () => {
		const { parseRubricLines, rubricLines } = await import('./scoring-rules');
		const parsed = parseRubricLines(
			'Nội dung | 40 | Đúng, đủ, sâu\n\nGiải pháp\t20\nThời gian | 7,5\nSai | bốn mươi'
		);
		expect(parsed).toEqual([
			{ name: 'Nội dung', maxPoints: 40, descriptors: 'Đúng, đủ, sâu' },
			{ name: 'Giải pháp', maxPoints: 20, descriptors: '' },
			{ name: 'Thời gian', maxPoints: 7.5, descriptors: '' },
			{ name: 'Sai', maxPoints: NaN, descriptors: '' }
		]);
		expect(rubricProblems(parsed)).toEqual([{ at: 4, error: 'max_invalid' }]);
		expect(parseRubricLines(rubricLines(parsed.slice(0, 3)))).toEqual(parsed.slice(0, 3));
	});
});
