import { describe, expect, it } from 'vitest';
import { reconnectDelaySeconds } from './client';

describe('reconnectDelaySeconds', () => {
	it('never waits more than half a second, however long PostgreSQL was away', () => {
		for (let retries = 0; retries <= 60; retries++) {
			expect(reconnectDelaySeconds(retries, () => 0.999999)).toBeLessThanOrEqual(0.5);
		}
		// postgres.js's own default after 7 failed tries in a row would be 20 s.
		expect(reconnectDelaySeconds(7, () => 1)).toBe(0.5);
	});

	it('starts fast and grows, with jitter between half and all of the step', () => {
		expect(reconnectDelaySeconds(0, () => 1)).toBeCloseTo(0.05);
		expect(reconnectDelaySeconds(2, () => 1)).toBeCloseTo(0.2);
		expect(reconnectDelaySeconds(2, () => 0)).toBeCloseTo(0.1);
	});
});
