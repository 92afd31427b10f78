import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { signIn } from '../helpers/auth';
import { atServerTime } from '../helpers/clock';

const HEADER =
	'Họ và tên,Mã đơn vị,Chức vụ,Năm sinh,Giới tính,Trình độ học vấn,Lý luận chính trị,Số điện thoại';

/** The id of a unit, read from the unit filter of the people list (its options end in "(CODE)"). */
async function unitId(page: Page, code: string) {
	await page.goto('/people');
	const option = page.locator('#unit option', { hasText: `(${code})` });
	return option.getAttribute('value');
}

/** The link to the first person of a unit, as a manager with that unit in scope sees it. */
async function firstPersonOf(page: Page, code: string) {
	const id = await unitId(page, code);
	await page.goto(`/people?unit=${id}`);
	const link = page.getByRole('table').getByRole('link').first();
	return { href: (await link.getAttribute('href'))!, name: (await link.textContent())!.trim() };
}

async function selectUnit(page: Page, code: string) {
	const value = await page
		.locator('#orgUnitId option', { hasText: `(${code})` })
		.getAttribute('value');
	await page.getByLabel('Đơn vị sinh hoạt', { exact: true }).selectOption(value!);
}

async function switchUser(page: Page, username: string, password?: string) {
	await page.context().clearCookies();
	await signIn(page, username, password);
}

async function upload(page: Page, name: string, text: string) {
	await page.goto('/people/import');
	await page.getByLabel('Tệp danh sách').setInputFiles({
		name,
		mimeType: 'text/csv',
		buffer: Buffer.from(text.startsWith('\uFEFF') ? text : '\uFEFF' + text, 'utf8')
	});
	await page.getByRole('button', { name: 'Kiểm tra tệp' }).click();
	await expect(page).toHaveURL(/\/people\/import\/[0-9a-f-]{36}/);
}

async function searchPeople(page: Page, q: string) {
	await page.goto('/people');
	await page.getByRole('searchbox', { name: 'Tìm theo họ tên' }).fill(q);
	await page.getByRole('button', { name: 'Lọc', exact: true }).click();
	await expect(page).toHaveURL(/q=/);
}

test('a secretary opens neither the people list nor a person of another commune', async ({
	page
}) => {
	await signIn(page, 'quanly.tinh');
	const other = await firstPersonOf(page, 'SH-MK-01');
	const own = await firstPersonOf(page, 'SH-TL-01');

	await switchUser(page, 'bithu.dongchua');
	await expect(page.getByRole('link', { name: 'Đảng viên' })).toHaveCount(0);
	for (const path of ['/people', other.href, own.href, '/people/import', '/people/codes']) {
		const response = await page.goto(path);
		expect([403, 404], path).toContain(response?.status());
		await expect(page.getByRole('heading', { name: /Đã có lỗi/ })).toBeVisible();
	}
	await expect(page.locator('body')).not.toContainText(other.name);
	const exported = await page.request.get('/people/export/csv');
	expect([403, 404]).toContain(exported.status());
});

test('a commune manager gets 404 on a person of another commune, and sees their own', async ({
	page
}) => {
	await signIn(page, 'quanly.tinh');
	const other = await firstPersonOf(page, 'SH-MK-01');

	await switchUser(page, 'quanly.tanlap');
	const response = await page.goto(other.href);
	expect(response?.status()).toBe(404);
	await expect(page.locator('body')).not.toContainText(other.name);
	// Its data endpoint answers the same.
	const data = await page.request.get(`${other.href}/__data.json`);
	expect(await data.text()).not.toContain(other.name);
	// The unit filter of another commune is refused too.
	await page.goto('/people');
	await expect(page.locator('#unit option', { hasText: '(SH-MK-01)' })).toHaveCount(0);

	const own = await firstPersonOf(page, 'SH-TL-02');
	const ownPage = await page.goto(own.href);
	expect(ownPage?.status()).toBe(200);
	await expect(page.getByRole('heading', { level: 1 })).toHaveText(own.name);
	await expect(page.getByText('Đảng bộ tỉnh Sơn Hà › Đảng bộ xã Tân Lập')).toBeVisible();
	await expect(
		await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa']).analyze()
	).toHaveProperty('violations', []);
});

