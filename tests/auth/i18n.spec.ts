import { expect, test } from '@playwright/test';
import { signIn } from '../helpers/auth';

test('the interface is Vietnamese by default and the switch to English persists', async ({
	page,
	context
}) => {
	await page.goto('/');
	await expect(page.locator('html')).toHaveAttribute('lang', 'vi');
	await expect(page.getByRole('link', { name: 'Đăng nhập' }).first()).toBeVisible();

	await page.getByLabel('Ngôn ngữ').selectOption('en');
	await page.getByRole('button', { name: 'Đổi' }).click();
	await expect(page.locator('html')).toHaveAttribute('lang', 'en');
	await expect(
		page.getByRole('heading', { name: 'Training platform for party cell secretaries' })
	).toBeVisible();
	await page.goto('/login');
	await expect(page.getByRole('heading', { name: 'Sign in' })).toBeVisible();

	// Stored on the account too: signing in applies the account's language (Vietnamese here)…
	await signIn(page, 'bithu.tdp1');
	await expect(page.locator('html')).toHaveAttribute('lang', 'vi');
	await page.goto('/account');
	await page.getByRole('combobox', { name: 'Ngôn ngữ giao diện' }).selectOption('en');
	await page.getByRole('button', { name: 'Lưu' }).click();
	await expect(page.getByRole('status')).toHaveText('Language saved.');
	// …so a fresh browser gets English after signing in.
	await context.clearCookies();
	await signIn(page, 'bithu.tdp1');
	await expect(page.locator('html')).toHaveAttribute('lang', 'en');
	await expect(page.getByRole('navigation', { name: 'Main navigation' })).toBeVisible();
	// Put it back for other tests.
	await page.goto('/account');
	await page.getByRole('combobox', { name: 'Interface language' }).selectOption('vi');
	await page.getByRole('button', { name: 'Save' }).click();
	await expect(page.locator('html')).toHaveAttribute('lang', 'vi');
});
