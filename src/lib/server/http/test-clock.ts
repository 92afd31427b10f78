/**
 * Browser tests fix the server's "now" for a request with the `x-test-now` header (an ISO
 * instant), so pages that print the date of something done during the test read the same on any
 * day, including the hours when Vietnam's date is a day ahead of UTC's. Only a server started with
 * TEST_CLOCK=1 (the browser-test servers in playwright.config.ts) honours it; with an https ORIGIN
 * (a real deployment) it refuses to start.
 */
export const TEST_NOW_HEADER = 'x-test-now';

export function testClockFromEnv(env: Record<string, string | undefined>): boolean {
	if (env.TEST_CLOCK !== '1') return false;
	if (env.ORIGIN?.startsWith('https:')) {
		throw new Error(
			'TEST_CLOCK=1 is for browser tests only and cannot be used with an https ORIGIN'
		);
	}
	return true;
}

/** When a request arrived: the app's clock, or the test's instant on a test-clock server. */
export function requestArrival(header: string | null, testClock: boolean, now = new Date()): Date {
	if (!testClock || !header) return now;
	const fixed = new Date(header);
	return Number.isNaN(fixed.getTime()) ? now : fixed;
}
