import { expect, test } from '@playwright/test';
import { signIn } from '../helpers/auth';

const expectations: { username: string; sees: string[]; hidden: string[] }[] = [
	{
		username: 'admin',
		sees: ['Học tập', 'Đơn vị', 'Đảng viên', 'Đạt chuẩn', 'Rà soát nội dung', 'Tài khoản & quyền'],
		hidden: []
	},
	{
		username: 'quanly.tinh',
		sees: ['Học tập', 'Đơn vị', 'Đảng viên', 'Đạt chuẩn'],
		// Staff accounts are not members' accounts: no progress of their own.
		hidden: ['Tài khoản & quyền', 'Rà soát nội dung', 'Tiến độ của tôi']
	},
	{
		username: 'quanly.tanlap',
		sees: ['Đơn vị', 'Đảng viên', 'Đạt chuẩn'],
		hidden: ['Tài khoản & quyền']
	},
	{
		username: 'giangvien',
		// Trainers read the qualification dashboard of their scope and run their cohorts.
		sees: ['Học tập', 'Rà soát nội dung', 'Đạt chuẩn', 'Lớp bồi dưỡng'],
		hidden: ['Đơn vị', 'Đảng viên', 'Tài khoản & quyền']
	},
	{
		username: 'btc.tinh',
		sees: ['Học tập'],
		hidden: ['Đơn vị', 'Đảng viên', 'Tài khoản & quyền', 'Chấm thi']
	},
	{
		username: 'giamkhao1',
		// Judges find the rounds they score under "Chấm thi".
		sees: ['Học tập', 'Chấm thi'],
		hidden: ['Đơn vị', 'Đảng viên', 'Tài khoản & quyền']
	},
	{
		username: 'bithu.dongchua',
		sees: ['Học tập', 'Ôn lỗi sai', 'Tiến độ của tôi', 'Tài khoản của tôi'],
		hidden: [
			'Đơn vị',
			'Đảng viên',
			'Đạt chuẩn',
			'Rà soát nội dung',
			'Tài khoản & quyền',
			'Chấm thi'
		]
	}
];

for (const { username, sees, hidden } of expectations) {
	test(`${username} sees the navigation of their role`, async ({ page }) => {
		await signIn(page, username);
		const nav = page.getByRole('navigation', { name: 'Điều hướng chính' });
		for (const item of sees) await expect(nav.getByRole('link', { name: item })).toBeVisible();
		for (const item of hidden) await expect(nav.getByRole('link', { name: item })).toHaveCount(0);
	});
}

test('a secretary who types an admin address gets a refusal, not the page', async ({ page }) => {
	await signIn(page, 'bithu.dongchua');
	const response = await page.goto('/admin/users');
	expect(response?.status()).toBe(403);
	await expect(page.getByRole('heading', { level: 1 })).toContainText('Đã có lỗi');
	await expect(page.getByText('Tài khoản và phân quyền')).toHaveCount(0);
	// The data endpoint client-side navigation uses refuses too, with no account in it.
	const data = await page.request.get('/admin/users/__data.json');
	const body = await data.text();
	expect(body).toMatch(/"status":403/);
	expect(body).not.toContain('nguyenvan');
	expect(body).not.toContain('giamkhao');
});

test('signed-out visitors are sent to sign in and come back afterwards', async ({ page }) => {
	await page.goto('/account');
	await expect(page).toHaveURL(/\/login\?redirectTo=%2Faccount/);
	await page.getByLabel('Tên đăng nhập').fill('giangvien');
	await page.getByLabel('Mật khẩu').fill('Demo@2026!');
	await page.getByRole('button', { name: 'Đăng nhập' }).click();
	await expect(page).toHaveURL(/\/account$/);
	await expect(page.getByRole('heading', { name: 'Tài khoản của tôi' })).toBeVisible();
});
