import { expect, test, type APIRequestContext } from '@playwright/test';
import { xlsxBomb } from '../../src/lib/server/spreadsheet/testing/zip-bomb';
import { DEMO_PASSWORD, signIn } from '../helpers/auth';

const phone = { viewport: { width: 360, height: 740 } };
const MB = 1024 * 1024;
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const UNPACKED_TOO_LARGE = /Tệp Excel này khi giải nén lớn hơn 20 MB/;

test.describe.configure({ timeout: 180_000 });

async function signInOver(request: APIRequestContext, username: string) {
	const r = await request.post('/login', {
		form: { username, password: DEMO_PASSWORD },
		headers: { accept: 'text/html' },
		maxRedirects: 0
	});
	return r.status();
}

test('an XLSX that unpacks to 400 MB is refused, on a phone, saying why', async ({ browser }) => {
	const bomb = await xlsxBomb(400 * MB);
	expect(bomb.byteLength).toBeLessThan(500 * 1024);
	const page = await (await browser.newContext(phone)).newPage();
	await signIn(page, 'quanly.tinh');
	await page.goto('/people/import');
	await page
		.getByLabel('Tệp danh sách')
		.setInputFiles({ name: 'danh-sach.xlsx', mimeType: XLSX, buffer: bomb });
	await page.getByRole('button', { name: 'Kiểm tra tệp' }).click();
	await expect(page.getByText(UNPACKED_TOO_LARGE)).toBeVisible();
	await expect(page).toHaveURL(/\/people\/import$/);
});

test('five such uploads at once leave the server answering sign-ins', async ({
	playwright,
	baseURL
}) => {
	// Two of each kind: sizes declared honestly (refused from the zip's directory) and sizes
	// that lie (refused while inflating, at 20 MB), and one of 2 GB.
	const bombs = [
		await xlsxBomb(400 * MB),
		await xlsxBomb(400 * MB),
		await xlsxBomb(60 * MB, { lie: true }),
		await xlsxBomb(60 * MB, { lie: true }),
		await xlsxBomb(2000 * MB)
	];
	const manager = await playwright.request.newContext({ baseURL });
	expect(await signInOver(manager, 'quanly.tinh')).toBe(303);
	const secretaries = await playwright.request.newContext({ baseURL });

	const started = Date.now();
	const uploads = bombs.map((buffer, i) =>
		manager.post('/people/import', {
			multipart: { file: { name: `bom-${i}.xlsx`, mimeType: XLSX, buffer } },
			headers: { origin: baseURL!, accept: 'text/html' },
			maxRedirects: 0
		})
	);
	const signIns: { status: number; ms: number }[] = [];
	for (let i = 0; i < 3; i++) {
		const t = Date.now();
		signIns.push({ status: await signInOver(secretaries, 'bithu.dongchua'), ms: Date.now() - t });
	}
	const replies = await Promise.all(uploads);
	console.log(
		`5 bomb uploads answered in ${Date.now() - started} ms; sign-ins meanwhile: ` +
			signIns.map((s) => `${s.status} in ${s.ms} ms`).join(', ')
	);
	for (const reply of replies) {
		expect(reply.status()).toBe(400);
		expect(await reply.text()).toMatch(UNPACKED_TOO_LARGE);
	}
	expect(signIns.map((s) => s.status)).toEqual([303, 303, 303]);
	await manager.dispose();
	await secretaries.dispose();
});

test('a file with a header and no rows says so instead of offering to import 0 people', async ({
	browser
}) => {
	const page = await (await browser.newContext(phone)).newPage();
	await signIn(page, 'quanly.tinh');
	await page.goto('/people/import');
	await page.getByLabel('Tệp danh sách').setInputFiles({
		name: 'trong.csv',
		mimeType: 'text/csv',
		buffer: Buffer.from('\uFEFFHọ và tên,Mã đơn vị,Chức vụ\n', 'utf8')
	});
	await page.getByRole('button', { name: 'Kiểm tra tệp' }).click();
	await expect(page.getByText('Tệp chỉ có dòng tiêu đề, chưa có người nào.')).toBeVisible();
	await expect(page).toHaveURL(/\/people\/import$/);
});

test('a body over the server’s limit gets a page with the limit and what to do', async ({
	browser
}) => {
	// Without JavaScript the browser sends the file whatever its size (the page's script would
	// have warned first): the server's body limit (6 MB) answers.
	const context = await browser.newContext({ ...phone, javaScriptEnabled: false });
	const page = await context.newPage();
	await signIn(page, 'quanly.tinh');
	await page.goto('/people/import');
	await page.getByLabel('Tệp danh sách').setInputFiles({
		name: 'lon.csv',
		mimeType: 'text/csv',
		buffer: Buffer.alloc(7 * MB, 0x41)
	});
	await page.getByRole('button', { name: 'Kiểm tra tệp' }).click();
	await expect(page.getByRole('heading', { level: 1 })).toContainText('413');
	await expect(page.getByText('Tệp hoặc dữ liệu gửi lên quá lớn: tối đa 6 MB.')).toBeVisible();
	await expect(page.getByText(/Hãy chọn tệp nhỏ hơn/)).toBeVisible();
	await expect(page.getByRole('link', { name: 'Quay lại trang trước' })).toHaveAttribute(
		'href',
		'/people/import'
	);
	expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
	await context.close();
});
