import { expect, test } from '@playwright/test';
import { signIn } from '../helpers/auth';
import { expectAccessible, expectFitsScreen, PHONE } from '../helpers/narrow';

test.use({ viewport: PHONE });

test('the unit tree and a unit with its sub-units fit a 360 px phone', async ({ page }) => {
	await signIn(page, 'quanly.tinh');
	await page.goto('/orgs');
	await expectFitsScreen(page);
	await page.getByRole('link', { name: 'Đảng bộ tỉnh Sơn Hà' }).first().click();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Đảng bộ tỉnh Sơn Hà');
	const children = page.getByRole('table').first();
	await expect(children.getByRole('link', { name: 'Đảng bộ xã Tân Lập' })).toBeVisible();
	await expectFitsScreen(page);
	await expectAccessible(page);
});
