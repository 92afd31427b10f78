import { expect, test } from '@playwright/test';
import { signIn } from '../helpers/auth';

test('the XSS corpus lesson renders without running anything', async ({ page }) => {
	const dialogs: string[] = [];
	const cspViolations: string[] = [];
	page.on('dialog', (d) => {
		dialogs.push(d.message());
		void d.dismiss();
	});
	page.on('console', (msg) => {
		if (/Content Security Policy/i.test(msg.text())) cspViolations.push(msg.text());
	});
	await signIn(page, 'admin');
	await page.goto('/learn/kiem-thu-an-toan/xss');
	await expect(page.getByText('Kết thúc bộ mẫu XSS.')).toBeVisible();
	// Fire every event a payload could hang a handler on, on every element of the lesson.
	await page.locator('article').evaluate((article) => {
		for (const el of article.querySelectorAll('*')) {
			for (const type of ['mouseover', 'click', 'focus', 'toggle', 'load', 'error']) {
				el.dispatchEvent(new Event(type, { bubbles: true }));
			}
		}
	});
	await page.waitForTimeout(300);
	expect(
		await page.evaluate(() => (window as unknown as { __xss?: string }).__xss)
	).toBeUndefined();
	expect(dialogs).toEqual([]);
	expect(
		await page
			.locator(
				'article script, article iframe, article svg, article [onerror], article [onclick], article [style]'
			)
			.count()
	).toBe(0);
	expect(await page.locator('article a[href^="javascript"]').count()).toBe(0);
	// Script-like text is shown as text.
	await expect(page.locator('article code').first()).toHaveText(
		"<script>window.__xss = 'code'</script>"
	);
	expect(cspViolations).toEqual([]);
});
