import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { signIn } from '../helpers/auth';

const PHONE = { viewport: { width: 360, height: 740 } };

async function unitId(page: Page, code: string) {
	await page.goto('/people');
	return page.locator('#unit option', { hasText: `(${code})` }).getAttribute('value');
}

/** The names listed as secretary of a cell. */
async function secretariesOf(page: Page, cellId: string) {
	await page.goto(`/people?unit=${cellId}&position=secretary`);
	return page.getByRole('table').getByRole('link').allTextContents();
}

async function selectUnit(page: Page, code: string) {
	const value = await page
		.locator('#orgUnitId option', { hasText: `(${code})` })
		.getAttribute('value');
	await page.getByLabel('Đơn vị sinh hoạt', { exact: true }).selectOption(value!);
}

const choiceGroup = (page: Page) => page.getByRole('group', { name: /đã có bí thư$/ });

async function fitsPhone(page: Page) {
	const box = await choiceGroup(page).boundingBox();
	expect(box!.x + box!.width).toBeLessThanOrEqual(360);
	expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
}

test.describe('on a 360 px phone without JavaScript', () => {
	test.use({ ...PHONE, javaScriptEnabled: false });
	test.slow();

	test('a second secretary on the person form needs a choice: deputy, cancel, replace', async ({
		page
	}) => {
		await signIn(page, 'quanly.tanlap');
		const cellId = (await unitId(page, 'SH-TL-03'))!;
		const [current] = await secretariesOf(page, cellId);
		expect(current).toBeTruthy();

		await page.goto('/people/new');
		await page.getByLabel('Họ và tên').fill('Quách Văn Kế');
		await selectUnit(page, 'SH-TL-03');
		await page.getByLabel('Chức vụ').selectOption('Bí thư');
		await page.getByRole('button', { name: 'Thêm', exact: true }).click();
		await expect(choiceGroup(page)).toContainText(`đã có bí thư: ${current.trim()}`);
		await fitsPhone(page);
		// The typed values are kept while the manager decides.
		await expect(page.getByLabel('Họ và tên')).toHaveValue('Quách Văn Kế');

		// Sent again without a choice: still nothing saved, and it says what is missing.
		await page.getByRole('button', { name: 'Thêm', exact: true }).click();
		await expect(choiceGroup(page)).toContainText('Hãy chọn một cách xử lý trước khi lưu.');
		const found = await page.request.get('/people?q=Quach+Van+Ke');
		expect(await found.text()).not.toContain('Quách Văn Kế');

		await page.getByLabel(`Giữ ${current.trim()} làm bí thư, người này làm phó bí thư`).check();
		await page.getByRole('button', { name: 'Thêm', exact: true }).click();
		await expect(page.getByRole('heading', { level: 1 })).toHaveText('Quách Văn Kế');
		await expect(page.getByLabel('Chức vụ')).toHaveValue('deputy_secretary');
		const personUrl = page.url().replace(/\?.*$/, '');

		// The deputy made secretary on their page: cancel saves nothing.
		await page.getByLabel('Chức vụ').selectOption('Bí thư');
		await page.getByLabel('Năm sinh').fill('1979');
		await page.getByRole('button', { name: 'Lưu', exact: true }).click();
		await expect(choiceGroup(page)).toBeVisible();
		await fitsPhone(page);
		await page.getByRole('button', { name: 'Hủy, không lưu' }).click();
		await expect(page.getByText('Chưa lưu thay đổi nào.')).toBeVisible();
		await expect(page.getByLabel('Chức vụ')).toHaveValue('deputy_secretary');
		await expect(page.getByLabel('Năm sinh')).toHaveValue('');

		// Replace: the deputy becomes secretary, the former secretary a member.
		await page.getByLabel('Chức vụ').selectOption('Bí thư');
		await page.getByRole('button', { name: 'Lưu', exact: true }).click();
		await page
			.getByLabel(`Thay bí thư: người này làm bí thư, ${current.trim()} chuyển thành đảng viên`)
			.check();
		await page.getByRole('button', { name: 'Lưu', exact: true }).click();
		await expect(page.getByText('Đã lưu hồ sơ.')).toBeVisible();
		expect((await secretariesOf(page, cellId)).map((n) => n.trim())).toEqual(['Quách Văn Kế']);
		await page.goto(`/people?unit=${cellId}&position=member`);
		await expect(page.getByRole('table')).toContainText(current.trim());
		await page.goto(personUrl);
		await expect(page.getByLabel('Chức vụ')).toHaveValue('secretary');
	});
});

test.describe('on a 360 px phone with JavaScript', () => {
	test.use(PHONE);

	test('the choice appears in place, passes axe, and cancel puts the fields back', async ({
		page
	}) => {
		await signIn(page, 'quanly.tanlap');
		const cellId = (await unitId(page, 'SH-TL-05'))!;
		const [current] = await secretariesOf(page, cellId);
		await page.goto(`/people?unit=${cellId}&position=committee_member`);
		const href = await page.getByRole('table').getByRole('link').first().getAttribute('href');
		await page.goto(href!);
		// Chosen before the page's script runs, an option would be reset by hydration.
		await page.waitForLoadState('networkidle');
		await page.getByLabel('Chức vụ').selectOption('Bí thư');
		await page.getByRole('button', { name: 'Lưu', exact: true }).click();
		await expect(choiceGroup(page)).toContainText(`đã có bí thư: ${current.trim()}`);
		await fitsPhone(page);
		const { violations } = await new AxeBuilder({ page })
			.include('.secretary-choice')
			.withTags(['wcag2a', 'wcag2aa'])
			.analyze();
		expect(violations).toEqual([]);
		await page.getByRole('button', { name: 'Hủy, không lưu' }).click();
		await expect(page.getByText('Chưa lưu thay đổi nào.')).toBeVisible();
		await expect(choiceGroup(page)).toHaveCount(0);
		await expect(page.getByLabel('Chức vụ')).toHaveValue('committee_member');
		expect(await secretariesOf(page, cellId)).toEqual([current]);
	});
});
