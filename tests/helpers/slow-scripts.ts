import type { Page } from '@playwright/test';

/**
 * A slow phone: the server-rendered page shows before its scripts arrive. Holds the app's
 * JavaScript back until the returned function is called.
 */
export async function holdScripts(page: Page): Promise<() => void> {
	let release!: () => void;
	const held = new Promise<void>((resolve) => (release = resolve));
	await page.route('**/_app/immutable/**/*.js', async (route) => {
		await held;
		await route.continue();
	});
	return release;
}
