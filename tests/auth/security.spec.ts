import { expect, test } from '@playwright/test';
import { signIn } from '../helpers/auth';

test('pages carry the security headers; signed-in pages are not cached', async ({ page }) => {
	const anonymous = await page.goto('/login');
	const h = anonymous!.headers();
	expect(h['x-content-type-options']).toBe('nosniff');
	expect(h['referrer-policy']).toBe('strict-origin-when-cross-origin');
	const csp = h['content-security-policy'];
	expect(csp).toContain("object-src 'none'");
	expect(csp).toContain("base-uri 'none'");
	expect(csp).toContain("frame-ancestors 'none'");
	expect(csp).toMatch(/script-src 'self'( 'sha256-[^']+')*;/);

	await signIn(page, 'bithu.dongchua');
	const signedIn = await page.goto('/account');
	expect(signedIn!.headers()['cache-control']).toBe('no-store');
});

test('no Content-Security-Policy violations while using the app', async ({ page }) => {
	const violations: string[] = [];
	page.on('console', (msg) => {
		if (/Content Security Policy|Refused to/i.test(msg.text())) violations.push(msg.text());
	});
	await page.goto('/');
	await signIn(page, 'admin');
	for (const path of ['/', '/account', '/admin/users']) await page.goto(path);
	expect(violations).toEqual([]);
});

test('the error page is friendly and shows no stack trace', async ({ page }) => {
	const response = await page.goto('/no-such-page');
	expect(response?.status()).toBe(404);
	await expect(page.getByRole('heading', { level: 1 })).toContainText('Đã có lỗi');
	const html = await page.content();
	expect(html).not.toMatch(/at .*\.(js|ts):\d+/);
});

// Quiz autosaves are answered in front of SvelteKit in production (scripts/start.js): the same
// checks and headers apply there.
const NO_ATTEMPT = '00000000-0000-4000-8000-000000000000';

test('quiz autosave replies are not cached and carry the security headers', async ({ page }) => {
	await signIn(page, 'bithu.dongchua');
	const response = await page.request.post(`/attempts/${NO_ATTEMPT}/answers`, {
		data: { saves: [] }
	});
	expect(response.status()).toBe(404);
	const h = response.headers();
	expect(h['cache-control']).toBe('no-store');
	expect(h['x-content-type-options']).toBe('nosniff');
	expect(h['x-frame-options']).toBe('DENY');
});

const crossSiteBodies: { name: string; headers: Record<string, string>; data?: string }[] = [
	{
		name: 'form',
		headers: { 'content-type': 'application/x-www-form-urlencoded' },
		data: 'locale=en'
	},
	{ name: 'text/plain', headers: { 'content-type': 'text/plain' }, data: 'locale=en' },
	{ name: 'JSON', headers: { 'content-type': 'application/json' }, data: '{"locale":"en"}' },
	{ name: 'no body', headers: {} }
];

for (const { name, headers, data } of crossSiteBodies) {
	test(`a cross-site POST (${name}) to a signed-in action is refused`, async ({ page }) => {
		await signIn(page, 'bithu.dongchua');
		for (const path of [
			'/account?/language',
			'/logout',
			'/language',
			'/admin/users?/disable',
			`/attempts/${NO_ATTEMPT}/answers`
		]) {
			const response = await page.request.post(path, {
				headers: { ...headers, origin: 'https://evil.example' },
				data,
				maxRedirects: 0
			});
			expect(response.status(), `${path} ${name}`).toBe(403);
		}
		// Still signed in: the logout above was refused.
		await page.goto('/account');
		await expect(page.getByRole('heading', { name: 'Tài khoản của tôi' })).toBeVisible();
	});
}

test('redirect targets never leave the site (sign-in page, sign-in form, language form)', async ({
	page
}) => {
	const bypasses = [
		'/%09/evil.example/phish',
		'//evil.example',
		'/%5Cevil.example',
		'/..//evil.example'
	];
	for (const target of bypasses) {
		const q = `redirectTo=${target}`;
		// Signing in with the target in the address: back to the home page, not away.
		const login = await page.request.post(`/login?${q}`, {
			form: { username: 'bithu.dongchua', password: 'Demo@2026!' },
			headers: { accept: 'text/html' },
			maxRedirects: 0
		});
		expect(login.status(), target).toBe(303);
		expect(login.headers()['location'], target).toBe('/');
		// Signed in now: the sign-in page sends you on at once.
		const signedIn = await page.request.get(`/login?${q}`, { maxRedirects: 0 });
		expect(signedIn.headers()['location'], target).toBe('/');
		const language = await page.request.post('/language', {
			form: { locale: 'vi', redirectTo: decodeURIComponent(target) },
			headers: { accept: 'text/html' },
			maxRedirects: 0
		});
		expect(language.headers()['location'], target).toBe('/');
	}
	await page.goto('/login?redirectTo=/%09/evil.example/phish');
	expect(new URL(page.url()).pathname).toBe('/');
	expect(page.url()).not.toContain('evil.example');
	const kept = await page.request.get('/login?redirectTo=/people%3Fq%3Dan', { maxRedirects: 0 });
	expect(kept.headers()['location']).toBe('/people?q=an');
});

test('every kind of page goes out compressed', async ({ page }) => {
	await signIn(page, 'admin');
	for (const path of [
		'/',
		'/learn',
		'/account',
		'/admin/users',
		'/people',
		'/orgs',
		'/content-review'
	]) {
		const response = await page.request.get(path, { headers: { 'accept-encoding': 'br, gzip' } });
		expect(response.status(), path).toBe(200);
		expect(response.headers()['content-encoding'], path).toBe('br');
		expect(response.headers()['vary'], path).toMatch(/Accept-Encoding/i);
	}
	const data = await page.request.get('/people/__data.json', {
		headers: { 'accept-encoding': 'gzip' }
	});
	expect(data.headers()['content-encoding']).toBe('gzip');
});
