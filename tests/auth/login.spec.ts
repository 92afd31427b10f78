import { expect, test } from '@playwright/test';
import { signIn } from '../helpers/auth';

test('a wrong password and an unknown account get the same message', async ({ page }) => {
	await page.goto('/login');
	await page.getByLabel('Tên đăng nhập').fill('admin');
	await page.getByLabel('Mật khẩu').fill('not the password');
	await page.getByRole('button', { name: 'Đăng nhập' }).click();
	const wrong = await page.getByRole('alert').textContent();
	await page.getByLabel('Tên đăng nhập').fill('khong.ton.tai');
	await page.getByLabel('Mật khẩu').fill('not the password');
	await page.getByRole('button', { name: 'Đăng nhập' }).click();
	await expect(page.getByRole('alert')).toHaveText(wrong!);
	expect(wrong).toContain('không đúng');
});

test('sign in sets an HttpOnly SameSite=Lax session cookie; sign out ends it', async ({
	page,
	context
}) => {
	await signIn(page, 'bithu.dongchua');
	const cookie = (await context.cookies()).find((c) => c.name.endsWith('bt_session'));
	expect(cookie?.httpOnly).toBe(true);
	expect(cookie?.sameSite).toBe('Lax');
	const token = cookie!.value;
	await page.getByRole('button', { name: 'Đăng xuất' }).click();
	await expect(page.getByRole('status')).toContainText('đã đăng xuất');
	// The old token no longer opens a signed-in page.
	await context.addCookies([{ ...cookie!, value: token }]);
	await page.goto('/account');
	await expect(page).toHaveURL(/\/login\?redirectTo=%2Faccount/);
});

test('the sign-in page loads no script: what a person types is never undone by one', async ({
	page
}) => {
	// Served without the client app (csr = false, issue 10's page weight): there is no hydration
	// to reset a field filled while the page was still loading.
	const scripts: string[] = [];
	page.on('request', (r) => {
		if (r.resourceType() === 'script') scripts.push(r.url());
	});
	await page.goto('/login', { waitUntil: 'domcontentloaded' });
	await page.getByLabel('Tên đăng nhập').fill('admin');
	await page.getByLabel('Mật khẩu').fill('Demo@2026!');
	await page.waitForLoadState('networkidle');
	await expect(page.getByLabel('Tên đăng nhập')).toHaveValue('admin');
	expect(scripts).toEqual([]);
	await page.getByRole('button', { name: 'Đăng nhập' }).click();
	await expect(page.getByRole('button', { name: 'Đăng xuất' })).toBeVisible();
});
