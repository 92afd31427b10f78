import AxeBuilder from '@axe-core/playwright';
import { expect, test } from '@playwright/test';
import { signIn } from '../helpers/auth';

test('the org pages have no detectable accessibility violations, also at phone width', async ({
	page
}) => {
	await signIn(page, 'quanly.tinh');
	await page.goto('/orgs?q=tan lap');
	await page.getByRole('link', { name: 'Đảng bộ xã Tân Lập' }).click();
	const unit = page.url();
	for (const width of [1280, 360]) {
		await page.setViewportSize({ width, height: 800 });
		for (const path of ['/orgs', unit, `${unit}/merge`, '/orgs/import']) {
			await page.goto(path);
			const { violations } = await new AxeBuilder({ page }).analyze();
			expect(violations.map((v) => `${path}: ${v.id} ${v.nodes[0]?.target}`)).toEqual([]);
			const overflow = await page.evaluate(
				() => document.documentElement.scrollWidth > window.innerWidth + 1
			);
			expect(overflow, `${path} scrolls sideways at ${width}px`).toBe(false);
		}
	}
});
