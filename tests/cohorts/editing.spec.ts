import { expect, test } from '@playwright/test';
import { signIn } from '../helpers/auth';
import { chooseOption } from './choose';
import { expectAccessible, expectFitsScreen, PHONE } from '../helpers/narrow';

const COHORT = 'Lớp sửa thông tin Tân Lập (e2e)';
const RENAMED = 'Lớp sửa thông tin Tân Lập, khóa 2 (e2e)';
const MEETINGS = 'Sinh hoạt chi bộ thường kỳ';

test('a trainer renames a cohort, changes its period and trainers, removes a member and an assignment', async ({
	page
}) => {
	await signIn(page, 'giangvien');
	await page.goto('/cohorts');
	await page.getByLabel('Tên lớp').fill(COHORT);
	await chooseOption(page, 'Đơn vị tổ chức', 'Đảng bộ xã Tân Lập');
	await page.getByLabel('Từ ngày').fill('2026-12-01');
	await page.getByLabel('Đến ngày').fill('2099-12-31');
	await page.getByRole('button', { name: 'Mở lớp' }).click();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText(COHORT);
	const edit = page.getByRole('region', { name: 'Sửa thông tin lớp' });

	// A period that ends before it starts is refused, the typed values kept.
	await edit.getByLabel('Tên lớp').fill(RENAMED);
	await edit.getByLabel('Đến ngày').fill('2026-11-01');
	await edit.getByRole('button', { name: 'Lưu thông tin lớp' }).click();
	await expect(edit.getByRole('alert')).toBeVisible();
	await expect(edit.getByLabel('Đến ngày')).toHaveAttribute('aria-invalid', 'true');
	await expect(edit.getByLabel('Tên lớp')).toHaveValue(RENAMED);
	await expect(page.getByRole('heading', { level: 1 })).toHaveText(COHORT);

	await edit.getByLabel('Đến ngày').fill('2027-06-30');
	await edit.getByRole('button', { name: 'Lưu thông tin lớp' }).click();
	await expect(page.getByRole('status')).toHaveText('Đã lưu thông tin lớp.');
	await expect(page.getByRole('heading', { level: 1 })).toHaveText(RENAMED);
	await expect(page.getByText('01/12/2026 – 30/06/2027')).toBeVisible();

	// A co-trainer, then removed again; the last trainer has no remove button.
	const trainers = page.getByRole('region', { name: 'Giảng viên' });
	await expect(trainers.getByRole('button', { name: /^Bỏ giảng viên/ })).toHaveCount(0);
	const coTrainer = (await trainers.getByRole('combobox').locator('option').first().textContent())!;
	await trainers.getByRole('button', { name: 'Thêm', exact: true }).click();
	await expect(trainers.getByRole('listitem')).toHaveCount(2);
	await trainers
		.getByRole('button', { name: `Bỏ giảng viên ${coTrainer.trim()} khỏi lớp` })
		.click();
	await expect(page.getByRole('status')).toHaveText('Đã bỏ giảng viên khỏi lớp.');
	await expect(trainers.getByRole('listitem')).toHaveCount(1);

	// Members and an assignment, then one of each removed.
	await chooseOption(page, 'Từ đơn vị', 'Đảng bộ xã Tân Lập');
	await page.getByLabel('Chức vụ').selectOption('secretaries');
	await page.getByRole('button', { name: 'Thêm học viên' }).click();
	await expect(page.getByRole('status')).toContainText(/Đã thêm \d+ học viên/);
	const table = page.getByRole('table', { name: 'Tiến độ của học viên' });
	const members = await table.getByRole('rowheader').count();
	expect(members).toBeGreaterThan(1);
	await chooseOption(page, 'Mô-đun', MEETINGS);
	await page.getByLabel('Yêu cầu').selectOption('read');
	await page.getByLabel('Hạn hoàn thành').fill('2027-01-15');
	await page.getByRole('button', { name: 'Giao việc', exact: true }).click();
	await expect(table.getByRole('columnheader', { name: new RegExp(MEETINGS) })).toBeVisible();

	await table
		.getByRole('button', { name: /^Bỏ .* khỏi lớp$/ })
		.first()
		.click();
	await expect(page.getByRole('status')).toHaveText('Đã bỏ học viên khỏi lớp.');
	await expect(table.getByRole('rowheader')).toHaveCount(members - 1);
	await page.getByRole('button', { name: `Bỏ việc: Đọc: ${MEETINGS}` }).click();
	await expect(page.getByRole('status')).toHaveText('Đã bỏ việc giao.');
	await expect(table.getByRole('columnheader', { name: new RegExp(MEETINGS) })).toHaveCount(0);

	await page.setViewportSize(PHONE);
	await expectAccessible(page);
	await expect(edit).toBeVisible();
	await expectFitsScreen(page, '.table-wrap');
});
