import { expect, test } from '@playwright/test';
import { signIn } from '../helpers/auth';

const LESSON_1 = '/learn/sinh-hoat-chi-bo/chuan-bi-sinh-hoat';
const LESSON_2 = '/learn/sinh-hoat-chi-bo/dien-bien-buoi-sinh-hoat';

test('an opened lesson can be read offline; sign-out empties the offline cache', async ({
	page,
	context
}) => {
	await signIn(page, 'giamkhao1');
	await page.goto(LESSON_1);
	await expect(page.getByText('Có thể đọc ngoại tuyến')).toBeVisible();

	await context.setOffline(true);
	const response = await page.reload();
	expect(response?.fromServiceWorker()).toBe(true);
	await expect(page.getByRole('heading', { level: 1 })).toHaveText(
		'Chuẩn bị buổi sinh hoạt chi bộ'
	);
	await expect(
		page.getByRole('img', { name: 'Sơ đồ các bước chuẩn bị sinh hoạt chi bộ' })
	).toHaveJSProperty('complete', true);
	expect(
		await page
			.getByRole('img', { name: 'Sơ đồ các bước chuẩn bị sinh hoạt chi bộ' })
			.evaluate((img: HTMLImageElement) => img.naturalWidth)
	).toBe(120);
	// Styles come from the cache too: the callout keeps its colours.
	await expect(page.getByRole('note', { name: 'Ví dụ' })).toHaveCSS(
		'background-color',
		'rgb(245, 243, 255)'
	);

	// A lesson never opened is not available, and says so.
	await page.goto(LESSON_2);
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Bạn đang ngoại tuyến');

	await context.setOffline(false);
	await page.goto(LESSON_1);
	expect(
		await page.evaluate(async () => (await (await caches.open('bt-offline-v1')).keys()).length)
	).toBeGreaterThan(2);
	await page.getByRole('button', { name: 'Đăng xuất' }).click();
	await expect(page).toHaveURL(/\/login/);
	await expect.poll(() => page.evaluate(() => caches.has('bt-offline-v1'))).toBe(false);
});
