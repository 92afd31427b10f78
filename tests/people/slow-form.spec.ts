import { expect, test } from '@playwright/test';
import { signIn } from '../helpers/auth';
import { holdScripts } from '../helpers/slow-scripts';

// A manager on a slow connection fills the person form before its script has arrived: when the
// script starts, what they chose must still be chosen (it is what the form will save).
test('what a manager chose on the person form before its script loaded is kept', async ({
	page
}) => {
	await signIn(page, 'quanly.tanlap');
	const release = await holdScripts(page);
	await page.goto('/people/new', { waitUntil: 'domcontentloaded' });
	await page.getByLabel('Họ và tên').fill('Lường Văn Chậm');
	await page.getByLabel('Chức vụ').selectOption('Chi ủy viên');
	await page.getByLabel('Giới tính').selectOption('Nam');
	release();
	// The held scripts load and start the page (hydration) before the network goes quiet.
	await page.waitForLoadState('networkidle');
	await expect(page.getByLabel('Chức vụ')).toHaveValue('committee_member');
	await expect(page.getByLabel('Giới tính')).toHaveValue('male');
	await expect(page.getByLabel('Họ và tên')).toHaveValue('Lường Văn Chậm');
});
