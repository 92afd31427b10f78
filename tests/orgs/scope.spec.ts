import { expect, test, type Page } from '@playwright/test';
import { signIn } from '../helpers/auth';

/** The id of a unit, looked up through the search as someone who may see it. */
async function unitHref(page: Page, query: string, name: string) {
	await page.goto(`/orgs?q=${encodeURIComponent(query)}`);
	return (await page.getByRole('link', { name, exact: true }).getAttribute('href'))!;
}

test('a commune manager sees only their commune and gets 404 on another commune', async ({
	page,
	baseURL
}) => {
	await signIn(page, 'quanly.tinh');
	const hoaPhu = await unitHref(page, 'hoa phu', 'Đảng bộ xã Hòa Phú');
	await page.getByRole('button', { name: 'Đăng xuất' }).click();

	await signIn(page, 'quanly.tanlap');
	await page.goto('/orgs');
	const tree = page.getByRole('region', { name: 'Cây đơn vị trong phạm vi quản lý' });
	await expect(tree.getByRole('link', { name: 'Đảng bộ xã Tân Lập' })).toBeVisible();
	await expect(tree.getByRole('link', { name: 'Chi bộ thôn Đồng Chùa' })).toBeVisible();
	await expect(page.getByText('Đảng bộ xã Hòa Phú')).toHaveCount(0);
	await expect(page.getByText('Đảng bộ tỉnh Sơn Hà')).toHaveCount(0);

	// Search without diacritics stays inside the scope too.
	await page.getByLabel('Tìm đơn vị theo tên hoặc mã').fill('hoa phu');
	await page.getByRole('button', { name: 'Tìm', exact: true }).click();
	await expect(page.getByText(/Không tìm thấy đơn vị nào/)).toBeVisible();
	await page.getByLabel('Tìm đơn vị theo tên hoặc mã').fill('dong chua');
	await page.getByRole('button', { name: 'Tìm', exact: true }).click();
	await expect(page.getByRole('link', { name: 'Chi bộ thôn Đồng Chùa' })).toBeVisible();

	for (const path of [hoaPhu, `${hoaPhu}/merge`]) {
		const response = await page.goto(path);
		expect(response?.status()).toBe(404);
		await expect(page.getByRole('heading', { name: /Đã có lỗi \(404\)/ })).toBeVisible();
		await expect(page.getByText('Hòa Phú')).toHaveCount(0);
	}
	const data = await page.request.get(`${hoaPhu}/__data.json`);
	expect(await data.text()).not.toContain('Hòa Phú');
	// Actions are checked too, not only the page: a forged rename is refused and changes nothing.
	const post = await page.request.post(`${hoaPhu}?/update`, {
		headers: { origin: baseURL! },
		form: { code: 'SH-HP', name: 'Đổi tên trái phép', kind: 'commune' }
	});
	expect(post.status()).toBe(404);
	const merge = await page.request.post(`${hoaPhu}/merge?/confirm`, {
		headers: { origin: baseURL! },
		form: { merged: '2' }
	});
	expect(merge.status()).toBe(404);
	// The export holds the commune's tree only.
	const csv = await (await page.request.get('/orgs/export?format=csv')).text();
	expect(csv).toContain('SH-TL-01');
	expect(csv).not.toContain('SH-HP');
	expect(csv).not.toContain('Sơn Hà');
	await page.getByRole('button', { name: 'Đăng xuất' }).click();
	await signIn(page, 'quanly.tinh');
	await page.goto(hoaPhu);
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Đảng bộ xã Hòa Phú');
});

test('people without the manager role cannot open the tree', async ({ page }) => {
	await signIn(page, 'bithu.dongchua');
	const response = await page.goto('/orgs');
	expect(response?.status()).toBe(403);
	expect((await page.request.get('/orgs/export?format=csv')).status()).toBe(403);
});
