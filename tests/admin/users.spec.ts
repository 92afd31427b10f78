import { expect, test } from '@playwright/test';
import { signIn } from '../helpers/auth';

test('an admin grants a role, it applies on the next request, and revoking removes it', async ({
	browser
}) => {
	const admin = await (await browser.newContext()).newPage();
	const user = await (await browser.newContext()).newPage();
	await signIn(user, 'bithu.tdp1');
	const nav = user.getByRole('navigation', { name: 'Điều hướng chính' });
	await expect(nav.getByRole('link', { name: 'Đơn vị' })).toHaveCount(0);

	await signIn(admin, 'admin');
	await admin.goto('/admin/users?q=bithu.tdp1');
	const card = admin
		.getByRole('listitem')
		.filter({ has: admin.getByRole('heading', { name: /bithu\.tdp1/ }) });
	await card.getByLabel('Vai trò').selectOption('manager');
	await card.getByLabel('Mã đơn vị').fill('SH-MK');
	await card.getByRole('button', { name: 'Cấp vai trò' }).click();
	await expect(admin.getByRole('status')).toHaveText('Đã cấp vai trò.');

	await user.reload();
	await expect(nav.getByRole('link', { name: 'Đơn vị' })).toBeVisible();

	await admin.goto('/admin/users?q=bithu.tdp1');
	await admin.getByRole('button', { name: /Thu hồi Cán bộ quản lý tại SH-MK/ }).click();
	await expect(admin.getByRole('status')).toHaveText('Đã thu hồi vai trò.');
	await user.reload();
	await expect(nav.getByRole('link', { name: 'Đơn vị' })).toHaveCount(0);
});

test('granting outside the known units is explained', async ({ page }) => {
	await signIn(page, 'admin');
	await page.goto('/admin/users?q=giangvien');
	await page.getByLabel('Mã đơn vị').first().fill('KHONG-CO');
	await page.getByRole('button', { name: 'Cấp vai trò' }).first().click();
	await expect(page.getByRole('alert')).toHaveText('Không có đơn vị với mã này.');
});

test('disabling an account ends its session at once; a new code lets the person back in', async ({
	browser
}) => {
	const admin = await (await browser.newContext()).newPage();
	const judge = await (await browser.newContext()).newPage();
	await signIn(judge, 'giamkhao2');
	await signIn(admin, 'admin');
	await admin.goto('/admin/users?q=giamkhao2');
	await admin.getByRole('button', { name: 'Khóa tài khoản' }).click();
	await expect(admin.getByRole('status')).toContainText('Đã khóa tài khoản');

	await judge.goto('/account');
	await expect(judge).toHaveURL(/\/login/);

	await admin.goto('/admin/users?q=giamkhao2');
	await admin.getByRole('button', { name: 'Mở khóa' }).click();
	await admin.getByRole('button', { name: 'Cấp mã kích hoạt mới' }).click();
	const message = await admin.getByRole('status').textContent();
	const code = message!.match(/[2-9A-Z]{4}-[2-9A-Z]{4}-[2-9A-Z]{4}/)![0];

	await judge.goto('/activate');
	await judge.getByLabel('Tên đăng nhập').fill('giamkhao2');
	await judge.getByLabel('Mã kích hoạt').fill(code.toLowerCase());
	await judge.getByLabel('Mật khẩu mới', { exact: true }).fill('mot cau mat khau moi');
	await judge.getByLabel('Nhập lại mật khẩu mới').fill('mot cau mat khau moi');
	await judge.getByRole('button', { name: 'Kích hoạt và đăng nhập' }).click();
	await expect(judge.getByRole('status')).toHaveText('Tài khoản đã được kích hoạt. Chào mừng bạn!');
});

test("a commune's administrator is not offered a lock or a new code for a province judge", async ({
	page
}) => {
	await signIn(page, 'quantri.tanlap');
	await page.goto('/admin/users');
	const cards = page.getByRole('listitem').filter({ has: page.getByRole('heading') });
	const judge = cards.filter({ hasText: /Giám khảo — Đảng bộ tỉnh Sơn Hà/ });
	await expect(judge).toHaveCount(1);
	await expect(judge.getByRole('button', { name: 'Cấp mã kích hoạt mới' })).toHaveCount(0);
	await expect(judge.getByRole('button', { name: 'Khóa tài khoản' })).toHaveCount(0);
	await expect(judge).toContainText('ngoài phạm vi quản trị của bạn');
	// The commune's own members still can be.
	const member = cards.filter({ hasNotText: /Giám khảo — / }).first();
	await expect(member.getByRole('button', { name: 'Cấp mã kích hoạt mới' })).toBeVisible();
});
