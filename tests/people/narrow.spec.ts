import { expect, test } from '@playwright/test';
import { signIn } from '../helpers/auth';
import { expectAccessible, expectFitsScreen, expectWithinWidth, PHONE } from '../helpers/narrow';

test.use({ viewport: PHONE });

const HEADER =
	'Họ và tên,Mã đơn vị,Chức vụ,Năm sinh,Giới tính,Trình độ học vấn,Lý luận chính trị,Số điện thoại';
const LONG_NAME = 'Tôn Nữ Thị Hoàng Phương Thảo Nguyên Công Tằng Tôn Nữ Bạch Tuyết Nhi';

test('the people list and a person with a long name fit a 360 px phone', async ({ page }) => {
	await signIn(page, 'quanly.tanlap');
	await page.goto('/people');
	await expect(page.getByRole('table')).toBeVisible();
	await expectFitsScreen(page);
	await expectAccessible(page);

	await page.getByRole('link', { name: 'Thêm đảng viên' }).click();
	await page.getByLabel('Họ và tên').fill(LONG_NAME);
	const unit = await page
		.locator('#orgUnitId option', { hasText: '(SH-TL-03)' })
		.getAttribute('value');
	await page.getByLabel('Đơn vị sinh hoạt', { exact: true }).selectOption(unit!);
	await page.getByRole('button', { name: 'Thêm', exact: true }).click();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText(LONG_NAME);
	// The username made from the name is one long word.
	await expect(page.getByText('tonnuthihoangphuong', { exact: false }).first()).toBeVisible();
	await expectFitsScreen(page);
	await page.reload();
	await expectFitsScreen(page);
});

test('an import preview on a phone shows each row’s problems first, on screen', async ({
	page
}) => {
	await signIn(page, 'quanly.tanlap');
	await page.goto('/people/import');
	const rows = [
		HEADER,
		'Nguyễn Văn Thànhcông,SH-TL-01,Đảng viên,1980,Nam,Đại học,Sơ cấp,+84912345678901',
		'Trần Thị Hoàngphươngthảo,SHTL01KHONGTONTAI,Bí thư,1850,Nữ,Đại học,Trung cấp,+84912345678902',
		'Lê Văn Ba,SH-TL-01,Đảng viên,1990,Nam,,,'
	];
	await page.getByLabel('Tệp danh sách').setInputFiles({
		name: 'danh-sach-co-loi.csv',
		mimeType: 'text/csv',
		buffer: Buffer.from('\uFEFF' + rows.join('\n'), 'utf8')
	});
	await page.getByRole('button', { name: 'Kiểm tra tệp' }).click();
	await expect(page).toHaveURL(/\/people\/import\/[0-9a-f-]{36}/);

	const bad = page.locator('tr[data-row="3"]');
	const unknownUnit = bad.getByText(/Không có đơn vị mã/);
	await expect(unknownUnit).toBeVisible();
	await expectWithinWidth(unknownUnit);
	await expectWithinWidth(bad.getByText(/Năm sinh 1850/));
	// The problems come before the name and the unit in the row's card.
	const problemTop = (await unknownUnit.boundingBox())!.y;
	const nameTop = (await bad.getByText('Trần Thị Hoàngphươngthảo').boundingBox())!.y;
	expect(problemTop).toBeLessThan(nameTop);
	await expectFitsScreen(page);
	await expectAccessible(page);
});
