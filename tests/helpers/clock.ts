import type { Page } from '@playwright/test';
import { TEST_NOW_HEADER } from '../../src/lib/server/http/test-clock';

/**
 * Runs `action` with the server's clock at `instant` (the browser-test server honours the header,
 * see src/lib/server/http/test-clock.ts), then gives the server back its own clock.
 */
export async function atServerTime<T>(page: Page, instant: string, action: () => Promise<T>) {
	await page.setExtraHTTPHeaders({ [TEST_NOW_HEADER]: instant });
	try {
		return await action();
	} finally {
		await page.setExtraHTTPHeaders({});
	}
}
