import { expect, test } from '@playwright/test';
import { signIn } from '../helpers/auth';
import { expectAccessible, expectFitsScreen, PHONE } from '../helpers/narrow';

test.use({ viewport: PHONE });

const LESSON_1 = '/learn/sinh-hoat-chi-bo/chuan-bi-sinh-hoat';
/** A lesson's own tables scroll sideways inside their frame, by design. */
const LESSON_TABLES = '.lesson-body .table-wrap';

test('the table of contents numbers sections only; sub-sections nest under theirs', async ({
	page
}) => {
	await signIn(page, 'btc.tinh');
	await page.goto(LESSON_1);
	const toc = page.getByRole('navigation', { name: 'Mục lục' });
	const sections = toc.locator(':scope > ol > li');
	// Lesson 1 has three sections (##); "Chuẩn bị tài liệu" (###) belongs to the first.
	await expect(sections).toHaveCount(3);
	await expect(sections.locator(':scope > a')).toHaveText([
		'Họp chi ủy trước buổi sinh hoạt',
		'Thông báo cho đảng viên',
		'Đọc thêm'
	]);
	await expect(sections.first().locator('ol a, ul a')).toHaveText(['Chuẩn bị tài liệu']);
	await expectFitsScreen(page, LESSON_TABLES);
});

test('in English the navigation and the page agree on "Party members", and locators are English', async ({
	page
}) => {
	await signIn(page, 'quanly.tanlap');
	await page.getByLabel(/^(Ngôn ngữ|Language)$/).selectOption('en');
	await page.getByRole('button', { name: /^(Đổi|Change)$/ }).click();
	try {
		const nav = page.getByRole('navigation', { name: 'Main navigation' });
		await nav.getByRole('link', { name: 'Party members' }).click();
		await expect(page.getByRole('heading', { level: 1 })).toHaveText('Party members');

		await page.goto(LESSON_1);
		const sources = page.getByRole('region', { name: 'Sources' });
		// The lesson cites "Mục 1" of a guideline.
		await expect(sources).toContainText('Section 1');
		await expect(sources).not.toContainText('Mục 1');
		await expectFitsScreen(page, LESSON_TABLES);
	} finally {
		await page.getByLabel(/^(Ngôn ngữ|Language)$/).selectOption('vi');
		await page.getByRole('button', { name: /^(Đổi|Change)$/ }).click();
		await expect(page.getByRole('button', { name: 'Đăng xuất' })).toBeVisible();
	}
});

test('a new secretary’s first page says what is required, how far they are and what to do next', async ({
	page
}) => {
	// Adds a person and activates an account (two password hashes): slow on a busy machine.
	test.slow();
	// A manager adds a member and prints their code; the member activates the account. (A cell no
	// other test reads: SH-TL-02's secretary is what the people import test compares with.)
	await signIn(page, 'quanly.tanlap');
	await page.goto('/people/new');
	// Chosen before the page's script runs, an option would be reset by hydration.
	await page.waitForLoadState('networkidle');
	await page.getByLabel('Họ và tên').fill('Đinh Thị Trang Chủ');
	const unit = await page
		.locator('#orgUnitId option', { hasText: '(SH-TL-06)' })
		.getAttribute('value');
	await page.getByLabel('Đơn vị sinh hoạt', { exact: true }).selectOption(unit!);
	await page.getByLabel('Chức vụ').selectOption('Bí thư');
	await page.getByRole('button', { name: 'Thêm', exact: true }).click();
	// The cell has a secretary already: the new one replaces them (one secretary a cell).
	await page.getByRole('radio', { name: /Thay bí thư: người này làm bí thư/ }).check();
	await page.getByRole('button', { name: 'Thêm', exact: true }).click();
	await page.getByRole('button', { name: 'Cấp mã kích hoạt mới' }).click();
	const slip = page.locator('article.slip');
	const username = (await slip.locator('.username').textContent())!.trim();
	const code = (await slip.locator('.code').textContent())!.trim();
	await page.context().clearCookies();
	await page.goto('/activate');
	await page.getByLabel('Tên đăng nhập').fill(username);
	await page.getByLabel(/Mã kích hoạt/).fill(code);
	await page.getByLabel('Mật khẩu mới', { exact: true }).fill('Trang chủ của tôi 2026');
	await page.getByLabel('Nhập lại mật khẩu').fill('Trang chủ của tôi 2026');
	await page.getByRole('button', { name: /Kích hoạt/ }).click();
	await expect(page).toHaveURL(/\?activated=1/);

	const todo = page.getByRole('region', { name: 'Việc cần làm' });
	await expect(todo).toContainText('Chuyên đề bắt buộc: đã hoàn thành 0/1');
	const required = todo.getByRole('listitem').filter({ hasText: 'Sinh hoạt chi bộ thường kỳ' });
	await expect(required).toContainText('Đã học 0/2 bài');
	await expect(required).toContainText('Bài luyện tập: chưa đạt');
	const next = todo.getByRole('link', { name: 'Bài tiếp theo: “Chuẩn bị buổi sinh hoạt chi bộ”' });
	await expect(next).toHaveAttribute('href', LESSON_1);
	await expectFitsScreen(page);
	await expectAccessible(page);

	// Read both lessons to the end: the next step becomes the practice quiz.
	for (const lesson of [LESSON_1, '/learn/sinh-hoat-chi-bo/dien-bien-buoi-sinh-hoat']) {
		await page.goto(lesson);
		await page.locator('#lesson-end').scrollIntoViewIfNeeded();
		await expect(page.getByText('Bạn đã học xong bài này.')).toBeVisible();
	}
	await page.goto('/');
	await expect(required).toContainText('Đã học 2/2 bài');
	await expect(todo.getByRole('link', { name: /Làm bài luyện tập/ })).toHaveAttribute(
		'href',
		'/learn/sinh-hoat-chi-bo/quiz'
	);
	await expect(todo).toContainText('Chuyên đề bắt buộc: đã hoàn thành 0/1');
});
