import { expect, test } from '@playwright/test';
import { signIn } from '../helpers/auth';
import { chooseOption } from './choose';
import { expectAccessible, expectFitsScreen, PHONE } from '../helpers/narrow';

test.use({ viewport: PHONE });

const COHORT = 'Lớp nhắc việc Tân Lập (a11y)';
const MEETINGS = 'Sinh hoạt chi bộ thường kỳ';

test('the cohort list (with its form errors) and the reminders page fit a phone and pass axe', async ({
	page
}) => {
	await signIn(page, 'giangvien');
	await page.goto('/cohorts');
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Lớp bồi dưỡng');
	await expectFitsScreen(page);
	await expectAccessible(page);

	// A period that ends before it starts: the errors are shown, still on a phone and axe clean.
	await page.getByLabel('Tên lớp').fill(COHORT);
	await chooseOption(page, 'Đơn vị tổ chức', 'Đảng bộ xã Tân Lập');
	await page.getByLabel('Từ ngày').fill('2026-12-01');
	await page.getByLabel('Đến ngày').fill('2026-11-01');
	await page.getByRole('button', { name: 'Mở lớp' }).click();
	await expect(page.getByRole('alert')).toBeVisible();
	await expectFitsScreen(page);
	await expectAccessible(page);

	await page.getByLabel('Đến ngày').fill('2099-12-31');
	await page.getByRole('button', { name: 'Mở lớp' }).click();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText(COHORT);
	await chooseOption(page, 'Từ đơn vị', 'Đảng bộ xã Tân Lập');
	await page.getByLabel('Chức vụ').selectOption('secretaries');
	await page.getByRole('button', { name: 'Thêm học viên' }).click();
	await expect(page.getByRole('status')).toContainText(/Đã thêm \d+ học viên/);
	await chooseOption(page, 'Mô-đun', MEETINGS);
	await page.getByLabel('Yêu cầu').selectOption('read');
	await page.getByLabel('Hạn hoàn thành').fill('2026-01-15');
	await page.getByRole('button', { name: 'Giao việc', exact: true }).click();
	await expect(page.getByRole('columnheader', { name: new RegExp(MEETINGS) })).toBeVisible();

	await page.getByRole('link', { name: 'Danh sách nhắc việc (in)' }).click();
	await expect(page.getByRole('heading', { level: 1 })).toContainText('Danh sách nhắc việc');
	await expect(page.getByText('(Quá hạn)').first()).toBeVisible();
	await expectFitsScreen(page);
	await expectAccessible(page);

	// The overdue assignment goes again: other specs read these secretaries' home pages.
	await page.getByRole('link', { name: COHORT }).click();
	await page.getByRole('button', { name: `Bỏ việc: Đọc: ${MEETINGS}` }).click();
	await expect(page.getByRole('status')).toHaveText('Đã bỏ việc giao.');

	// The list now shows the new cohort.
	await page.goto('/cohorts');
	await expect(page.getByRole('link', { name: COHORT }).first()).toBeVisible();
	await expectFitsScreen(page);
	await expectAccessible(page);
});
