import AxeBuilder from '@axe-core/playwright';
import { expect, test } from '@playwright/test';
import { signIn } from '../helpers/auth';

test('learners find the situations in the menu, read one, then reveal the guiding points', async ({
	page
}) => {
	await signIn(page, 'bithu.tdp1');
	await page
		.getByRole('navigation', { name: 'Điều hướng chính' })
		.getByRole('link', { name: 'Tình huống' })
		.click();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Tình huống thực hành');
	const group = page.locator('[data-situation-group="fx-sinh-hoat-chi-bo"]');
	await expect(group.getByRole('heading', { level: 2 })).toHaveText('Sinh hoạt chi bộ thường kỳ');
	await group.getByRole('link', { name: 'Đảng viên vắng sinh hoạt nhiều lần' }).click();
	await expect(page).toHaveURL(/\/situations\/vang-sinh-hoat$/);
	await expect(page.getByText('vắng ba kỳ sinh hoạt trong năm')).toBeVisible();
	await expect(page.getByText('Nếu là bí thư chi bộ, đồng chí sẽ làm gì?')).toBeVisible();
	const guidance = page.locator('[data-guidance]');
	await expect(guidance.getByText('GUIDANCE-CANARY')).toBeHidden();
	await guidance.getByText('Xem gợi ý xử lý').click();
	await expect(guidance.getByText(/GUIDANCE-CANARY/)).toBeVisible();
	const rubric = page.getByRole('region', { name: 'Tiêu chí chấm' });
	await expect(rubric.getByRole('row')).toHaveCount(5);
	await expect(rubric.getByRole('row').last()).toContainText('100');
	await expect(
		page.getByRole('region', { name: 'Nguồn' }).locator('[data-source="dieu-le-dang-2011"]')
	).toContainText('Điều 24');
	expect((await page.goto('/situations/khong-co'))?.status()).toBe(404);
});

test('a situation reads and reveals without JavaScript', async ({ browser }) => {
	const context = await browser.newContext({ javaScriptEnabled: false });
	const page = await context.newPage();
	await signIn(page, 'bithu.tdp1');
	await page.goto('/situations/vang-sinh-hoat');
	await page.getByText('Xem gợi ý xử lý').click();
	await expect(page.getByText(/GUIDANCE-CANARY Chi bộ sinh hoạt mỗi tháng một lần/)).toBeVisible();
	await context.close();
});

test('the situation pages are accessible and fit a 360 px phone, guiding points open', async ({
	page
}) => {
	await signIn(page, 'bithu.tdp1');
	await page.setViewportSize({ width: 360, height: 800 });
	for (const path of ['/situations', '/situations/vang-sinh-hoat']) {
		await page.goto(path);
		if (path !== '/situations') await page.getByText('Xem gợi ý xử lý').click();
		const { violations } = await new AxeBuilder({ page }).analyze();
		expect(violations.map((v) => `${path}: ${v.id} ${v.nodes[0]?.target}`)).toEqual([]);
		const overflow = await page.evaluate(
			() => document.documentElement.scrollWidth > window.innerWidth + 1
		);
		expect(overflow, `${path} scrolls sideways at 360px`).toBe(false);
	}
});
