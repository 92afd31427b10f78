import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { networkInterfaces, tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { DEMO_PASSWORD } from '../helpers/auth';

// The embedded default as `npm start` runs it: the production server without ORIGIN, on a free
// port and every interface, with a fresh demo database. People reach it at 127.0.0.1 or at the
// laptop's LAN address as well as at localhost.
let server: ChildProcess;
let port = 0;
let output = '';
let dataDir = '';

test.describe.configure({ timeout: 240_000 });

test.beforeAll(async () => {
	// A fresh database is created, migrated and seeded (argon2 hashes): slow on a busy machine.
	test.setTimeout(600_000);
	dataDir = mkdtempSync(join(tmpdir(), 'bt-own-address-'));
	const env: NodeJS.ProcessEnv = {
		...process.env,
		PORT: '0',
		HOST: '0.0.0.0',
		DATA_DIR: dataDir,
		CONTENT_DIR: 'tests/fixtures/content',
		LOG_LEVEL: 'warn'
	};
	delete env.ORIGIN;
	delete env.PROTOCOL_HEADER;
	server = spawn(process.execPath, ['scripts/start.js'], {
		env,
		stdio: ['ignore', 'pipe', 'pipe']
	});
	server.stderr!.on('data', (d) => (output += d));
	port = await new Promise<number>((resolve, reject) => {
		server.stdout!.on('data', (d) => {
			output += d;
			const found = /Listening on http:\/\/0\.0\.0\.0:(\d+)/.exec(output)?.[1];
			if (found) resolve(Number(found));
		});
		server.on('exit', (code) => reject(new Error(`server exited (${code}): ${output}`)));
	});
});

test.afterAll(() => {
	server?.kill();
	rmSync(dataDir, { recursive: true, force: true });
});

const lanAddresses = () =>
	Object.values(networkInterfaces())
		.flat()
		.filter((a) => a && !a.internal && a.family === 'IPv4')
		.map((a) => a!.address);

test('without ORIGIN the server prints every address it answers at', async () => {
	await expect.poll(() => output).toContain('From other devices on the network');
	expect(output).toContain(`http://localhost:${port}`);
	expect(output).toContain(`http://127.0.0.1:${port}`);
	for (const address of lanAddresses()) expect(output).toContain(`http://${address}:${port}`);
	expect(output).toContain('ORIGIN');
});

test('signing in works at 127.0.0.1 and at the LAN address, on a 360 px phone', async ({
	browser
}) => {
	for (const host of ['127.0.0.1', ...lanAddresses()]) {
		const context = await browser.newContext({ viewport: { width: 360, height: 740 } });
		const page = await context.newPage();
		await page.goto(`http://${host}:${port}/login`);
		await page.getByLabel(/Tên đăng nhập/).fill('bithu.dongchua');
		await page.getByLabel(/^Mật khẩu$/).fill(DEMO_PASSWORD);
		await page.getByRole('button', { name: /^Đăng nhập$/ }).click();
		await expect(page.getByRole('button', { name: /Đăng xuất/ }), host).toBeVisible();
		expect(new URL(page.url()).host).toBe(`${host}:${port}`);
		await context.close();
	}
});

test('a form posted from another site is refused with a page in the reader’s language', async ({
	browser
}) => {
	const app = `http://127.0.0.1:${port}`;
	for (const [locale, title, advice] of [
		['vi', 'Yêu cầu chưa được thực hiện', `hãy mở lại trang tại ${app}`],
		['en', 'The request was not carried out', `open the page again at ${app}`]
	]) {
		const context = await browser.newContext({ viewport: { width: 360, height: 740 } });
		await context.addCookies([{ name: 'PARAGLIDE_LOCALE', value: locale, url: app }]);
		const page = await context.newPage();
		// A page on another site whose form posts to the app.
		await page.route('http://evil.example/', (route) =>
			route.fulfill({
				contentType: 'text/html',
				body: `<form method="post" action="${app}/login"><input name="username" value="admin"><input name="password" value="x"><button>Go</button></form>`
			})
		);
		await page.goto('http://evil.example/');
		const [response] = await Promise.all([
			page.waitForResponse(`${app}/login`),
			page.getByRole('button', { name: 'Go' }).click()
		]);
		expect(response.status()).toBe(403);
		await expect(page.getByRole('heading', { level: 1 })).toHaveText(title);
		await expect(page.getByText(advice)).toBeVisible();
		await expect(
			page.getByRole('link', { name: /Mở lại trang|Open the page again/ })
		).toHaveAttribute('href', `${app}/login`);
		// Fits the phone: nothing wider than the viewport.
		expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(
			360
		);
		await context.close();
	}
});

test('writes are refused for a foreign host name, for every content type', async ({ request }) => {
	const app = `http://127.0.0.1:${port}`;
	const bodies: { headers: Record<string, string>; data?: string }[] = [
		{ headers: { 'content-type': 'application/x-www-form-urlencoded' }, data: 'locale=en' },
		{ headers: { 'content-type': 'text/plain' }, data: 'locale=en' },
		{ headers: { 'content-type': 'application/json' }, data: '{}' },
		{ headers: {} }
	];
	for (const { headers, data } of bodies) {
		const foreign = await request.post(`${app}/language`, {
			headers: { ...headers, origin: 'https://evil.example' },
			data,
			maxRedirects: 0
		});
		expect(foreign.status(), JSON.stringify(headers)).toBe(403);
		// DNS rebinding: evil.example resolving to this machine is not one of its names.
		const rebound = await request.post(`${app}/language`, {
			headers: { ...headers, host: `evil.example:${port}`, origin: `http://evil.example:${port}` },
			data,
			maxRedirects: 0
		});
		expect(rebound.status(), JSON.stringify(headers)).toBe(403);
		// At the machine's own address the same post is not refused (forms are then carried out).
		const own = await request.post(`${app}/language`, {
			headers: { ...headers, origin: app, accept: 'text/html' },
			data,
			maxRedirects: 0
		});
		expect(own.status(), JSON.stringify(headers)).not.toBe(403);
		if (data === 'locale=en' && headers['content-type']?.startsWith('application/x-www')) {
			expect(own.status()).toBe(303);
		}
	}
});
