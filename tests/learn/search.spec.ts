import { expect, test } from '@playwright/test';
import { signIn } from '../helpers/auth';

test('search finds "sinh hoạt chi bộ" typed with or without diacritics, with highlights', async ({
	page
}) => {
	await signIn(page, 'btc.tinh');
	await page.goto('/learn');
	await page
		.getByRole('searchbox', { name: 'Tìm trong các chuyên đề và bài học' })
		.fill('sinh hoat chi bo');
	await page.getByRole('button', { name: 'Tìm' }).click();
	await expect(page).toHaveURL(/\/search\?q=sinh\+hoat\+chi\+bo/);
	await expect(page.getByRole('status')).toContainText('kết quả cho “sinh hoat chi bo”');
	const lesson = page.getByRole('link', { name: 'Chuẩn bị buổi sinh hoạt chi bộ' });
	await expect(lesson).toHaveAttribute('href', '/learn/sinh-hoat-chi-bo/chuan-bi-sinh-hoat');
	await expect(lesson.locator('mark')).toHaveText(['sinh', 'hoạt', 'chi', 'bộ']);
	const withoutMarks = await page.locator('ol.hits > li').allTextContents();

	await page.getByLabel('Tìm trong các chuyên đề và bài học').fill('Sinh hoạt chi bộ');
	await page.getByRole('button', { name: 'Tìm' }).click();
	await expect(page.getByRole('status')).toContainText('kết quả cho “Sinh hoạt chi bộ”');
	expect(await page.locator('ol.hits > li').allTextContents()).toEqual(withoutMarks);

	await page.getByLabel('Tìm trong các chuyên đề và bài học').fill('biên bản');
	await page.getByRole('button', { name: 'Tìm' }).click();
	await expect(page.locator('.snippet mark').first()).toHaveText('biên');

	await page.getByLabel('Tìm trong các chuyên đề và bài học').fill('qwxz zzyq');
	await page.getByRole('button', { name: 'Tìm' }).click();
	await expect(page.getByRole('status')).toHaveText('Không tìm thấy kết quả nào cho “qwxz zzyq”.');
});
