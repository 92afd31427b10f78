import { expect, test } from '@playwright/test';
import { signIn } from '../helpers/auth';
import { startQuiz } from './helpers';

// Issue 15 ("the browser during an outage"): a save the server does not answer (its database is
// down or stuck) must not show "saving…" for long, and the submit must carry the answer so that
// the score has it whether or not the slow save ever commits.
test('a save with no reply says "not saved yet" within seconds, and the submit still counts the answer', async ({
	page
}) => {
	await signIn(page, 'giangvien');
	await startQuiz(page, 'fx-cham-tra-loi');
	// Autosaves reach nothing that answers: held until the page gives up on them.
	await page.route('**/answers', () => {});
	const keyOf = (n: number) =>
		page
			.locator('fieldset.question')
			.filter({ hasText: `Câu hỏi một lựa chọn số ${n}:` })
			.locator('label.option')
			.filter({ hasText: `Mỗi tháng một lần (câu ${n})` });
	// The quiz draws the questions in its own order; answer two of them right, wherever they are.
	const showAll = page.getByRole('link', { name: 'Hiện tất cả câu hỏi trên một trang' });
	if (await showAll.isVisible()) await showAll.click();
	await keyOf(2).click();
	await keyOf(4).click();
	const status = page.getByTestId('save-status');
	await expect(status).toContainText('Đang lưu');
	// SAVE_TIMEOUT_MS is 5 s (plus the 0.4 s pause before a save): well within 9 s.
	await expect(status).toContainText('Chưa lưu được 2 câu: máy chủ chưa trả lời', {
		timeout: 9_000
	});
	await expect(page.getByRole('status').filter({ hasText: 'máy chủ chưa trả lời' })).toHaveCount(1);

	await page.getByRole('button', { name: 'Nộp bài' }).click();
	const dialog = page.getByRole('dialog', { name: 'Nộp bài?' });
	await dialog.getByRole('button', { name: 'Nộp bài' }).click();
	await expect(page).toHaveURL(/\/result$/, { timeout: 20_000 });
	// Never acknowledged by an autosave, yet both answers are in the score.
	await expect(page.getByTestId('score')).toContainText('Điểm: 2/5');
});
