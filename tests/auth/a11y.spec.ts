import AxeBuilder from '@axe-core/playwright';
import { expect, test } from '@playwright/test';
import { signIn } from '../helpers/auth';

const scan = async (page: import('@playwright/test').Page) =>
	(await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa']).analyze()).violations.map(
		(v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`
	);

test('sign-in, activation and home pages have no axe violations, on a phone too', async ({
	page
}) => {
	for (const width of [360, 1280]) {
		await page.setViewportSize({ width, height: 800 });
		for (const path of ['/', '/login', '/activate']) {
			await page.goto(path);
			expect(await scan(page), `${path} at ${width}px`).toEqual([]);
		}
	}
});

test('signed-in pages have no axe violations and the page does not scroll sideways at 360 px', async ({
	page
}) => {
	await page.setViewportSize({ width: 360, height: 740 });
	await signIn(page, 'admin');
	for (const path of ['/', '/account', '/admin/users']) {
		await page.goto(path);
		expect(await scan(page), path).toEqual([]);
		const overflow = await page.evaluate(
			() => document.documentElement.scrollWidth - window.innerWidth
		);
		expect(overflow, path).toBeLessThanOrEqual(0);
	}
});

test('the keyboard reaches the skip link first and it moves focus to the content', async ({
	page
}) => {
	await page.goto('/login');
	await page.keyboard.press('Tab');
	const skip = page.getByRole('link', { name: 'Bỏ qua, đến nội dung chính' });
	await expect(skip).toBeFocused();
	await page.keyboard.press('Enter');
	await expect(page).toHaveURL(/#main$/);
});
