import { expect, test } from '@playwright/test';
import { signIn } from '../helpers/auth';

const file = (name: string, text: string) => ({
	name,
	mimeType: 'text/csv',
	buffer: Buffer.from('\uFEFF' + text, 'utf8')
});

test('a tree file with a bad row imports nothing and says which row; the fixed file imports', async ({
	page
}) => {
	await signIn(page, 'quanly.tinh');
	await page.goto('/orgs/import');
	const bad =
		'Mã;Tên;Loại;Mã đơn vị cấp trên\n' +
		'SH-NT-01;Chi bộ thôn Nà Tồng;Chi bộ;SH-NT\n' +
		'SH-NT;Đảng bộ xã Nà Tồng;Xã;SH\n' +
		'SH-NT-02;Chi bộ thôn Bản Chang;Chi bộ;SH-KHONG-CO\n';
	await page.getByLabel('Tệp cây đơn vị').setInputFiles(file('don-vi-loi.csv', bad));
	await page.getByRole('button', { name: 'Tải lên và xem trước' }).click();

	await expect(page.getByRole('heading', { name: 'Xem trước: don-vi-loi.csv' })).toBeVisible();
	await expect(page.getByRole('alert')).toContainText('Tệp có 1 lỗi nên chưa nhập gì');
	const errors = page.getByRole('table', { name: 'Các dòng lỗi' });
	await expect(errors.getByRole('row', { name: /^4 / })).toContainText(
		'Không tìm thấy đơn vị cấp trên “SH-KHONG-CO”'
	);
	await expect(page.getByRole('button', { name: /^Nhập/ })).toHaveCount(0);
	await page.goto('/orgs?q=na tong');
	await expect(page.getByText(/Không tìm thấy đơn vị nào/)).toBeVisible();

	await page.goto('/orgs/import');
	const good = bad.replace('SH-KHONG-CO', 'SH-NT');
	await page.getByLabel('Tệp cây đơn vị').setInputFiles(file('don-vi.csv', good));
	await page.getByRole('button', { name: 'Tải lên và xem trước' }).click();
	await expect(page.getByText('Tạo mới: 3 · Cập nhật: 0 · Không đổi: 0')).toBeVisible();
	await page.getByRole('button', { name: 'Nhập 3 thay đổi' }).click();
	await expect(page.getByRole('status').filter({ hasText: 'Đã nhập: tạo mới 3' })).toBeVisible();

	await page.goto('/orgs?q=na tong');
	await page.getByRole('link', { name: 'Đảng bộ xã Nà Tồng' }).click();
	const children = page.getByRole('region', { name: 'Đơn vị trực thuộc' });
	await expect(children.getByRole('link', { name: 'Chi bộ thôn Bản Chang' })).toBeVisible();
	await expect(children.getByRole('link', { name: 'Chi bộ thôn Nà Tồng' })).toBeVisible();
});
