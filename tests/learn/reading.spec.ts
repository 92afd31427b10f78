import { expect, test, type Page } from '@playwright/test';
import { signIn } from '../helpers/auth';

const MODULE = '/learn/sinh-hoat-chi-bo';
const LESSON_1 = `${MODULE}/chuan-bi-sinh-hoat`;
const LESSON_2 = `${MODULE}/dien-bien-buoi-sinh-hoat`;

const moduleCard = (page: Page) => page.locator('[data-module="sinh-hoat-chi-bo"]');

test('catalog → lesson → reaching the end records completion → progress on the catalog', async ({
	page
}) => {
	await signIn(page, 'bithu.dongchua');
	await page.goto('/learn');
	const card = moduleCard(page);
	await expect(card).toContainText('Chưa bắt đầu');
	await expect(card).toContainText('Bắt buộc để đạt chuẩn');
	await expect(card).toContainText('30 phút');
	await expect(card).toContainText('Đã học 0/2 bài (0%)');

	await card.getByRole('link', { name: 'Sinh hoạt chi bộ thường kỳ' }).click();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Sinh hoạt chi bộ thường kỳ');
	await page.getByRole('link', { name: 'Chuẩn bị buổi sinh hoạt chi bộ' }).click();
	await expect(page).toHaveURL(LESSON_1);

	// Reader furniture: table of contents with working anchors, reading time, position, callouts.
	const toc = page.getByRole('navigation', { name: 'Mục lục' });
	await expect(toc.getByRole('link')).toHaveText([
		'Họp chi ủy trước buổi sinh hoạt',
		'Chuẩn bị tài liệu',
		'Thông báo cho đảng viên',
		'Đọc thêm'
	]);
	await expect(page.getByText('Bài 1/2')).toBeVisible();
	await expect(page.getByText(/Khoảng \d+ phút đọc/)).toBeVisible();
	await expect(page.getByRole('note', { name: 'Ví dụ' })).toContainText('Chi bộ thôn Đông');
	await expect(
		page.getByRole('img', { name: 'Sơ đồ các bước chuẩn bị sinh hoạt chi bộ' })
	).toBeVisible();
	await toc.getByRole('link', { name: 'Thông báo cho đảng viên' }).click();
	await expect(page).toHaveURL(`${LESSON_1}#thong-bao-cho-dang-vien`);

	await expect(page.getByText('Bạn đã học xong bài này.')).toBeHidden();
	await page.locator('#lesson-end').scrollIntoViewIfNeeded();
	await expect(page.getByText('Bạn đã học xong bài này.')).toBeVisible();
	await expect(page.getByRole('button', { name: 'Đánh dấu đã học xong' })).toBeHidden();

	// Next lesson link, then back to the catalog.
	await expect(
		page.getByRole('link', { name: /Bài tiếp\s*Diễn biến buổi sinh hoạt/ })
	).toHaveAttribute('href', LESSON_2);
	await page.goto('/learn');
	await expect(moduleCard(page)).toContainText('Đang học');
	await expect(moduleCard(page)).toContainText('Đã học 1/2 bài (50%)');
	await page.goto(MODULE);
	await expect(page.locator('li[data-state="done"]')).toContainText(
		'Chuẩn bị buổi sinh hoạt chi bộ'
	);
});

test.describe('without JavaScript', () => {
	test.use({ javaScriptEnabled: false });

	test('the lesson reads and "mark as done" completes it', async ({ page }) => {
		await signIn(page, 'bithu.tdp1');
		await page.goto(LESSON_2);
		await expect(page.getByRole('heading', { level: 1 })).toHaveText('Diễn biến buổi sinh hoạt');
		await expect(
			page.getByRole('link', { name: /Bài trước\s*Chuẩn bị buổi sinh hoạt chi bộ/ })
		).toBeVisible();
		await page.getByRole('button', { name: 'Đánh dấu đã học xong' }).click();
		await expect(page).toHaveURL(`${LESSON_2}#lesson-end`);
		await expect(page.getByText('Bạn đã học xong bài này.')).toBeVisible();
		await page.goto('/learn');
		await expect(moduleCard(page)).toContainText('Đã học 1/2 bài (50%)');
		// The home page offers the lesson still unread.
		await page.goto('/');
		await expect(
			page.getByRole('link', { name: 'Bài tiếp theo: “Chuẩn bị buổi sinh hoạt chi bộ”' })
		).toHaveAttribute('href', LESSON_1);
	});
});

test('returning to a lesson resumes where the learner stopped; home offers to continue', async ({
	page
}) => {
	await page.setViewportSize({ width: 360, height: 480 });
	await signIn(page, 'quanly.tanlap');
	await page.goto(LESSON_1);
	await page.locator('#doc-them').scrollIntoViewIfNeeded();
	const scrolled = await page.evaluate(() => window.scrollY);
	expect(scrolled).toBeGreaterThan(300);
	// The position is saved a few seconds after scrolling stops.
	await page.waitForResponse((r) => r.url().endsWith('/progress') && r.status() === 204, {
		timeout: 15_000
	});

	await page.goto('/');
	const resume = page.getByRole('link', { name: 'Đọc tiếp bài “Chuẩn bị buổi sinh hoạt chi bộ”' });
	await expect(resume).toBeVisible();
	await resume.click();
	await expect(page).toHaveURL(LESSON_1);
	await expect.poll(() => page.evaluate(() => window.scrollY)).toBeGreaterThan(scrolled * 0.7);
});

test('a plain link into a lesson from a client-rendered page loads the lesson in full', async ({
	page
}) => {
	await signIn(page, 'quanly.tinh');
	await page.goto('/learn');
	// Another area's page linking to a lesson without data-sveltekit-reload.
	await page.locator('main').evaluate((main) => {
		const a = document.createElement('a');
		a.href = '/learn/sinh-hoat-chi-bo/chuan-bi-sinh-hoat';
		a.textContent = 'plain link to a lesson';
		main.prepend(a);
	});
	await page.getByRole('link', { name: 'plain link to a lesson' }).click();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText(
		'Chuẩn bị buổi sinh hoạt chi bộ'
	);
	const loaded = await page.evaluate(() => performance.getEntriesByType('navigation')[0].name);
	expect(new URL(loaded).pathname).toBe('/learn/sinh-hoat-chi-bo/chuan-bi-sinh-hoat');
	await expect(page.getByText('Có thể đọc ngoại tuyến')).toBeVisible();
});
