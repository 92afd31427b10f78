import { expect, type Page } from '@playwright/test';

export const DEMO_PASSWORD = 'Demo@2026!';

/** Signs in through the real form, as a person would. */
export async function signIn(page: Page, username: string, password = DEMO_PASSWORD) {
	await page.goto('/login');
	await page.getByLabel(/Tên đăng nhập|Username/).fill(username);
	await page.getByLabel(/^(Mật khẩu|Password)$/).fill(password);
	await page.getByRole('button', { name: /^(Đăng nhập|Sign in)$/ }).click();
	await expect(page.getByRole('button', { name: /Đăng xuất|Sign out/ })).toBeVisible();
}
