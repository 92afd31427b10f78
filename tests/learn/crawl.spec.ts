import AxeBuilder from '@axe-core/playwright';
import { expect, test } from '@playwright/test';
import { signIn } from '../helpers/auth';

// Every module and lesson of the served content (the fixtures here; run with
// E2E_CONTENT_DIR=content to check the real modules): accessible, and no sideways scrolling on
// a 360 px phone.
test('every module and lesson page is accessible and fits a phone', async ({ page }) => {
	test.setTimeout(300_000);
	await signIn(page, 'giangvien');
	await page.setViewportSize({ width: 360, height: 800 });
	await page.goto('/learn');
	const modules = await page
		.locator('ol.modules h2 a')
		.evaluateAll((links) => links.map((a) => a.getAttribute('href') ?? ''));
	expect(modules.length).toBeGreaterThan(0);
	const problems: string[] = [];
	for (const module of modules) {
		await page.goto(module);
		const lessons = await page
			.locator('ol.lessons a')
			.evaluateAll((links) => links.map((a) => a.getAttribute('href') ?? ''));
		for (const path of [module, ...lessons]) {
			await page.goto(path);
			const { violations } = await new AxeBuilder({ page }).analyze();
			for (const v of violations) problems.push(`${path}: ${v.id} ${v.nodes[0]?.target}`);
			const sideways = await page.evaluate(
				() => document.documentElement.scrollWidth > window.innerWidth + 1
			);
			if (sideways) problems.push(`${path}: scrolls sideways at 360px`);
		}
	}
	expect(problems).toEqual([]);
});
