import AxeBuilder from '@axe-core/playwright';
import { expect, test } from '@playwright/test';
import { signIn } from '../helpers/auth';

test('the learning pages have no detectable accessibility violations and fit a phone', async ({
	page
}) => {
	await signIn(page, 'giangvien');
	const paths = [
		'/learn',
		'/learn/sinh-hoat-chi-bo',
		'/learn/sinh-hoat-chi-bo/chuan-bi-sinh-hoat',
		'/learn/danh-gia-xep-loai/quy-dinh-moi',
		'/search?q=sinh+hoat',
		'/content-review'
	];
	for (const width of [1280, 360]) {
		await page.setViewportSize({ width, height: 800 });
		for (const path of paths) {
			await page.goto(path);
			const { violations } = await new AxeBuilder({ page }).analyze();
			expect(violations.map((v) => `${path}: ${v.id} ${v.nodes[0]?.target}`)).toEqual([]);
			const overflow = await page.evaluate(
				() => document.documentElement.scrollWidth > window.innerWidth + 1
			);
			expect(overflow, `${path} scrolls sideways at ${width}px`).toBe(false);
			// Nothing of the question banks' answers reaches the reading pages.
			expect(await page.content()).not.toContain('CANARY-EXPLANATION');
		}
	}
});

test('unknown modules and lessons are 404', async ({ page }) => {
	await signIn(page, 'giangvien');
	expect((await page.goto('/learn/khong-co'))?.status()).toBe(404);
	expect((await page.goto('/learn/sinh-hoat-chi-bo/khong-co'))?.status()).toBe(404);
	expect((await page.goto('/learn/sinh-hoat-chi-bo/images/khong-co.png'))?.status()).toBe(404);
});
