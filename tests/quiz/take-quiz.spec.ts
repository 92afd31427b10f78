import { expect, test } from '@playwright/test';
import { signIn } from '../helpers/auth';
import { CANARY } from '../fixtures/quiz/canaries.js';
import { choose, expectSaved, question, startQuiz } from './helpers';

test.describe('on a phone', () => {
	test.use({ viewport: { width: 390, height: 844 } });

	test('take a quiz to the end, one question at a time, then review it', async ({ page }) => {
		await signIn(page, 'bithu.dongchua');
		await startQuiz(page, 'fx-co-ban');
		await expect(page.getByTestId('answered-count')).toHaveText('Đã trả lời 0/5 câu');
		await expect(page.locator('fieldset.question')).toHaveCount(1);

		// Answer questions 1–4 with the first option, flag question 2, leave question 5 blank.
		for (let n = 1; n <= 4; n++) {
			await expect(question(page, n)).toBeVisible();
			await choose(page, n, 0);
			if (n === 2) await question(page, n).getByLabel('Đánh dấu để xem lại').check();
			await page.getByRole('button', { name: 'Câu sau →' }).click();
		}
		await expect(page.getByTestId('answered-count')).toHaveText('Đã trả lời 4/5 câu');
		await expectSaved(page);
		const nav = page.getByRole('navigation', { name: 'Danh sách câu hỏi' });
		await expect(
			nav.getByRole('button', { name: 'Câu 2, đã trả lời, đánh dấu xem lại' })
		).toBeVisible();
		await expect(nav.getByRole('button', { name: 'Câu 5, chưa trả lời' })).toHaveAttribute(
			'aria-current',
			'step'
		);
		// The navigator jumps straight to a question.
		await nav.getByRole('button', { name: /^Câu 3,/ }).click();
		await expect(question(page, 3)).toBeVisible();

		await page.getByRole('button', { name: 'Nộp bài' }).click();
		const dialog = page.getByRole('dialog', { name: 'Nộp bài?' });
		await expect(dialog).toContainText('Bạn còn 1 câu chưa trả lời');
		await expect(dialog.getByRole('button', { name: 'Câu 5' })).toBeVisible();
		await expect(dialog).toContainText('Các câu đánh dấu xem lại: 2.');
		await dialog.getByRole('button', { name: 'Nộp bài' }).click();

		await page.waitForURL(/\/result$/);
		await expect(page.getByTestId('score')).toContainText(/Điểm: [\d,]+\/5/);
		const verdict = await page.getByTestId('verdict').textContent();
		expect(['Đạt', 'Chưa đạt']).toContain(verdict?.trim());
		await expect(page.getByRole('heading', { name: 'Kết quả theo chủ đề' })).toBeVisible();
		// Full review: every question with the learner's answer, the right one, explanation, source.
		const reviewed = page.locator('article.question');
		await expect(reviewed).toHaveCount(5);
		await expect(page.getByText('Đáp án đúng')).toHaveCount(
			await page.locator('li.correct').count()
		);
		await expect(page.getByText('Bạn chọn')).toHaveCount(4);
		await expect(page.getByText('Bạn chưa trả lời câu này.')).toHaveCount(1);
		await expect(reviewed.first()).toContainText(CANARY.explanation);
		await expect(reviewed.first()).toContainText('Điều lệ Đảng (kiểm thử)');
		// The locator follows the document's title after a space: "… title (Điều 1 …)".
		await expect(reviewed.first().locator('p.sources')).toContainText(
			/[^\s(] \(Điều \d+ CANARYSRC/
		);
		// The score agrees with the questions marked right.
		const right = await page.locator('article.question .badge.right').count();
		await expect(page.getByTestId('score')).toContainText(`Điểm: ${right}/5`);

		// The quiz page lists the attempt in the history.
		await page.getByRole('link', { name: 'Về trang bài luyện tập' }).click();
		await expect(page.getByRole('row')).toHaveCount(2);
		await expect(page.getByRole('row').nth(1)).toContainText(`${right * 20} %`);
	});
});

test('on a wide screen all questions are on one page; the view can switch', async ({ page }) => {
	await signIn(page, 'bithu.tdp1');
	await startQuiz(page, 'fx-co-ban');
	await expect(page.locator('fieldset.question')).toHaveCount(5);
	await page.getByRole('link', { name: 'Hiện từng câu một' }).click();
	await expect(page.locator('fieldset.question')).toHaveCount(1);
	await page.getByRole('link', { name: 'Hiện tất cả câu hỏi trên một trang' }).click();
	await expect(page.locator('fieldset.question')).toHaveCount(5);
	// Leave every question blank: submit needs the confirmation, which lists all five.
	await page.getByRole('button', { name: 'Nộp bài' }).click();
	await expect(page.getByRole('dialog')).toContainText('Bạn còn 5 câu chưa trả lời');
	await page.getByRole('button', { name: 'Quay lại làm tiếp' }).click();
	await expect(page.getByRole('dialog')).toBeHidden();
	await expect(page).toHaveURL(/\/attempts\/[0-9a-f-]+(\?.*)?$/);
});

test('mistakes go to the review deck and can be practised', async ({ page }) => {
	await signIn(page, 'bithu.tdp1');
	// Submit an attempt blank (the previous test's, if it left one open): five mistakes.
	await startQuiz(page, 'fx-co-ban');
	await page.getByRole('button', { name: 'Nộp bài' }).click();
	await page.getByRole('dialog').getByRole('button', { name: 'Nộp bài' }).click();
	await page.waitForURL(/\/result$/);
	await expect(page.getByTestId('verdict')).toHaveText('Chưa đạt');
	await page.getByRole('link', { name: 'Ôn lại câu đã sai (5 câu)' }).click();

	await expect(page.getByTestId('deck-due')).toHaveText('Đến lượt ôn: 5 câu');
	await page.getByRole('button', { name: 'Ôn ngay (5 câu)' }).click();
	await page.waitForURL(/\/attempts\//);
	await expect(page.getByRole('heading', { name: 'Ôn lại câu đã sai' })).toBeVisible();
	await expect(page.locator('fieldset.question')).toHaveCount(5);
	await page.getByRole('button', { name: 'Nộp bài' }).click();
	await page.getByRole('dialog').getByRole('button', { name: 'Nộp bài' }).click();
	await page.waitForURL(/\/result$/);
	// Blank again: every card stays in box 1, no longer due until tomorrow.
	await page.goto('/review');
	await expect(page.getByTestId('deck-due')).toHaveText('Đến lượt ôn: 0 câu');
	await expect(page.getByText('Hộp 1 (ôn lại sau 1 ngày)')).toBeVisible();
	await expect(page.getByText(/Lượt tiếp theo/)).toBeVisible();
});
