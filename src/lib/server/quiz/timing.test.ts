import { describe, expect, it } from 'vitest';
import {
	acceptsSaveAt,
	computeDeadline,
	DEFAULT_TIMING,
	isOverdue,
	isPastDeadline,
	timingFromEnv
} from './timing';

const start = new Date('2026-11-25T08:00:00.000Z');
const at = (ms: number) => new Date(start.getTime() + ms);

describe('deadline arithmetic', () => {
	it('is start + limit, capped by the window close when one is set', () => {
		expect(computeDeadline(start, 900)).toEqual(at(900_000));
		expect(computeDeadline(start, 900, at(600_000))).toEqual(at(600_000));
		expect(computeDeadline(start, 900, at(2_000_000))).toEqual(at(900_000));
		// A window that already closed never gives a deadline before the start.
		expect(computeDeadline(start, 900, at(-5_000))).toEqual(start);
	});

	it('accepts saves up to and including deadline + grace, not a millisecond later', () => {
		const deadline = at(60_000);
		const grace = 10_000;
		expect(acceptsSaveAt(deadline, at(60_000), grace)).toBe(true);
		expect(acceptsSaveAt(deadline, at(69_999), grace)).toBe(true);
		expect(acceptsSaveAt(deadline, at(70_000), grace)).toBe(true);
		expect(acceptsSaveAt(deadline, at(70_001), grace)).toBe(false);
		expect(isOverdue(deadline, at(70_001), grace)).toBe(true);
		expect(isOverdue(deadline, at(70_000), grace)).toBe(false);
	});

	it('stops the learner at the deadline itself', () => {
		const deadline = at(60_000);
		expect(isPastDeadline(deadline, at(59_999))).toBe(false);
		expect(isPastDeadline(deadline, at(60_000))).toBe(true);
	});
});

describe('timingFromEnv', () => {
	it('defaults to 10 s grace and a sweep every 30 s', () => {
		expect(timingFromEnv({})).toEqual(DEFAULT_TIMING);
		expect(timingFromEnv({ QUIZ_GRACE_SECONDS: '3', QUIZ_SWEEP_SECONDS: '2' })).toEqual({
			graceMs: 3000,
			sweepIntervalMs: 2000
		});
	});

	it('refuses settings that would break the guarantees (no sweep slower than a minute)', () => {
		expect(() => timingFromEnv({ QUIZ_SWEEP_SECONDS: '120' })).toThrow(/QUIZ_SWEEP_SECONDS/);
		expect(() => timingFromEnv({ QUIZ_GRACE_SECONDS: '-1' })).toThrow(/QUIZ_GRACE_SECONDS/);
		expect(() => timingFromEnv({ QUIZ_GRACE_SECONDS: 'ten' })).toThrow(/QUIZ_GRACE_SECONDS/);
	});
});
