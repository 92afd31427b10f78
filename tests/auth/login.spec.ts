import { expect, test } from '@playwright/test';
import { signIn } from '../helpers/auth';
import { holdScripts } from '../helpers/slow-scripts';

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

test.describe('on a slow connection', () => {
	// Scripts served by the app's service worker would bypass the hold: no service worker here.
	test.use({ serviceWorkers: 'block' });

	test('what a person types before the page has finished loading is kept', async ({ page }) => {
		const releaseScripts = await holdScripts(page);
		await page.goto('/login', { waitUntil: 'domcontentloaded' });
		await page.getByLabel('Tên đăng nhập').fill('admin');
		await page.getByLabel('Mật khẩu').fill('Demo@2026!');
		const hydrated = page.waitForResponse(/\/_app\/immutable\/nodes\/.*\.js$/);
		releaseScripts();
		await hydrated;
		await page.waitForLoadState('networkidle');
		await expect(page.getByLabel('Tên đăng nhập')).toHaveValue('admin');
		await page.getByRole('button', { name: 'Đăng nhập' }).click();
		await expect(page.getByRole('button', { name: 'Đăng xuất' })).toBeVisible();
	});
});
