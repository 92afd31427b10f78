import { expect, test } from '@playwright/test';
import { signIn } from '../helpers/auth';
import { crawlContent } from '../helpers/crawl';

// The shipped modules in content/, served as `npm start` serves them.

test('all 11 shipped modules and their lessons open, are accessible and fit a phone', async ({
	page
}) => {
	test.setTimeout(600_000);
	await signIn(page, 'giangvien');
	const { pages, problems } = await crawlContent(page);
	expect(pages).toBeGreaterThanOrEqual(11 + 33);
	expect(problems).toEqual([]);
});

test('a shipped practice quiz can be taken to the end and reviewed with explanations and sources', async ({
	page
}) => {
	await signIn(page, 'bithu.tdp1');
	await page.goto('/learn/vai-tro-chi-bo/quiz');
	await page.getByRole('button', { name: 'Bắt đầu làm bài' }).click();
	await page.waitForURL(/\/attempts\/[0-9a-f-]{36}/);
	const questions = page.locator('fieldset.question');
	await expect(questions).toHaveCount(10);
	for (let i = 0; i < 10; i++) await questions.nth(i).locator('label.option').first().click();
	await expect(page.getByTestId('save-status')).toHaveText('Đã lưu');
	await page.getByRole('button', { name: 'Nộp bài' }).click();
	await page.getByRole('dialog', { name: 'Nộp bài?' }).getByRole('button', { name: 'Nộp bài' }).click();
	await page.waitForURL(/\/result$/);
	await expect(page.getByTestId('score')).toContainText(/\/10/);
	const reviewed = page.locator('article.question');
	await expect(reviewed).toHaveCount(10);
	// Every reviewed question shows its explanation and cites a registered source.
	for (let i = 0; i < 10; i++) {
		await expect(reviewed.nth(i)).toContainText('Giải thích');
		await expect(reviewed.nth(i)).toContainText(/Nguồn|Điều lệ Đảng|Quy định|Hướng dẫn|Nghị quyết|Kế hoạch|Báo/);
	}
});
