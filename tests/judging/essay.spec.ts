import { expect, test, type Page } from '@playwright/test';
import { JUDGING } from '../fixtures/e2e-data';
import { signIn } from '../helpers/auth';
import { expectAccessible } from '../helpers/narrow';

// An essay round (issue 14): the candidate writes the essay in the app (autosaved, kept over a
// reload, queued while offline), submits it, and a judge of the panel reads it by candidate code.

const e = JUDGING.essay;
const left = (text: string) =>
	`Còn ${new Intl.NumberFormat('vi').format(10_000 - text.length)} ký tự`;
const saved = (page: Page) =>
	page.waitForResponse(
		(r) => r.url().endsWith('/answers') && r.request().method() === 'POST' && r.status() === 200
	);

test('a candidate writes and submits an essay; the judge reads it by candidate code', async ({
	page,
	context,
	browser
}) => {
	await signIn(page, e.candidate);
	await page.goto('/contests');
	await page.getByRole('link', { name: e.round }).click();
	await page.getByRole('button', { name: 'Vào thi' }).click();
	await page.waitForURL(/\/attempts\/[0-9a-f-]{36}(\?.*)?$/);
	await expect(page.getByTestId('save-status')).toBeVisible();
	await expect(page.getByRole('heading', { level: 1 })).toContainText(e.round);
	await expect(page.locator('fieldset.question .stem')).toHaveText(e.prompt);

	const essay = page.getByLabel('Bài làm của đồng chí');
	const first = 'Mở bài: chi bộ là nền tảng của Đảng ở cơ sở.';
	let stored = saved(page);
	await essay.fill(first);
	await expect(page.getByText(left(first), { exact: true })).toBeVisible();
	await stored;
	await expect(page.getByTestId('save-status')).toHaveText('Đã lưu');
	// Pasting is allowed (text inserted at once, as a paste does).
	stored = saved(page);
	const pasted = '\nThân bài: đổi mới nội dung, hình thức sinh hoạt.';
	await essay.press('Control+End');
	await page.keyboard.insertText(pasted);
	await stored;
	const written = first + pasted;
	await expect(essay).toHaveValue(written);

	// A reload shows the text from the server (nothing kept in the browser).
	await page.evaluate(() => localStorage.clear());
	await page.reload();
	await expect(page.getByLabel('Bài làm của đồng chí')).toHaveValue(written);
	await expect(page.getByText(left(written), { exact: true })).toBeVisible();
	await expect(page.getByTestId('answered-count')).toHaveText('Đã trả lời 1/1 câu');
	await expectAccessible(page);

	// Offline: the text waits in the browser, the page says so, and it is saved once back.
	await expect(page.getByTestId('save-status')).toBeVisible();
	await context.setOffline(true);
	const more = '\nKết luận: nâng cao chất lượng sinh hoạt chi bộ.';
	await essay.press('Control+End');
	await page.keyboard.insertText(more);
	await essay.blur();
	await expect(page.getByTestId('save-status')).toContainText('Chưa lưu được 1 câu');
	stored = saved(page);
	await context.setOffline(false);
	await stored;
	await expect(page.getByTestId('save-status')).toHaveText('Đã lưu');
	const final = written + more;

	await page.getByRole('button', { name: 'Nộp bài' }).click();
	await page.getByRole('dialog').getByRole('button', { name: 'Nộp bài' }).click();
	await page.waitForURL(/\/result/);
	// An essay has no correct answers to promise: the page says the judges score it.
	await expect(page.getByText('Số câu đúng')).toHaveCount(0);
	await expect(page.getByText('Bài viết do ban giám khảo chấm')).toBeVisible();

	// The judge on the panel: the essay under the candidate's code, never the name or unit.
	const judging = await browser.newContext();
	const judge = await judging.newPage();
	await signIn(judge, e.judge);
	await judge.goto('/contests/judge');
	await judge.getByRole('link', { name: e.round }).click();
	const sheet = judge.getByTestId('sheet');
	await expect(sheet.getByRole('heading', { level: 2 })).toHaveText(/^[A-Z2-9]{8}$/);
	await expect(sheet.getByTestId('essay')).toContainText(e.prompt);
	expect(await sheet.locator('.essay-text').innerText()).toBe(final);
	await expectAccessible(judge);
	await expect(judge.getByText(e.candidateName)).toHaveCount(0);
	await judging.close();
});

test.describe('without JavaScript', () => {
	test.use({ javaScriptEnabled: false });

	test('a candidate writes, saves and submits the essay with plain form posts', async ({
		page
	}) => {
		await signIn(page, e.plainCandidate);
		await page.goto('/contests');
		await page.getByRole('link', { name: e.round }).click();
		await page.getByRole('button', { name: 'Vào thi' }).click();
		await page.waitForURL(/\/attempts\/[0-9a-f-]{36}(\?.*)?$/);
		const essay = page.getByLabel('Bài làm của đồng chí');
		const text = 'Viết không cần JavaScript.\nĐoạn thứ hai.';
		await essay.fill(text);
		await page.getByRole('button', { name: 'Lưu câu trả lời' }).click();
		await expect(page.getByLabel('Bài làm của đồng chí')).toHaveValue(text);
		await expect(page.getByText(left(text), { exact: true })).toBeVisible();
		// The submit saves what is in the field too, then asks to confirm.
		const more = `${text}\nKết luận.`;
		await page.getByLabel('Bài làm của đồng chí').fill(more);
		await page.getByRole('button', { name: 'Nộp bài' }).click();
		await expect(page.getByRole('heading', { level: 2, name: /Nộp bài/ })).toBeVisible();
		await expect(page.getByLabel('Bài làm của đồng chí')).toHaveValue(more);
		await page.locator('[data-no-script-confirm]').getByRole('button', { name: 'Nộp bài' }).click();
		await page.waitForURL(/\/result/);
	});
});
