import { describe, expect, it } from 'vitest';
import { isMistake, scoreAnswer, summarizeScore, type ScorableAnswer } from './scoring';

const single: Omit<ScorableAnswer, 'selected'> = {
	kind: 'single',
	optionOrder: ['c', 'a', 'd', 'b'],
	correct: ['a']
};
const tf: Omit<ScorableAnswer, 'selected'> = {
	kind: 'true_false',
	optionOrder: ['true', 'false'],
	correct: ['false']
};
// Shown as [b, d, a, c, e]; a and c are right, b, d, e wrong.
const multiple: Omit<ScorableAnswer, 'selected'> = {
	kind: 'multiple',
	optionOrder: ['b', 'd', 'a', 'c', 'e'],
	correct: ['a', 'c']
};

describe('scoreAnswer', () => {
	it('single choice and true/false: 1 point for exactly the right option, positions as shown', () => {
		expect(scoreAnswer({ ...single, selected: [1] }, 'all_or_nothing')).toBe(1);
		expect(scoreAnswer({ ...single, selected: [0] }, 'all_or_nothing')).toBe(0);
		expect(scoreAnswer({ ...single, selected: [0, 1] }, 'partial')).toBe(0);
		expect(scoreAnswer({ ...single, selected: [] }, 'all_or_nothing')).toBe(0);
		expect(scoreAnswer({ ...single, selected: null }, 'all_or_nothing')).toBe(0);
		expect(scoreAnswer({ ...tf, selected: [1] }, 'partial')).toBe(1);
		expect(scoreAnswer({ ...tf, selected: [0] }, 'partial')).toBe(0);
	});

	it('multiple choice, all or nothing: only the exact set scores', () => {
		expect(scoreAnswer({ ...multiple, selected: [2, 3] }, 'all_or_nothing')).toBe(1);
		expect(scoreAnswer({ ...multiple, selected: [3, 2] }, 'all_or_nothing')).toBe(1);
		expect(scoreAnswer({ ...multiple, selected: [2] }, 'all_or_nothing')).toBe(0);
		expect(scoreAnswer({ ...multiple, selected: [2, 3, 4] }, 'all_or_nothing')).toBe(0);
	});

	it('multiple choice, partial: right picks earn, wrong picks cost, never below 0', () => {
		expect(scoreAnswer({ ...multiple, selected: [2, 3] }, 'partial')).toBe(1);
		expect(scoreAnswer({ ...multiple, selected: [2] }, 'partial')).toBe(0.5);
		// One right (1/2) and one wrong (1/3): 1/6.
		expect(scoreAnswer({ ...multiple, selected: [2, 0] }, 'partial')).toBeCloseTo(1 / 6, 4);
		// Everything chosen: 1 − 1 = 0.
		expect(scoreAnswer({ ...multiple, selected: [0, 1, 2, 3, 4] }, 'partial')).toBe(0);
		expect(scoreAnswer({ ...multiple, selected: [0, 1] }, 'partial')).toBe(0);
	});

	it('ignores positions outside the question', () => {
		expect(scoreAnswer({ ...single, selected: [1, 9, -1] }, 'all_or_nothing')).toBe(1);
	});
});

describe('summarizeScore', () => {
	it('totals, compares with the pass mark inclusively and breaks down by topic', () => {
		const s = summarizeScore(
			[
				{ topic: 'b', points: 1 },
				{ topic: 'a', points: 0.5 },
				{ topic: 'a', points: 0 },
				{ topic: 'b', points: 1 }
			],
			62.5
		);
		expect(s).toEqual({
			score: 2.5,
			maxScore: 4,
			percent: 62.5,
			passed: true,
			byTopic: [
				{ topic: 'a', points: 0.5, maxPoints: 2, questions: 2 },
				{ topic: 'b', points: 2, maxPoints: 2, questions: 2 }
			]
		});
		expect(summarizeScore([{ topic: 'a', points: 0.6 }], 61).passed).toBe(false);
		expect(summarizeScore([], 0).passed).toBe(false);
	});

	it('counts anything short of full marks as a mistake for the review deck', () => {
		expect(isMistake(1)).toBe(false);
		expect(isMistake(0.5)).toBe(true);
		expect(isMistake(0)).toBe(true);
	});
});
