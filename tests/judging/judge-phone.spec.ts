import { expect, test } from '@playwright/test';
import { JUDGING } from '../fixtures/e2e-data';
import { signIn } from '../helpers/auth';
import { expectAccessible, expectFitsScreen, PHONE } from '../helpers/narrow';

// A judge on a phone (issue 14): finds the rounds they score from the navigation, and scores
// with the browser's JavaScript off (the plain form post; the offline queue is the enhancement).

test.use({ viewport: PHONE });

test('a judge finds their panels from the navigation on a phone', async ({ page }) => {
	await signIn(page, 'giamkhao1');
	await page
		.getByRole('navigation', { name: 'Điều hướng chính' })
		.getByRole('link', { name: 'Chấm thi' })
		.click();
	await expect(page).toHaveURL(/\/contests\/judge$/);
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Chấm thi');
	await expectFitsScreen(page);
	await expectAccessible(page);
	await page.getByRole('link', { name: 'Xử lý tình huống (ma trận)' }).click();
	await expect(page).toHaveURL(new RegExp(`/contests/judge/${JUDGING.matrixRound}$`));
	await expect(page.getByTestId('sheet')).toBeVisible();
});

test.describe('without JavaScript', () => {
	test.use({ javaScriptEnabled: false });

	test('a judge scores two finalists with plain form posts, corrects one, and a refused sheet keeps its values', async ({
		page
	}) => {
		const p = JUDGING.plainForm;
		await signIn(page, p.judge);
		await page.goto('/contests/judge');
		await page.getByRole('link', { name: p.round }).click();
		const sheet = page.getByTestId('sheet');
		await expect(sheet.getByRole('heading', { level: 2 })).toHaveText(p.finalists[0]);
		await expectFitsScreen(page);

		// The server checks too: past the browser's own check (its max lifted), 70 of 60 is
		// refused and the form keeps what was typed.
		await sheet.getByLabel(/^Nội dung/).evaluate((el) => el.removeAttribute('max'));
		await sheet.getByLabel(/^Nội dung/).fill('70');
		await sheet.getByLabel(/^Trình bày/).fill('30');
		await sheet.getByRole('button', { name: /phiếu chấm/ }).click();
		await expect(sheet.getByRole('alert')).toBeVisible();
		await expect(sheet.getByLabel(/^Trình bày/)).toHaveValue('30');

		await sheet.getByLabel(/^Nội dung/).fill('50');
		await sheet.getByLabel('Nhận xét').fill('Chấm không cần JavaScript');
		await sheet.getByRole('button', { name: /phiếu chấm/ }).click();
		await expect(sheet.getByRole('status')).toHaveText('Đã gửi phiếu chấm.');
		await expect(sheet).toContainText('Điểm bạn đã chấm: 80');

		// The next finalist, by the plain link.
		await page.getByRole('link', { name: 'Thí sinh sau' }).click();
		await expect(sheet.getByRole('heading', { level: 2 })).toHaveText(p.finalists[1]);
		await sheet.getByLabel(/^Nội dung/).fill('40');
		await sheet.getByLabel(/^Trình bày/).fill('20');
		await sheet.getByRole('button', { name: /phiếu chấm/ }).click();
		await expect(sheet).toContainText('Điểm bạn đã chấm: 60');

		// Back to the first by the list, and a correction: the second version.
		await page
			.getByRole('combobox', { name: 'Thí sinh' })
			.selectOption({ label: `${p.finalists[0]} ✓` });
		await page.getByRole('button', { name: 'Mở' }).click();
		await expect(sheet.getByRole('heading', { level: 2 })).toHaveText(p.finalists[0]);
		await expect(sheet.getByLabel(/^Nội dung/)).toHaveValue('50');
		await sheet.getByLabel(/^Nội dung/).fill('55');
		await sheet.getByRole('button', { name: /phiếu chấm/ }).click();
		await expect(sheet).toContainText('Điểm bạn đã chấm: 85 (lần 2)');
		// (axe needs the page's JavaScript: the scoring page is checked with it in finals.spec.ts.)
	});
});