test('an import with a bad row imports nobody and names the row; the corrected file imports everyone', async ({
	page
}) => {
	await signIn(page, 'quanly.tanlap');
	const good = [
		'Khổng Minh Triết,SH-TL-03,Chi ủy viên,1979,Nam,Đại học,Trung cấp,0912 000 111',
		'Ưng Thị Xuyến,sh-tl-03,Phó Bí thư,1988,Nữ,Cao đẳng,Sơ cấp,'
	];
	await upload(page, 'co-loi.csv', [HEADER, ...good, 'Giáp Văn Ất,SH-MK-01,,,,,,'].join('\n'));
	await expect(page.getByRole('alert')).toContainText('1 dòng lỗi');
	await expect(page.getByRole('alert')).toContainText('chưa nhập ai');
	const badRow = page.locator('tr[data-row="4"]');
	await expect(badRow.getByRole('rowheader')).toHaveText('4');
	await expect(badRow).toContainText('“SH-MK-01” nằm ngoài phạm vi quản lý của bạn');
	await expect(page.locator('tr[data-row="2"]')).toContainText('Sẽ thêm');
	await expect(page.getByRole('button', { name: /^Nhập/ })).toHaveCount(0);
	await expect(
		await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa']).analyze()
	).toHaveProperty('violations', []);

	await searchPeople(page, 'Khong Minh Triet');
	await expect(page.getByRole('status')).toHaveText('0 người');

	await upload(page, 'dung.csv', [HEADER, ...good].join('\n'));
	await expect(page.getByText('Mọi dòng đều hợp lệ')).toBeVisible();
	await page.getByRole('button', { name: 'Nhập tệp (2 dòng)' }).click();
	await expect(page.getByRole('heading', { name: 'Đã nhập 2 người.' })).toBeVisible();
	await expect(page.getByRole('rowheader', { name: /\(SH-TL-03\)/ })).toBeVisible();

	await searchPeople(page, 'ung thi xuyen');
	await expect(page.getByRole('status')).toHaveText('1 người');
	const row = page.getByRole('row', { name: /Ưng Thị Xuyến/ });
	await expect(row).toContainText('Phó Bí thư');
	await expect(row).toContainText('Chưa kích hoạt');
	await searchPeople(page, 'Triết');
	await expect(page.getByRole('link', { name: 'Khổng Minh Triết' })).toBeVisible();
});

test('searching "Nguyen" finds people named Nguyễn', async ({ page }) => {
	await signIn(page, 'quanly.tinh');
	await searchPeople(page, 'Nguyen');
	const names = await page.getByRole('table').getByRole('link').allTextContents();
	expect(names.length).toBeGreaterThan(0);
	expect(names.some((n) => n.includes('Nguyễn'))).toBe(true);
	for (const name of names) {
		expect(
			name
				.normalize('NFD')
				.replace(/[\u0300-\u036f]/g, '')
				.toLowerCase()
		).toContain('nguyen');
	}
	await expect(
		await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa']).analyze()
	).toHaveProperty('violations', []);
});

