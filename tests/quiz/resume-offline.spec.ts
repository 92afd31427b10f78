import { expect, test } from '@playwright/test';
import { signIn } from '../helpers/auth';
import { choose, expectSaved, question, startQuiz } from './helpers';

const checkedIndex = (page: import('@playwright/test').Page, n: number) =>
	question(page, n)
		.locator('input[name^="answer-"]')
		.evaluateAll((inputs) =>
			inputs.flatMap((i, k) => ((i as HTMLInputElement).checked ? [k] : []))
		);

test('reload mid-quiz and resume: answers, flags and the clock are where they were', async ({
	page
}) => {
	await signIn(page, 'giangvien');
	const id = await startQuiz(page, 'fx-tai-lai');
	await choose(page, 1, 1);
	await choose(page, 3, 0);
	await question(page, 3).getByLabel('Đánh dấu để xem lại').check();
	await expectSaved(page);
	const before = await page.getByTestId('countdown').textContent();

	await page.reload();
	await expect(page).toHaveURL(new RegExp(`/attempts/${id}`));
	await expect(page.getByTestId('answered-count')).toHaveText('Đã trả lời 2/5 câu');
	expect(await checkedIndex(page, 1)).toEqual([1]);
	expect(await checkedIndex(page, 3)).toEqual([0]);
	await expect(question(page, 3).getByLabel('Đánh dấu để xem lại')).toBeChecked();
	// The deadline did not move: the countdown went on, it did not restart.
	const after = await page.getByTestId('countdown').textContent();
	expect(after! <= before!).toBe(true);
	// Starting again from the quiz page resumes the same attempt.
	expect(await startQuiz(page, 'fx-tai-lai')).toBe(id);
});

test('offline for a while: answers wait in the browser, the page says so, and arrive when back', async ({
	page,
	context
}) => {
	await signIn(page, 'giangvien');
	await startQuiz(page, 'fx-mat-mang');
	await context.setOffline(true);
	await choose(page, 2, 0);
	await choose(page, 4, 1);
	await expect(page.getByTestId('save-status')).toContainText('Chưa lưu được 2 câu: mất kết nối');
	// Closing the tab now asks first.
	const asked = new Promise<string>((resolve) =>
		page.once('dialog', async (dialog) => {
			resolve(dialog.type());
			await dialog.dismiss();
		})
	);
	await page.close({ runBeforeUnload: true });
	expect(await asked).toBe('beforeunload');
	expect(page.isClosed()).toBe(false);
	// Still offline a while later, more changes queue up.
	await page.waitForTimeout(3000);
	await choose(page, 5, 0);
	await expect(page.getByTestId('save-status')).toContainText('Chưa lưu được 3 câu');

	await context.setOffline(false);
	await expectSaved(page);
	// A fresh page (no local copy needed) shows them: the server has them.
	await page.evaluate(() => localStorage.clear());
	await page.reload();
	await expect(page.getByTestId('answered-count')).toHaveText('Đã trả lời 3/5 câu');
	expect(await checkedIndex(page, 2)).toEqual([0]);
	expect(await checkedIndex(page, 4)).toEqual([1]);
});

test('answers made offline survive a reload before the connection returns', async ({ page }) => {
	await signIn(page, 'giangvien');
	await startQuiz(page, 'fx-mat-mang-tai-lai');
	await choose(page, 1, 0);
	await expectSaved(page);
	// The browser cannot reach the server (requests fail), but the page can still be reloaded
	// from the server: block only the autosave requests.
	await page.route('**/answers', (route) => route.abort('internetdisconnected'));
	await choose(page, 1, 1);
	await expect(page.getByTestId('save-status')).toContainText('Chưa lưu được 1 câu');
	page.once('dialog', (d) => d.accept());
	await page.reload();
	await page.unroute('**/answers');
	// The queued answer came back from the browser's storage and is sent now.
	expect(await checkedIndex(page, 1)).toEqual([1]);
	await expectSaved(page);
	await page.evaluate(() => localStorage.clear());
	await page.reload();
	expect(await checkedIndex(page, 1)).toEqual([1]);
});

test.describe('without JavaScript', () => {
	test.use({ javaScriptEnabled: false });

	test('each page is a form post; submit asks to confirm and lists unanswered questions', async ({
		page
	}) => {
		await page.goto('/login');
		await page.getByLabel('Tên đăng nhập').fill('giamkhao1');
		await page.getByLabel('Mật khẩu').fill('Demo@2026!');
		await page.getByRole('button', { name: 'Đăng nhập' }).click();
		await page.goto('/learn/fx-khong-js/quiz');
		await page.getByRole('button', { name: 'Bắt đầu làm bài' }).click();
		await expect(page.getByText('Câu trả lời được lưu khi bạn chuyển câu')).toBeVisible();
		await expect(page.locator('fieldset.question')).toHaveCount(1);
		await expect(page.getByRole('timer')).toHaveText(/^(10|09):\d\d$/);

		await question(page, 1).locator('label.option').first().click();
		await page.getByRole('button', { name: 'Câu sau →' }).click();
		await expect(question(page, 2)).toBeVisible();
		await question(page, 2).locator('label.option').nth(0).click();
		await question(page, 2).locator('label.option').nth(1).click();
		await question(page, 2).getByLabel('Đánh dấu để xem lại').check();
		// Through the navigator: saves this page and goes to question 1.
		await page.getByRole('button', { name: /^Câu 1,/ }).click();
		await expect(page.getByTestId('answered-count')).toHaveText('Đã trả lời 2/3 câu');
		await expect(
			page.getByRole('button', { name: 'Câu 2, đã trả lời, đánh dấu xem lại' })
		).toBeVisible();
		await expect(question(page, 1).locator('input[name^="answer-"]').first()).toBeChecked();

		await page.getByRole('button', { name: 'Nộp bài' }).click();
		const confirm = page.getByRole('region', { name: 'Nộp bài?' });
		await expect(confirm).toContainText('Bạn còn 1 câu chưa trả lời');
		await expect(confirm.getByRole('link', { name: 'Câu 3' })).toBeVisible();
		await confirm.getByRole('button', { name: 'Nộp bài' }).click();
		await expect(page).toHaveURL(/\/result$/);
		await expect(page.getByTestId('score')).toContainText('/3');
		await expect(page.getByText('Bạn chưa trả lời câu này.')).toHaveCount(1);
	});
});

test('signed out mid-quiz: answers wait, the page asks to sign in again, and they arrive afterwards', async ({
	page,
	context
}) => {
	await signIn(page, 'quanly.tanlap');
	const id = await startQuiz(page, 'fx-het-phien');
	await choose(page, 1, 2);
	await expectSaved(page);
	// The session ends (expired, or signed out elsewhere).
	await context.clearCookies({ name: 'bt_session' });
	await choose(page, 2, 3);
	await expect(page.getByTestId('save-status')).toContainText('phiên đăng nhập đã hết');
	const login = page.getByRole('link', { name: 'Đăng nhập lại (mở thẻ mới)' });
	await expect(login).toHaveAttribute(
		'href',
		`/login?redirectTo=${encodeURIComponent(`/attempts/${id}`)}`
	);

	// Signing in again in another tab, then coming back to this one, sends what was waiting.
	const other = await context.newPage();
	await signIn(other, 'quanly.tanlap');
	await other.close();
	await page.evaluate(() => window.dispatchEvent(new Event('focus')));
	await expectSaved(page);
	await page.evaluate(() => localStorage.clear());
	await page.reload();
	expect(await checkedIndex(page, 1)).toEqual([2]);
	expect(await checkedIndex(page, 2)).toEqual([3]);
});
