import { describe, expect, it } from 'vitest';
import { formatRemaining, ServerClock } from './server-clock';

describe('ServerClock', () => {
	it('counts from the server time on the monotonic clock, whatever the browser clock says', () => {
		let mono = 1_000;
		const clock = new ServerClock('2026-11-25T08:00:00.000Z', () => mono);
		mono += 90_000;
		expect(new Date(clock.now()).toISOString()).toBe('2026-11-25T08:01:30.000Z');
		expect(clock.remaining('2026-11-25T08:15:00.000Z')).toBe(13.5 * 60_000);
	});

	it('corrects itself by the midpoint of a round trip and ignores much slower samples', () => {
		let mono = 0;
		const clock = new ServerClock('2026-11-25T08:00:00.000Z', () => mono);
		// The page was rendered 2 s before it ran: the first round trip (midpoint 10 000) corrects that.
		mono = 10_000;
		clock.sync('2026-11-25T08:00:12.050Z', 9_900, 10_100);
		expect(clock.now()).toBe(Date.parse('2026-11-25T08:00:12.050Z'));
		// A 20-second round trip is too imprecise to trust over a 200 ms one.
		clock.sync('2026-11-25T09:00:00.000Z', 10_000, 30_000);
		expect(clock.now()).toBe(Date.parse('2026-11-25T08:00:12.050Z'));
	});
});

describe('formatRemaining', () => {
	it('shows minutes and seconds, hours when needed, never below zero', () => {
		expect(formatRemaining(75_000)).toBe('01:15');
		expect(formatRemaining(74_001)).toBe('01:15');
		expect(formatRemaining(3_725_000)).toBe('1:02:05');
		expect(formatRemaining(-5_000)).toBe('00:00');
	});
});
