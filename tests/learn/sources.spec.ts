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

/** Research notes and to-dos that belong to authors, never to a reader's page. */
const EDITORIAL =
	/FIXTURE-EDITORIAL-NOTE|FIXTURE-EVIDENCE|Cần đối chiếu|kiểm tra lại|TODO|\[check\]|https?:\/\//i;

test('a lesson citing a document under review tells the reader, and its source list has no editorial notes', async ({
	page
}) => {
	await signIn(page, 'bithu.dongchua');
	await page.goto('/learn/danh-gia-xep-loai/quy-dinh-moi');
	const notice = page.locator('[data-review-notice="qd-213-qdtw-2020"]');
	await expect(notice).toHaveText(
		/^Kết luận 229-KL\/TW yêu cầu sớm đề xuất văn bản thay thế quy định này, nên khi có văn bản mới thì theo văn bản mới\. Xem 229-KL\/TW\.$/
	);
	await notice.getByRole('link', { name: '229-KL/TW' }).click();
	await expect(page).toHaveURL(/#source-kl-229-kltw-2026$/);
	const sources = page.getByRole('region', { name: 'Nguồn' });
	const newer = sources.locator('#source-kl-229-kltw-2026');
	await expect(newer).toContainText('Văn bản mới hơn (bài này chưa trích dẫn)');
	await expect(newer).toContainText('Đang có hiệu lực');
	const review = sources.locator('[data-source="qd-213-qdtw-2020"]');
	await expect(review).toContainText('Đã có văn bản mới hơn');
	await expect(review.getByRole('link', { name: 'Xem văn bản' })).toHaveAttribute(
		'href',
		'https://example.org/qd-213'
	);
	// One link a document, and no research note, evidence or raw address in the reader's text.
	for (const item of await sources.locator('li.source').all()) {
		expect(await item.getByRole('link', { name: 'Xem văn bản' }).count()).toBeLessThanOrEqual(1);
	}
	expect(await sources.innerText()).not.toMatch(EDITORIAL);
	expect(await page.content()).not.toContain('FIXTURE-EDITORIAL-NOTE');

	// A year-only date reads as a year: "năm 2018", not "ngày 2018".
	await page.goto('/learn/sinh-hoat-chi-bo/chuan-bi-sinh-hoat');
	await expect(page.locator('[data-source="hd-09-hdbtctw-2012"]')).toContainText(
		'đã được thay thế bởi 12-HD/BTCTW năm 2018'
	);
});

test('trainers see documents under review with what cites them and the editorial notes', async ({
	page
}) => {
	await signIn(page, 'giangvien');
	// Read-only, so served without the client app (issue 10's page weight): no script at all.
	const scripts: string[] = [];
	page.on('request', (r) => {
		if (r.resourceType() === 'script') scripts.push(r.url());
	});
	await page.goto('/content-review', { waitUntil: 'networkidle' });
	expect(scripts).toEqual([]);
	const review = page.locator('[data-review="qd-213-qdtw-2020"]');
	await expect(review).toContainText('Đã có văn bản mới hơn');
	await expect(
		review.getByRole('link', { name: 'Quy định mới về kiểm điểm, xếp loại' })
	).toHaveAttribute('href', '/learn/danh-gia-xep-loai/quy-dinh-moi');
	const editorial = review.locator('[data-editorial]');
	await expect(editorial).toContainText('FIXTURE-EDITORIAL-NOTE');
	await expect(
		editorial.getByRole('link', { name: 'FIXTURE-EVIDENCE research page' })
	).toHaveAttribute('href', 'https://example.org/fixture-evidence');
	await expect(editorial).toContainText('Hạn chuyển đáp án sang văn bản mới: 22/05/2027');
	const order = await page
		.locator('[data-review]')
		.evaluateAll((els) => els.map((e) => e.getAttribute('data-review')));
	expect(order.indexOf('qd-124-qdtw-2023')).toBeLessThan(order.indexOf('qd-213-qdtw-2020'));
	expect(order.indexOf('qd-213-qdtw-2020')).toBeLessThan(order.indexOf('ct-10-cttw-2007'));
});
