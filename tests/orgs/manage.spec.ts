import { expect, test } from '@playwright/test';
import { signIn } from '../helpers/auth';

test.describe('without JavaScript', () => {
	test.use({ javaScriptEnabled: false });

	test('a commune manager adds a cell, sees a clear error for a taken code, renames and moves it', async ({
		page
	}) => {
		await signIn(page, 'quanly.tanlap');
		await page.goto('/orgs?q=tan lap');
		await page.getByRole('link', { name: 'Đảng bộ xã Tân Lập' }).click();
		const commune = page.url();

		const create = page.getByRole('form', { name: 'Thêm đơn vị trực thuộc' });
		await create.getByLabel('Mã đơn vị').fill('SH-TL-01');
		await create.getByLabel('Tên đơn vị').fill('Chi bộ thôn Pác Nặm');
		await create.getByRole('button', { name: 'Thêm đơn vị' }).click();
		const retry = page.getByRole('form', { name: 'Thêm đơn vị trực thuộc' });
		await expect(retry.getByText('Mã này đã được dùng cho đơn vị khác.')).toBeVisible();
		await expect(retry.getByLabel('Mã đơn vị')).toHaveAttribute('aria-invalid', 'true');
		await expect(retry.getByLabel('Tên đơn vị')).toHaveValue('Chi bộ thôn Pác Nặm');
		await retry.getByLabel('Mã đơn vị').fill('sh-tl-20');
		await retry.getByRole('button', { name: 'Thêm đơn vị' }).click();
		await page.getByRole('link', { name: 'Đã thêm Chi bộ thôn Pác Nặm.' }).click();
		await expect(page.getByRole('heading', { level: 1 })).toHaveText('Chi bộ thôn Pác Nặm');
		await expect(page.getByText('Mã: SH-TL-20')).toBeVisible();

		const edit = page.getByRole('form', { name: 'Sửa mã, tên, loại' });
		await edit.getByLabel('Tên đơn vị').fill('Chi bộ thôn Pác Nặm Mới');
		await edit.getByRole('button', { name: 'Lưu' }).click();
		await expect(page.getByRole('heading', { level: 1 })).toHaveText('Chi bộ thôn Pác Nặm Mới');

		// Moving outside the commune is refused; moving under the commune's own cell works.
		const move = page.getByRole('form', { name: 'Chuyển sang đơn vị cấp trên khác' });
		await move.getByLabel('Mã đơn vị cấp trên mới').fill('SH-HP');
		await move.getByRole('button', { name: 'Chuyển đơn vị' }).click();
		await expect(page.getByRole('alert')).toHaveText(
			'Không có đơn vị mang mã này trong phạm vi quản lý của bạn.'
		);
		await page
			.getByRole('form', { name: 'Chuyển sang đơn vị cấp trên khác' })
			.getByLabel('Mã đơn vị cấp trên mới')
			.fill('SH-TL-02');
		await page.getByRole('button', { name: 'Chuyển đơn vị' }).click();
		await expect(page.getByRole('status')).toContainText('Đã chuyển đơn vị');
		await expect(page.getByRole('navigation', { name: 'Vị trí trong cây đơn vị' })).toContainText(
			'Chi bộ thôn Làng Mới'
		);
		await page.goto(commune);
		await expect(page.getByRole('link', { name: 'Chi bộ thôn Pác Nặm Mới' })).toHaveCount(0);
	});
});
