import { expect, test } from '@playwright/test';
import { signIn } from '../helpers/auth';

test('a lesson lists its sources with their status, and the module its dates', async ({ page }) => {
	await signIn(page, 'bithu.dongchua');
	await page.goto('/learn/danh-gia-xep-loai/quy-dinh-moi');
	const sources = page.getByRole('region', { name: 'Nguồn' });
	const replaced = sources.locator('[data-source="qd-124-qdtw-2023"]');
	await expect(replaced).toContainText('Đã được thay thế');
	await expect(replaced).toContainText('đã được thay thế bởi 366-QĐ/TW ngày 30/08/2025');
	const current = sources.locator('[data-source="qd-366-qdtw-2025"]');
	await expect(current).toContainText('Đang có hiệu lực');
	await expect(current).toContainText('Điều 1');
	await expect(sources.locator('[data-source="ct-10-cttw-2007"]')).toContainText(
		'Chưa xác minh hiệu lực'
	);

	await page.goto('/learn/sinh-hoat-chi-bo');
	await expect(
		page.getByText('Nội dung cập nhật ngày 25/11/2026 (phiên bản 1.0.0).')
	).toBeVisible();
	// The oldest check among all documents the module cites (ct-10-cttw-2007: 18/11/2026).
	await expect(
		page.getByText('Hiệu lực của các văn bản căn cứ được kiểm tra lần cuối ngày 18/11/2026.')
	).toBeVisible();
	await expect(page.locator('[data-quiz-panel]')).toBeVisible();
});

test('trainers see the content citing superseded or unverified documents; secretaries cannot', async ({
	page
}) => {
	await signIn(page, 'bithu.tdp1');
	const denied = await page.goto('/content-review');
	expect(denied?.status()).toBe(403);

	await page.context().clearCookies();
	await signIn(page, 'giangvien');
	await page
		.getByRole('navigation', { name: 'Điều hướng chính' })
		.getByRole('link', { name: 'Rà soát nội dung' })
		.click();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText(
		'Rà soát nội dung theo văn bản căn cứ'
	);
	const superseded = page.locator('[data-review="qd-124-qdtw-2023"]');
	await expect(superseded).toContainText('đã được thay thế bởi 366-QĐ/TW');
	await expect(
		superseded.getByRole('link', { name: 'Quy định mới về kiểm điểm, xếp loại' })
	).toHaveAttribute('href', '/learn/danh-gia-xep-loai/quy-dinh-moi');
	await expect(superseded).toContainText('fx-q102');
	await expect(superseded).toContainText('câu hỏi về quy định trước đây');
	const unverified = page.locator('[data-review="ct-10-cttw-2007"]');
	await expect(unverified).toContainText('fx-q004');
	// Superseded documents come first: they need action.
	const order = await page
		.locator('[data-review]')
		.evaluateAll((els) => els.map((e) => e.getAttribute('data-review')));
	expect(order.indexOf('qd-124-qdtw-2023')).toBeLessThan(order.indexOf('ct-10-cttw-2007'));
	await expect(page.locator('body')).not.toContainText('CANARY-EXPLANATION');
});
