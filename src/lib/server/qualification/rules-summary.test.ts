import { describe, expect, it } from 'vitest';
import { addDays } from './calendar';
import {
	evaluateQualification,
	evaluationStaleOn,
	qualifiedPeriods,
	type ModuleFacts,
	type PersonFacts,
	type QualificationRule
} from './rules';

/*
 * What the summary stores must stand for the evaluation itself (summary.ts): the qualified periods
 * hold exactly the days a person was qualified or expiring, and the evaluation does not change
 * before `stale_on`. Checked against the rule function on random people, day by day.
 */

function prng(seed: number) {
	let s = seed >>> 0;
	return () => {
		s = (s * 1664525 + 1013904223) >>> 0;
		return s / 2 ** 32;
	};
}

const versions: QualificationRule[] = [
	{
		effectiveFrom: '2023-01-01',
		requiredModules: ['a'],
		passPercent: 60,
		validityYears: 1,
		minTheoryLevel: null
	},
	{
		effectiveFrom: '2024-07-01',
		requiredModules: ['a', 'b'],
		passPercent: 70,
		validityYears: 2,
		minTheoryLevel: 'elementary',
		trainingWithinYears: 1
	},
	{
		effectiveFrom: '2026-03-01',
		requiredModules: ['b'],
		passPercent: 50,
		validityYears: 1,
		minTheoryLevel: null
	}
];

function randomPerson(random: () => number): PersonFacts {
	const day = () => addDays('2022-06-01', Math.floor(random() * 1500));
	const modules: Record<string, ModuleFacts> = {};
	for (const id of ['a', 'b']) {
		const practice = Array.from({ length: Math.floor(random() * 4) }, () => ({
			on: day(),
			percent: Math.floor(random() * 11) * 10
		}));
		modules[id] = { readOn: random() < 0.7 ? day() : null, readStarted: true, practice };
	}
	return {
		theoryLevel: random() < 0.7 ? 'elementary' : 'none',
		modules,
		trainings: Array.from({ length: Math.floor(random() * 3) }, day)
	};
}

describe('the summary of an evaluation', () => {
	it('periods hold exactly the qualified days; nothing changes before stale_on', () => {
		const random = prng(42);
		let checked = 0;
		for (let n = 0; n < 60; n++) {
			const facts = randomPerson(random);
			const today = addDays('2025-01-01', Math.floor(random() * 500));
			const periods = qualifiedPeriods(versions, facts, today);
			const held = (d: string) =>
				periods.some((p) => p.from <= d && (p.until === null || d < p.until));
			for (let d = '2022-12-01'; d <= today; d = addDays(d, 7)) {
				const status = evaluateQualification(versions, facts, d)?.status;
				expect(held(d), `${n} on ${d}`).toBe(status === 'qualified' || status === 'expiring');
				checked++;
			}
			// Facts dated after today are what a later reader would see as new: none here.
			const future = { ...facts, modules: { ...facts.modules } };
			for (const id of Object.keys(future.modules)) {
				const m = future.modules[id]!;
				future.modules[id] = {
					...m,
					readOn: m.readOn && m.readOn <= today ? m.readOn : null,
					practice: m.practice.filter((p) => p.on <= today)
				};
			}
			future.trainings = (facts.trainings ?? []).filter((d) => d <= today);
			const now = evaluateQualification(versions, future, today);
			const staleOn = evaluationStaleOn(versions, future, today);
			const last = staleOn ?? addDays(today, 1200);
			for (let d = addDays(today, 1); d < last; d = addDays(d, 5)) {
				expect(evaluateQualification(versions, future, d), `${n} on ${d}`).toEqual(now);
			}
			if (staleOn) {
				// The day itself is a candidate for a change; the day before is still the same.
				expect(evaluateQualification(versions, future, addDays(staleOn, -1))).toEqual(now);
			}
		}
		expect(checked).toBeGreaterThan(1000);
	});
});
