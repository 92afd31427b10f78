import { expect, test } from '@playwright/test';
import { signIn } from '../helpers/auth';

test('in English, translated lessons show English and untranslated ones fall back with a notice', async ({
	page
}) => {
	await signIn(page, 'giamkhao1');
	// The choice is stored on the account: put it back afterwards for the other tests.
	await page.getByLabel(/^(Ngôn ngữ|Language)$/).selectOption('en');
	await page.getByRole('button', { name: /^(Đổi|Change)$/ }).click();
	await page.goto('/learn');
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Learning');
	await expect(page.getByRole('link', { name: 'Regular party cell meetings' })).toBeVisible();

	await page.goto('/learn/sinh-hoat-chi-bo/chuan-bi-sinh-hoat');
	await expect(page.getByRole('heading', { level: 1 })).toHaveText(
		'Preparing a party cell meeting'
	);
	await expect(page.locator('article')).toHaveAttribute('lang', 'en');
	await expect(page.getByRole('note', { name: 'Example' })).toBeVisible();
	await expect(page.getByText('has not been translated')).toHaveCount(0);

	await page.getByRole('link', { name: /Next lesson/ }).click();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Diễn biến buổi sinh hoạt');
	await expect(page.getByRole('note')).toHaveText(
		'This has not been translated into English yet; showing the Vietnamese text.'
	);
	await expect(page.locator('article')).toHaveAttribute('lang', 'vi');
	await expect(page.locator('article')).toContainText('Chủ trì kiểm tra số lượng đảng viên');

	await page.goto('/search?q=phan+mo+dau');
	await expect(page.getByRole('link', { name: 'Diễn biến buổi sinh hoạt' })).toBeVisible();
});

test.afterEach(async ({ page }) => {
	await page.getByLabel(/^(Ngôn ngữ|Language)$/).selectOption('vi');
	await page.getByRole('button', { name: /^(Đổi|Change)$/ }).click();
	await expect(page.getByRole('button', { name: 'Đăng xuất' })).toBeVisible();
});
