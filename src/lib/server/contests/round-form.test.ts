import { describe, expect, it } from 'vitest';
import { roundProblems } from './manage';
import { localInput, parseRoundForm, roundFormValues } from './round-form';
import { roundInput } from './testing/fixtures';
import type { ContestRound } from '../db/schema';

function form(fields: Record<string, string>, draw: [string, string, string][] = []) {
	const data = new FormData();
	const base: Record<string, string> = {
		name: 'Thi trắc nghiệm',
		kind: 'online',
		opensAt: '2030-03-02T08:00',
		closesAt: '2030-03-02T09:00',
		durationMinutes: '20',
		attemptsAllowed: '1',
		counting: 'best_then_earliest',
		questionCount: '10',
		weight: '1',
		maxScore: '',
		predictionQuestion: '',
		reviewOpensAt: '',
		rankPreset: 'default',
		multipleScoring: 'all_or_nothing'
	};
	for (const [k, v] of Object.entries({ ...base, ...fields })) data.set(k, v);
	for (let i = 0; i < 4; i++) {
		const [topic, difficulty, count] = draw[i] ?? ['', '', ''];
		data.append('drawTopic', topic);
		data.append('drawDifficulty', difficulty);
		data.append('drawCount', count);
	}
	return data;
}

describe('the round form', () => {
	it('reads the window in Vietnam time and the draw rules by topic and difficulty', () => {
		const parsed = parseRoundForm(
			form({}, [
				['dieu-le', '', '4'],
				['', '2', '3'],
				['', '', '']
			])
		);
		expect(parsed.ok).toBe(true);
		if (!parsed.ok) return;
		expect(parsed.input.opensAt?.toISOString()).toBe('2030-03-02T01:00:00.000Z');
		expect(parsed.input.closesAt?.toISOString()).toBe('2030-03-02T02:00:00.000Z');
		expect(parsed.input.durationSeconds).toBe(1200);
		expect(parsed.input.draw).toEqual([
			{ topic: 'dieu-le', count: 4 },
			{ difficulty: 2, count: 3 }
		]);
		expect(roundProblems(parsed.input)).toEqual([]);
	});

	it('refuses a draw row with a topic but no count, and a count that is not a whole number', () => {
		for (const row of [
			['dieu-le', '', ''],
			['', '3', ''],
			['dieu-le', '', '1.5'],
			['dieu-le', '9', '2']
		] as [string, string, string][]) {
			const parsed = parseRoundForm(form({}, [row]));
			expect(parsed.ok, JSON.stringify(row)).toBe(false);
			if (!parsed.ok) expect(parsed.errors.draw).toBe('draw');
		}
	});

	it('refuses rules asking for more questions than the paper has', () => {
		const parsed = parseRoundForm(
			form({ questionCount: '5' }, [
				['dieu-le', '', '3'],
				['nghiep-vu', '', '3']
			])
		);
		expect(parsed.ok).toBe(true);
		if (parsed.ok) expect(roundProblems(parsed.input)).toEqual(['draw']);
	});

	it('reads which attempt counts, and refuses an unknown rule', () => {
		const parsed = parseRoundForm(form({ counting: 'correct_then_earliest' }));
		expect(parsed.ok && parsed.input.counting).toBe('correct_then_earliest');
		const bad = parseRoundForm(form({ counting: 'last' }));
		expect(bad.ok).toBe(false);
	});

	it('gives a stored round back as the same fields', () => {
		const input = roundInput({
			opensAt: new Date('2030-03-02T01:00:00Z'),
			closesAt: new Date('2030-03-02T02:00:00Z'),
			draw: [{ topic: 'dieu-le', difficulty: 2, count: 3 }],
			counting: 'correct_then_earliest'
		});
		const round = { ...input, id: 1, attemptsAllowed: 1 } as unknown as ContestRound;
		const values = roundFormValues(round);
		expect(values.opensAt).toBe('2030-03-02T08:00');
		expect(values.draw[0]).toEqual({ topic: 'dieu-le', difficulty: '2', count: '3' });
		expect(values.draw[1]).toEqual({ topic: '', difficulty: '', count: '' });
		expect(localInput(null)).toBe('');
		const data = new FormData();
		for (const [k, v] of Object.entries(values)) if (k !== 'draw') data.set(k, v as string);
		for (const row of values.draw) {
			data.append('drawTopic', row.topic);
			data.append('drawDifficulty', row.difficulty);
			data.append('drawCount', row.count);
		}
		const again = parseRoundForm(data);
		expect(again.ok).toBe(true);
		if (!again.ok) return;
		expect(again.input.opensAt).toEqual(input.opensAt);
		expect(again.input.draw).toEqual(input.draw);
		expect(again.input.counting).toBe('correct_then_earliest');
		expect(again.input.durationSeconds).toBe(input.durationSeconds);
	});
});
