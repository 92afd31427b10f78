import { describe, expect, it } from 'vitest';
import { requestArrival, testClockFromEnv } from './test-clock';

describe('the browser tests’ server clock', () => {
	const now = new Date('2026-12-07T05:00:00Z');

	it('is off unless TEST_CLOCK=1, and never starts behind https', () => {
		expect(testClockFromEnv({})).toBe(false);
		expect(testClockFromEnv({ TEST_CLOCK: 'true' })).toBe(false);
		expect(testClockFromEnv({ TEST_CLOCK: '1', ORIGIN: 'http://localhost:5110' })).toBe(true);
		expect(() => testClockFromEnv({ TEST_CLOCK: '1', ORIGIN: 'https://bithu.example.vn' })).toThrow(
			/browser tests only/
		);
	});

	it('takes the header’s instant only when on', () => {
		expect(requestArrival('2026-01-03T17:30:00Z', true, now).toISOString()).toBe(
			'2026-01-03T17:30:00.000Z'
		);
		expect(requestArrival('2026-01-03T17:30:00Z', false, now)).toBe(now);
		expect(requestArrival(null, true, now)).toBe(now);
		expect(requestArrival('yesterday-ish', true, now)).toBe(now);
	});
});
