import { describe, expect, it } from 'vitest';
import { contentStats, formatStats, moduleStats } from './stats';
import type { QuestionEntry, SourceEntry } from './types';

const q = (kind: QuestionEntry['kind'], tests: QuestionEntry['tests'], difficulty = 2) =>
	({ kind, tests, difficulty }) as QuestionEntry;

describe('content:stats', () => {
	it('counts kinds, tags and difficulty, and flags a module outside the targets', () => {
		const s = moduleStats('m01', [
			q('true_false', 'recall', 1),
			q('true_false', 'recall', 1),
			q('single', 'recall'),
			q('single', 'apply', 3),
			q('multiple', null)
		]);
		expect(s.kinds).toEqual({ single: 2, multiple: 1, true_false: 2 });
		expect(s.tests).toEqual({ recall: 3, apply: 1, analyse: 0, untagged: 1 });
		expect(s.difficulty).toEqual({ 1: 2, 2: 2, 3: 1 });
		expect(s.applyAnalyseShare).toBeCloseTo(0.2);
		expect(s.trueFalseShare).toBeCloseTo(0.4);
		expect(s.flags).toEqual(['apply+analyse 20 % < 50 %', 'true/false 40 % > 20 %', '1 untagged']);
	});

	it('a module at the targets exactly (half apply/analyse, a fifth true/false) is within', () => {
		const s = moduleStats('m02', [
			q('true_false', 'recall'),
			q('single', 'recall'),
			q('single', 'apply'),
			q('multiple', 'analyse'),
			q('single', 'analyse'),
			q('single', 'recall'),
			q('single', 'apply'),
			q('single', 'recall'),
			q('single', 'analyse'),
			q('single', 'recall')
		].slice(0, 10));
		expect(s.applyAnalyseShare).toBe(0.5);
		expect(s.trueFalseShare).toBe(0.1);
		expect(s.flags).toEqual([]);
	});

	it('counts sources by status and names the oldest checked ones; prints a table', () => {
		const source = (id: string, status: SourceEntry['status'], checked: string | null) => [id, { id, status, checked } as SourceEntry] as const;
		const stats = contentStats({
			modules: [{ id: 'm01', questions: [q('single', 'apply')] }] as never,
			sources: new Map([
				source('a', 'in_force', '2026-11-23'),
				source('b', 'review', '2026-11-18'),
				source('c', 'unverified', '2026-11-18'),
				source('d', 'superseded', null)
			])
		});
		expect(stats.sourcesByStatus).toEqual({ in_force: 1, review: 1, superseded: 1, unverified: 1 });
		expect(stats.oldestChecked).toEqual({ date: '2026-11-18', ids: ['b', 'c'] });
		const text = formatStats(stats);
		expect(text).toContain('m01');
		expect(text).toContain('0 of 1 modules outside.');
		expect(text).toContain('Sources by status: in_force 1, review 1, superseded 1, unverified 1.');
		expect(text).toContain('Oldest checked: 2026-11-18 (b, c).');
	});
});