test('printed activation codes open an account: the person activates it and signs in', async ({
	page
}) => {
	await signIn(page, 'quanly.tanlap');
	const id = await unitId(page, 'SH-TL-02');
	await page.goto(`/people/codes?unit=${id}`);
	await expect(page.getByText(/^Chi bộ thôn Làng Mới: \d+ người chưa kích hoạt/)).toBeVisible();
	await page.getByRole('button', { name: /^Cấp mã cho \d+ người$/ }).click();
	await expect(page.getByRole('status')).toContainText('Mã chỉ hiện một lần');
	const slip = page.locator('article.slip').first();
	await expect(slip).toContainText('Chi bộ thôn Làng Mới (SH-TL-02)');
	await expect(slip).toContainText(/\/activate/);
	const username = (await slip.locator('.username').textContent())!.trim();
	const code = (await slip.locator('.code').textContent())!.trim();
	const fullName = (await slip.locator('.name').textContent())!.trim();
	expect(code).toMatch(/^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$/);

	await page.context().clearCookies();
	await page.goto('/activate');
	await page.getByLabel('Tên đăng nhập').fill(username);
	await page.getByLabel(/Mã kích hoạt/).fill(code);
	await page.getByLabel('Mật khẩu mới', { exact: true }).fill('Chi bộ Làng Mới 2026');
	await page.getByLabel('Nhập lại mật khẩu').fill('Chi bộ Làng Mới 2026');
	await page.getByRole('button', { name: /Kích hoạt/ }).click();
	await expect(page).toHaveURL(/\?activated=1/);
	await expect(page.getByRole('heading', { level: 1 })).toContainText(fullName);

	await switchUser(page, username, 'Chi bộ Làng Mới 2026');
	await expect(page.getByRole('heading', { level: 1 })).toContainText(fullName);
	// The code was single-use.
	await page.context().clearCookies();
	await page.goto('/activate');
	await page.getByLabel('Tên đăng nhập').fill(username);
	await page.getByLabel(/Mã kích hoạt/).fill(code);
	await page.getByLabel('Mật khẩu mới', { exact: true }).fill('Một mật khẩu khác 2026');
	await page.getByLabel('Nhập lại mật khẩu').fill('Một mật khẩu khác 2026');
	await page.getByRole('button', { name: /Kích hoạt/ }).click();
	await expect(page.getByRole('alert')).toBeVisible();
});

test('a manager adds a person, fixes a refused edit, transfers them and issues their code', async ({
	page
}) => {
	await signIn(page, 'quanly.tanlap');
	await page.goto('/people');
	await page.getByRole('link', { name: 'Thêm đảng viên' }).click();
	await page.getByLabel('Họ và tên').fill('Thạch Thị Ngọc Yến');
	await selectUnit(page, 'SH-TL-04');
	await page.getByLabel('Chức vụ').selectOption('Chi ủy viên');
	await page.getByLabel('Năm sinh').fill('1987');
	await page.getByRole('button', { name: 'Thêm', exact: true }).click();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Thạch Thị Ngọc Yến');
	await expect(page.getByRole('status')).toContainText('tên đăng nhập: thachthingocyen');

	// The server refuses an impossible birth year and says so next to the field, keeping the input.
	await page.getByLabel('Năm sinh').fill('1850');
	await page.getByRole('button', { name: 'Lưu', exact: true }).click();
	await expect(page.getByText('Năm sinh phải từ 1900 đến')).toBeVisible();
	await expect(page.getByLabel('Năm sinh')).toHaveAttribute('aria-invalid', 'true');
	await expect(page.getByLabel('Năm sinh')).toHaveValue('1850');

	await page.getByLabel('Năm sinh').fill('1986');
	await selectUnit(page, 'SH-TL-05');
	await page.getByRole('button', { name: 'Lưu', exact: true }).click();
	await expect(page.getByText('Đã lưu và ghi nhận chuyển sinh hoạt.')).toBeVisible();
	await expect(
		page.getByRole('cell', { name: /^Chuyển từ .*\(SH-TL-04\) sang .*\(SH-TL-05\)$/ })
	).toBeVisible();

	// Issued at 00:30 on 5 December in Vietnam (still 4 December in UTC), a code lasts 30 days:
	// the slip gives Vietnam's date, not UTC's 03/01/2027.
	const slip = page.locator('article.slip');
	await atServerTime(page, '2026-12-04T17:30:00Z', async () => {
		await page.getByRole('button', { name: 'Cấp mã kích hoạt mới' }).click();
		await expect(slip.locator('.username')).toHaveText('thachthingocyen');
	});
	await expect(slip.locator('dt:has-text("Hạn dùng") + dd')).toHaveText('04/01/2027');
	await expect(slip.locator('.code')).toHaveText(/^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$/);
	await expect(slip).toContainText('(SH-TL-05)');
});

