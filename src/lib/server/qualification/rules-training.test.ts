import { describe, expect, it } from 'vitest';
import { evaluateQualification, type PersonFacts, type QualificationRule } from './rules';

const rule = (over: Partial<QualificationRule> = {}): QualificationRule => ({
	effectiveFrom: '2025-01-01',
	requiredModules: ['m01'],
	passPercent: 70,
	validityYears: 2,
	minTheoryLevel: null,
	trainingWithinYears: 3,
	...over
});

const facts = (trainings: string[]): PersonFacts => ({
	theoryLevel: 'elementary',
	modules: {
		m01: { readOn: '2025-02-10', readStarted: true, practice: [{ on: '2025-03-01', percent: 80 }] }
	},
	trainings
});

describe('the training-course requirement', () => {
	it('without a course the modules are not enough, and the reason says so', () => {
		const e = evaluateQualification([rule()], facts([]), '2025-06-01')!;
		expect(e.status).toBe('in_progress');
		expect(e.reasons).toEqual([{ requirement: 'training', withinYears: 3, lapsedOn: null }]);
	});

	it('a course ended within the years qualifies; the earlier of course and practice ends it', () => {
		const e = evaluateQualification([rule()], facts(['2023-05-20']), '2025-06-01')!;
		expect(e.status).toBe('qualified');
		expect(e.reasons).toEqual([]);
		// The course counts until 20/05/2026, before the practice pass lapses (01/03/2027).
		expect(e.expiresOn).toBe('2026-05-20');
	});

	it('counts a course up to the day before its anniversary, then names the lapse', () => {
		const versions = [rule()];
		expect(evaluateQualification(versions, facts(['2023-05-20']), '2026-05-19')!.status).toBe(
			'expiring'
		);
		const after = evaluateQualification(versions, facts(['2023-05-20']), '2026-05-20')!;
		expect(after.status).toBe('expired');
		expect(after.reasons).toEqual([
			{ requirement: 'training', withinYears: 3, lapsedOn: '2026-05-20' }
		]);
	});

	it('a course ended after the practice pass qualifies from that day', () => {
		const e = evaluateQualification([rule()], facts(['2025-04-10']), '2025-06-01')!;
		expect(e.status).toBe('qualified');
		expect(e.expiresOn).toBe('2027-03-01');
	});

	it('a course in the future is not counted yet', () => {
		const e = evaluateQualification([rule()], facts(['2025-07-01']), '2025-06-01')!;
		expect(e.status).toBe('in_progress');
	});

	it('a rule without the requirement ignores courses', () => {
		const e = evaluateQualification(
			[rule({ trainingWithinYears: null })],
			facts([]),
			'2025-06-01'
		)!;
		expect(e.status).toBe('qualified');
	});

	it('a rule asking only for a course: none is not started, one qualifies', () => {
		const only = rule({ requiredModules: [] });
		expect(evaluateQualification([only], facts([]), '2025-06-01')!.status).toBe('not_started');
		expect(evaluateQualification([only], facts(['2025-01-15']), '2025-06-01')!.status).toBe(
			'qualified'
		);
	});
});
