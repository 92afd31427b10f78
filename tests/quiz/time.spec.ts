import { expect, test } from '@playwright/test';
import { signIn } from '../helpers/auth';
import { choose, expectSaved, startQuiz } from './helpers';

const seconds = (text: string | null) => {
	const [m, s] = (text ?? '').split(':').map(Number);
	return m * 60 + s;
};

test('the countdown and the deadline are the server’s: moving the browser clock changes nothing', async ({
	page
}) => {
	await signIn(page, 'btc.tinh');
	// An hour fast before the attempt even starts…
	await page.clock.setSystemTime(Date.now() + 3_600_000);
	await startQuiz(page, 'fx-dong-ho');
	const timer = page.getByTestId('countdown');
	const first = seconds(await timer.textContent());
	expect(first).toBeGreaterThan(105);
	expect(first).toBeLessThanOrEqual(120);
	await page.waitForTimeout(2_500);
	const later = seconds(await timer.textContent());
	expect(first - later).toBeGreaterThanOrEqual(1);
	expect(first - later).toBeLessThanOrEqual(4);
	// …then two hours slow: the countdown does not jump, answers still save, nothing is submitted.
	await page.clock.setSystemTime(Date.now() - 7_200_000);
	await page.waitForTimeout(1_200);
	const afterJump = seconds(await timer.textContent());
	expect(later - afterJump).toBeGreaterThanOrEqual(0);
	expect(later - afterJump).toBeLessThanOrEqual(3);
	await choose(page, 1, 0);
	await expectSaved(page);
	await expect(page).toHaveURL(/\/attempts\/[0-9a-f-]+(\?.*)?$/);
});

test('a short time limit expires with the tab open: submitted automatically, results shown', async ({
	page
}) => {
	await signIn(page, 'quanly.tanlap');
	// A browser clock an hour slow does not buy any time.
	await page.clock.setSystemTime(Date.now() - 3_600_000);
	await startQuiz(page, 'fx-het-gio');
	await choose(page, 1, 0);
	await expectSaved(page);
	await page.waitForURL(/\/result$/, { timeout: 30_000 });
	await expect(page.getByText('tự động khi hết giờ')).toBeVisible();
	await expect(page.getByTestId('score')).toContainText('/3');
	await expect(page.getByText('Bạn chọn')).toHaveCount(1);
});

test('a short time limit expires with the tab closed: the server finishes it; later saves get 409', async ({
	page,
	context
}) => {
	await signIn(page, 'quanly.tinh');
	const id = await startQuiz(page, 'fx-bo-do');
	await choose(page, 2, 0);
	await expectSaved(page);
	await page.close();

	// Nobody comes back to the attempt: only the sweeper can finish it (8 s limit, 3 s grace,
	// sweep every 2 s). The quiz page reads the history without finishing anything itself.
	const other = await context.newPage();
	await expect
		.poll(
			async () => {
				await other.goto('/learn/fx-bo-do/quiz');
				return other.getByRole('row').nth(1).textContent();
			},
			{ timeout: 30_000, intervals: [1_000] }
		)
		.toMatch(/Chưa đạt|Đạt/);
	await expect(other.getByRole('row').nth(1)).toContainText('tự động khi hết giờ');
	await expect(other.getByRole('row').nth(1)).toContainText('%');

	const late = await other.request.post(`/attempts/${id}/answers`, {
		data: { saves: [{ position: 1, seq: 9, selected: [0], flagged: false }] }
	});
	expect(late.status()).toBe(409);
	expect((await late.json()).message).toContain('đã hết giờ');
	// And coming back does not reopen it: the attempt page sends to the result.
	await other.goto(`/attempts/${id}`);
	await expect(other).toHaveURL(new RegExp(`/attempts/${id}/result$`));
	await expect(other.getByText('Bạn chọn')).toHaveCount(1);
});