test('forged requests to the actions and endpoints of another scope get 403 or 404', async ({
	page
}) => {
	await signIn(page, 'quanly.tinh');
	const other = await firstPersonOf(page, 'SH-MK-01');
	const otherUnit = await unitId(page, 'SH-MK');
	const ownUnit = await unitId(page, 'SH-TL-01');

	await switchUser(page, 'quanly.tanlap');
	// Same-origin posts (SvelteKit refuses form posts without a matching Origin before any check).
	const post = (url: string, form: Record<string, string>) =>
		page.request.post(url, { form, headers: { origin: new URL(page.url()).origin } });
	expect((await post(`${other.href}?/issueCode`, {})).status()).toBe(404);
	expect(
		(
			await post(`${other.href}?/save`, { fullName: 'X', orgUnitId: ownUnit!, position: 'member' })
		).status()
	).toBe(404);
	expect((await post('/people/codes?/issue', { unit: otherUnit! })).status()).toBe(404);
	// The same request for a unit in scope goes through: the refusals above are about scope.
	expect((await post('/people/codes?/issue', { unit: ownUnit! })).status()).toBe(200);
	expect((await page.request.get(`/people/export/csv?unit=${otherUnit}`)).status()).toBe(404);
	expect((await page.request.get(`/people?unit=${otherUnit}`)).status()).toBe(404);

	await switchUser(page, 'bithu.dongchua');
	expect((await post('/people/codes?/issue', { unit: ownUnit! })).status()).toBe(403);
	expect(
		(await post('/people/new', { fullName: 'X', orgUnitId: ownUnit!, position: 'member' })).status()
	).toBe(403);
	expect((await page.request.get('/people/import/template/xlsx')).status()).toBe(403);
});

