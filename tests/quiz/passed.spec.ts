import { expect, test } from '@playwright/test';
import { signIn } from '../helpers/auth';
import { expectSaved, startQuiz } from './helpers';

test('passing a practice quiz marks the module as passed on the catalog and the module page', async ({
	page
}) => {
	await signIn(page, 'bithu.dongchua');
	await page.goto('/learn/fx-mot-lan');
	const panel = page.locator('[data-quiz-panel]');
	await expect(panel).toContainText('chưa có');
	await expect(panel).not.toContainText('Đã đạt bài luyện tập');

	await startQuiz(page, 'fx-mot-lan');
	await expect(page.locator('fieldset.question')).toHaveCount(3);
	for (const answer of [
		'Mỗi tháng một lần (câu 1)',
		'Giáo dục đảng viên (câu 2)',
		'Quản lý đảng viên (câu 2)',
		'Đúng'
	]) {
		await page.locator('label.option', { hasText: answer }).click();
	}
	await expectSaved(page);
	await page.getByRole('button', { name: 'Nộp bài' }).click();
	await page
		.getByRole('dialog', { name: 'Nộp bài?' })
		.getByRole('button', { name: 'Nộp bài' })
		.click();
	await page.waitForURL(/\/result$/);
	await expect(page.getByTestId('verdict')).toHaveText('Đạt');

	await page.goto('/learn');
	await expect(page.locator('[data-module="fx-mot-lan"]')).toContainText('Đã đạt bài luyện tập');
	await expect(page.locator('[data-module="fx-co-ban"]')).not.toContainText('Đã đạt bài luyện tập');
	await page.goto('/learn/fx-mot-lan');
	await expect(panel).toContainText('Đã đạt bài luyện tập');
	await expect(panel).toContainText('100 %');
});
