import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';

/**
 * Visits every module and lesson page of the served content at phone width and lists what is
 * wrong: axe violations and pages that scroll sideways at 360 px.
 */
export async function crawlContent(page: Page): Promise<{ pages: number; problems: string[] }> {
	await page.setViewportSize({ width: 360, height: 800 });
	await page.goto('/learn');
	const modules = await page
		.locator('ol.modules h2 a')
		.evaluateAll((links) => links.map((a) => a.getAttribute('href') ?? ''));
	const problems: string[] = [];
	let pages = 0;
	for (const module of modules) {
		await page.goto(module);
		const lessons = await page
			.locator('ol.lessons a')
			.evaluateAll((links) => links.map((a) => a.getAttribute('href') ?? ''));
		for (const path of [module, ...lessons]) {
			const response = await page.goto(path);
			pages++;
			if (response?.status() !== 200) problems.push(`${path}: HTTP ${response?.status()}`);
			const { violations } = await new AxeBuilder({ page }).analyze();
			for (const v of violations) problems.push(`${path}: ${v.id} ${v.nodes[0]?.target}`);
			const sideways = await page.evaluate(
				() => document.documentElement.scrollWidth > window.innerWidth + 1
			);
			if (sideways) problems.push(`${path}: scrolls sideways at 360px`);
		}
	}
	return { pages, problems };
}
