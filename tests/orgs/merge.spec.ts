import { expect, test } from '@playwright/test';
import { signIn } from '../helpers/auth';
import { atServerTime } from '../helpers/clock';

test('the province manager merges two communes and finds the cells and people under the survivor', async ({
	page
}) => {
	await signIn(page, 'quanly.tinh');

	// Before: who is in one of Yên Thịnh's cells, and how many people each commune has.
	await page.goto('/orgs?q=yen binh');
	await page.getByRole('link', { name: 'Chi bộ thôn Yên Bình' }).click();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Chi bộ thôn Yên Bình');
	const cellUrl = page.url();
	const names = await page
		.getByRole('region', { name: 'Đảng viên sinh hoạt tại đơn vị' })
		.locator('tbody tr td:first-child')
		.allInnerTexts();
	expect(names.length).toBeGreaterThan(2);
	const total = async () =>
		Number(
			(
				await page
					.getByText('Tổng số đảng viên (cả cấp dưới)')
					.locator('xpath=..')
					.locator('dd')
					.innerText()
			).replace(/\D/g, '')
		);
	await page.goto('/orgs?q=yen thinh');
	await page.getByRole('link', { name: 'Đảng bộ xã Yên Thịnh' }).click();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Đảng bộ xã Yên Thịnh');
	const yenThinhUrl = page.url();
	const yenThinhPeople = await total();
	await page.goto('/orgs?q=hoa phu');
	await page.getByRole('link', { name: 'Đảng bộ xã Hòa Phú' }).click();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Đảng bộ xã Hòa Phú');
	const hoaPhuUrl = page.url();
	const hoaPhuPeople = await total();

	await page.getByRole('link', { name: 'Sáp nhập đơn vị khác vào đơn vị này' }).click();
	await expect(
		page.getByRole('heading', { name: 'Sáp nhập vào Đảng bộ xã Hòa Phú' })
	).toBeVisible();
	await page.getByLabel(/Đảng bộ xã Yên Thịnh/).check();
	await page.getByRole('button', { name: 'Xem trước những gì sẽ chuyển' }).click();

	// The confirmation says what will move before anything does.
	const confirm = page.getByRole('region', { name: 'Xác nhận sáp nhập' });
	await expect(confirm).toBeVisible();
	await expect(page.getByRole('heading', { name: 'Xác nhận sáp nhập' })).toBeFocused();
	const row = confirm.getByRole('row', { name: /Đảng bộ xã Yên Thịnh/ });
	await expect(row.getByRole('cell').nth(0)).toHaveText('6');
	await expect(row.getByRole('cell').nth(3)).toHaveText(String(yenThinhPeople));
	// The server's clock reads 00:30 on 4 January 2026 in Vietnam, still 3 January in UTC: the
	// history must give Vietnam's date, zero-padded, with the year in full.
	await atServerTime(page, '2026-01-03T17:30:00Z', async () => {
		await confirm.getByRole('button', { name: 'Xác nhận sáp nhập' }).click();
		await expect(page).toHaveURL(new RegExp(`${hoaPhuUrl}\\?merged=1$`));
	});
	await expect(page.getByRole('status').filter({ hasText: 'Đã sáp nhập 1 đơn vị' })).toBeVisible();
	const history = page.getByRole('region', { name: 'Lịch sử sáp nhập' });
	await expect(history).toContainText('Đã sáp nhập: Đảng bộ xã Yên Thịnh (SH-YT) ngày 04/01/2026');
	await expect(history).toContainText(
		`Đã chuyển sang: 6 đơn vị trực thuộc (cùng toàn bộ cấp dưới) và ${yenThinhPeople} đảng viên.`
	);
	expect(await total()).toBe(hoaPhuPeople + yenThinhPeople);
	const children = page.getByRole('region', { name: 'Đơn vị trực thuộc' });
	for (const cell of ['Chi bộ thôn Yên Bình', 'Chi bộ thôn Suối Hoa', 'Chi bộ thôn Đông']) {
		await expect(children.getByRole('link', { name: cell })).toBeVisible();
	}

	// The cell now sits under Hòa Phú, with the same people in it.
	await children.getByRole('link', { name: 'Chi bộ thôn Yên Bình' }).click();
	await expect(page).toHaveURL(cellUrl);
	await expect(page.getByRole('navigation', { name: 'Vị trí trong cây đơn vị' })).toContainText(
		'Đảng bộ xã Hòa Phú'
	);
	const peopleAfter = page.getByRole('region', { name: 'Đảng viên sinh hoạt tại đơn vị' });
	for (const name of names)
		await expect(peopleAfter.getByRole('cell', { name, exact: true }).first()).toBeVisible();

	// The merged commune left the live tree, but its page still resolves and says where it went.
	await page.goto('/orgs');
	await expect(page.getByRole('link', { name: 'Đảng bộ xã Yên Thịnh' })).toHaveCount(0);
	await page.goto(yenThinhUrl);
	await expect(
		page.getByText('Đơn vị này đã được sáp nhập vào Đảng bộ xã Hòa Phú ngày 04/01/2026.')
	).toBeVisible();
	await expect(page.getByRole('button', { name: 'Xác nhận sáp nhập' })).toHaveCount(0);
});