const CARD_HEADER = `${HEADER},Số thẻ đảng viên`;
const PHONE = { viewport: { width: 360, height: 740 } };
const axeViolations = async (page: Page) =>
	(await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa']).analyze()).violations;

test.describe('on a 360 px phone without JavaScript', () => {
	test.use({ ...PHONE, javaScriptEnabled: false });
	// Two uploads, a refused commit and a commit: long on a loaded machine.
	test.slow();

	test('a second secretary for a cell is not imported until the manager chooses what to do', async ({
		page
	}) => {
		await signIn(page, 'quanly.tanlap');
		const cellId = await unitId(page, 'SH-TL-02');
		await page.goto(`/people?unit=${cellId}&position=secretary`);
		const current = (await page.getByRole('table').getByRole('link').first().textContent())!.trim();

		await upload(
			page,
			'bi-thu-moi.csv',
			[
				CARD_HEADER,
				'Lò Văn Mới,SH-TL-02,Bí thư,1980,Nam,,,,88000001',
				'Lò Thị Hai,SH-TL-02,Đảng viên,1990,Nữ,,,,88000002'
			].join('\n')
		);
		await expect(page.getByRole('heading', { name: 'Đơn vị sẽ có hai bí thư' })).toBeVisible();
		const choice = page.getByRole('group', { name: /^Dòng 2: Lò Văn Mới là bí thư/ });
		await expect(choice).toContainText(`đã có bí thư ${current}`);
		await expect(page.locator('tr[data-row="2"]')).toContainText('Cần chọn cách xử lý');
		await expect(page.getByTestId('action-counts')).toHaveText(
			'Thêm mới 2; cập nhật 0 (chuyển đơn vị 0); không đổi 0.'
		);
		// (axe needs JavaScript in the page; it runs on the preview in the test below.)
		const box = await choice.boundingBox();
		expect(box!.x + box!.width).toBeLessThanOrEqual(360);

		// A commit without a choice (the browser's "required" bypassed) is refused and imports nobody.
		const refused = await page.request.post(`${page.url()}?/commit`, {
			form: {},
			headers: { origin: new URL(page.url()).origin, accept: 'text/html' }
		});
		expect(refused.status()).toBe(400);
		expect(await refused.text()).toContain('Hãy chọn cách xử lý cho dòng 2');
		await searchPeople(page, 'Lo Van Moi');
		await expect(page.getByRole('status')).toHaveText('0 người');
		await page.goBack();
		await page.goBack();

		await page.getByLabel('Giữ cả hai: nhập người ở dòng này làm phó bí thư').check();
		await page.getByRole('button', { name: 'Nhập tệp (2 dòng)' }).click();
		await expect(
			page.getByText('Thêm mới 2; cập nhật 0 (chuyển đơn vị 0); không đổi 0; bỏ qua 0.')
		).toBeVisible();
		await searchPeople(page, 'Lo Van Moi');
		await expect(page.getByRole('row', { name: /Lò Văn Mới/ })).toContainText('Phó Bí thư');
		await page.goto(`/people?unit=${cellId}&position=secretary`);
		await expect(page.getByRole('table').getByRole('link')).toHaveText([current]);
	});
});

test.describe('on a 360 px phone', () => {
	test.use(PHONE);
	test.slow();

	test('a re-imported export is "unchanged"; an edited one updates and moves the person it names', async ({
		page
	}) => {
		await signIn(page, 'quanly.tanlap');
		const cellId = await unitId(page, 'SH-TL-04');
		await page.goto(`/people?unit=${cellId}&position=committee_member`);
		const link = page.getByRole('table').getByRole('link').first();
		const name = (await link.textContent())!.trim();
		await link.click();
		await page.getByLabel('Số thẻ đảng viên').fill('77.000 111');
		await page.getByRole('button', { name: 'Lưu', exact: true }).click();
		await expect(page.getByText('77000111', { exact: true })).toBeVisible();

		const exported = await (await page.request.get(`/people/export/csv?unit=${cellId}`)).text();
		const [header, ...lines] = exported
			.replace(/^\uFEFF/, '')
			.trim()
			.split(/\r?\n/);
		const own = lines.find((l) => l.includes(',77000111,'))!;
		expect(own).toContain(name);
		await upload(page, 'xuat.csv', [header, own].join('\n'));
		await expect(page.locator('tr[data-row="2"]')).toContainText('Không đổi');
		await expect(page.getByTestId('action-counts')).toHaveText(
			'Thêm mới 0; cập nhật 0 (chuyển đơn vị 0); không đổi 1.'
		);

		const cells = own.split(',');
		cells[1] = 'SH-TL-05';
		cells[4] = '1975';
		await upload(page, 'sua.csv', [header, cells.join(',')].join('\n'));
		const row = page.locator('tr[data-row="2"]');
		await expect(row).toContainText('Sẽ cập nhật (chuyển đơn vị)');
		await expect(row).toContainText('(SH-TL-04)');
		await expect(row).toContainText('Thay đổi: Đơn vị sinh hoạt, Năm sinh.');
		expect(await axeViolations(page)).toEqual([]);
		await page.getByRole('button', { name: 'Nhập tệp (1 dòng)' }).click();
		await expect(
			page.getByText('Thêm mới 0; cập nhật 1 (chuyển đơn vị 1); không đổi 0; bỏ qua 0.')
		).toBeVisible();

		await searchPeople(page, name);
		const found = page.getByRole('row', { name: new RegExp(name) });
		await expect(found).toHaveCount(1);
		await expect(found).toContainText('SH-TL-05');
	});
});

test('a person page comes without the client app: only its print script, and printing the slip works', async ({
	page
}) => {
	await signIn(page, 'quanly.tanlap');
	// Opened from the people list (a client-rendered page): the page still loads in full.
	await page.goto(`/people?unit=${await unitId(page, 'SH-TL-04')}`);
	await page.addInitScript(() => {
		window.print = () => document.body.setAttribute('data-printed', 'yes');
	});
	await page.getByRole('table').getByRole('link').first().click();
	await expect(page.getByRole('heading', { name: 'Tài khoản' })).toBeVisible();
	await page.waitForLoadState('networkidle');
	// The document itself was loaded for this address, and it loaded one script.
	const loaded = await page.evaluate(() => ({
		document: new URL(performance.getEntriesByType('navigation')[0].name).pathname,
		scripts: performance
			.getEntriesByType('resource')
			.map((e) => new URL(e.name).pathname)
			.filter((path) => path.endsWith('.js'))
	}));
	expect(loaded.document).toMatch(/^\/people\/\d+$/);
	expect(loaded.scripts).toHaveLength(1);
	expect(loaded.scripts[0]).toMatch(/print-button/);

	// Forms post without the client app and the page answers in place.
	await page.getByRole('button', { name: 'Cấp mã kích hoạt mới' }).click();
	await expect(page.locator('article.slip .code')).toHaveText(
		/^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$/
	);
	await page.getByRole('button', { name: 'In trang này' }).click();
	await expect(page.locator('body')).toHaveAttribute('data-printed', 'yes');
});
