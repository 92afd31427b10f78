import { describe, expect, it } from 'vitest';
import { addYears, vietnamDay } from './calendar';
import {
	evaluateQualification,
	type ModuleFacts,
	type PersonFacts,
	type QualificationRule
} from './rules';

const rule = (over: Partial<QualificationRule> = {}): QualificationRule => ({
	effectiveFrom: '2025-01-01',
	requiredModules: ['m01', 'm07'],
	passPercent: 70,
	validityYears: 2,
	minTheoryLevel: null,
	...over
});

const read = (on: string, practice: ModuleFacts['practice'] = []): ModuleFacts => ({
	readOn: on,
	readStarted: true,
	practice
});

const person = (
	modules: PersonFacts['modules'],
	theoryLevel: PersonFacts['theoryLevel'] = 'elementary'
): PersonFacts => ({
	theoryLevel,
	modules
});

const done = person({
	m01: read('2025-02-10', [{ on: '2025-03-01', percent: 80 }]),
	m07: read('2025-02-11', [{ on: '2025-03-05', percent: 90 }])
});

describe('evaluateQualification', () => {
	it('is null before the province has a rule in force', () => {
		expect(evaluateQualification([rule()], done, '2024-12-31')).toBeNull();
	});

	it('not started: nothing read or tried, every requirement listed', () => {
		const result = evaluateQualification(
			[rule({ minTheoryLevel: 'elementary' })],
			person({}, 'none'),
			'2025-06-01'
		)!;
		expect(result.status).toBe('not_started');
		expect(result.reasons).toEqual([
			{ requirement: 'reading', moduleId: 'm01' },
			{ requirement: 'practice', moduleId: 'm01', lapsedOn: null },
			{ requirement: 'reading', moduleId: 'm07' },
			{ requirement: 'practice', moduleId: 'm07', lapsedOn: null },
			{ requirement: 'theory', min: 'elementary' }
		]);
	});

	it('in progress: names exactly what is missing (module 07 practice, theory level)', () => {
		const facts = person(
			{
				m01: read('2025-02-10', [{ on: '2025-03-01', percent: 80 }]),
				// A finished attempt below the province's mark does not count.
				m07: read('2025-02-11', [{ on: '2025-03-05', percent: 69 }])
			},
			null
		);
		const result = evaluateQualification(
			[rule({ minTheoryLevel: 'elementary' })],
			facts,
			'2025-06-01'
		)!;
		expect(result.status).toBe('in_progress');
		expect(result.reasons).toEqual([
			{ requirement: 'practice', moduleId: 'm07', lapsedOn: null },
			{ requirement: 'theory', min: 'elementary' }
		]);
	});

	it('an opened lesson alone is progress', () => {
		const facts = person({ m07: { readOn: null, readStarted: true, practice: [] } });
		expect(evaluateQualification([rule()], facts, '2025-06-01')!.status).toBe('in_progress');
	});

	it('a higher theory level meets an elementary requirement', () => {
		const facts = { ...done, theoryLevel: 'intermediate' as const };
		const result = evaluateQualification(
			[rule({ minTheoryLevel: 'elementary' })],
			facts,
			'2025-06-01'
		)!;
		expect(result.status).toBe('qualified');
		expect(result.reasons).toEqual([]);
	});

	it('qualified until the oldest practice pass is as old as the validity period', () => {
		const result = evaluateQualification([rule()], done, '2025-06-01')!;
		expect(result).toMatchObject({ status: 'qualified', expiresOn: '2027-03-01', reasons: [] });
	});

	it('expiring within 60 days, expired on the expiry day itself', () => {
		expect(evaluateQualification([rule()], done, '2026-12-30')!.status).toBe('qualified');
		expect(evaluateQualification([rule()], done, '2026-12-31')!.status).toBe('expiring');
		expect(evaluateQualification([rule()], done, '2027-02-28')!.status).toBe('expiring');
		const expired = evaluateQualification([rule()], done, '2027-03-01')!;
		expect(expired).toMatchObject({ status: 'expired', expiresOn: '2027-03-01' });
		expect(expired.reasons).toEqual([
			{ requirement: 'practice', moduleId: 'm01', lapsedOn: '2027-03-01' }
		]);
	});

	it('counts days in Vietnam: a pass at 18:00 UTC on 28/02 is a pass on 01/03', () => {
		const on = vietnamDay(new Date('2025-02-28T18:00:00Z'));
		expect(on).toBe('2025-03-01');
		expect(addYears(on, 2)).toBe('2027-03-01');
		expect(vietnamDay(new Date('2025-02-28T16:59:59Z'))).toBe('2025-02-28');
	});

	it('a new pass renews the qualification', () => {
		const renewed = person({
			m01: read('2025-02-10', [
				{ on: '2025-03-01', percent: 80 },
				{ on: '2027-01-15', percent: 75 }
			]),
			m07: read('2025-02-11', [{ on: '2027-02-01', percent: 90 }])
		});
		expect(evaluateQualification([rule()], renewed, '2027-03-10')).toMatchObject({
			status: 'qualified',
			expiresOn: '2029-01-15'
		});
	});

	it('a rule change from its effective date keeps what was earned under the old rule', () => {
		const stricter = rule({
			effectiveFrom: '2026-01-01',
			requiredModules: ['m01', 'm07', 'm09'],
			minTheoryLevel: 'intermediate'
		});
		const versions = [rule(), stricter];
		// Before the change: the old rule, nothing missing.
		expect(evaluateQualification(versions, done, '2025-12-31')).toMatchObject({
			status: 'qualified',
			reasons: [],
			ruleFrom: '2025-01-01'
		});
		// After it: still qualified until the old expiry, and told what the new rule needs.
		const after = evaluateQualification(versions, done, '2026-06-01')!;
		expect(after).toMatchObject({
			status: 'qualified',
			expiresOn: '2027-03-01',
			qualifiedUnder: '2025-01-01',
			ruleFrom: '2026-01-01'
		});
		expect(after.reasons).toEqual([
			{ requirement: 'reading', moduleId: 'm09' },
			{ requirement: 'practice', moduleId: 'm09', lapsedOn: null },
			{ requirement: 'theory', min: 'intermediate' }
		]);
		// At its end, the new rule is what counts.
		expect(evaluateQualification(versions, done, '2027-03-01')!.status).toBe('expired');
	});

	it('a rule change does not qualify someone retroactively under a looser rule', () => {
		// Under the first rule (90 %) nobody qualified; the second (70 %) applies from its own date.
		const versions = [rule({ passPercent: 95 }), rule({ effectiveFrom: '2025-09-01' })];
		expect(evaluateQualification(versions, done, '2025-08-31')!.status).toBe('in_progress');
		expect(evaluateQualification(versions, done, '2025-09-01')).toMatchObject({
			status: 'qualified',
			qualifiedUnder: '2025-09-01',
			expiresOn: '2027-03-01'
		});
	});

	it('a pass mark raised later does not revoke passes already earned', () => {
		const versions = [rule(), rule({ effectiveFrom: '2026-01-01', passPercent: 85 })];
		const result = evaluateQualification(versions, done, '2026-02-01')!;
		expect(result.status).toBe('qualified');
		expect(result.qualifiedUnder).toBe('2025-01-01');
		expect(result.reasons).toEqual([{ requirement: 'practice', moduleId: 'm01', lapsedOn: null }]);
	});
});
