import { describe, expect, it } from 'vitest';
import {
	bodySizeLimit,
	isCrossSiteWrite,
	refusalLogEntry,
	securityHeaders,
	writeRefusal
} from './security';

const app = 'https://bithu.example.vn';

describe('isCrossSiteWrite', () => {
	it('refuses a write from another origin or a browser-marked cross-site request', () => {
		expect(
			isCrossSiteWrite({ method: 'POST', origin: 'https://evil.example', fetchSite: null }, app)
		).toBe(true);
		expect(isCrossSiteWrite({ method: 'POST', origin: 'null', fetchSite: null }, app)).toBe(true);
		expect(isCrossSiteWrite({ method: 'DELETE', origin: null, fetchSite: 'cross-site' }, app)).toBe(
			true
		);
	});
	it('lets same-origin writes and every read through', () => {
		expect(isCrossSiteWrite({ method: 'POST', origin: app, fetchSite: 'same-origin' }, app)).toBe(
			false
		);
		expect(
			isCrossSiteWrite(
				{ method: 'GET', origin: 'https://evil.example', fetchSite: 'cross-site' },
				app
			)
		).toBe(false);
	});
});

describe('securityHeaders', () => {
	it('sends HSTS only over HTTPS, nosniff and a referrer policy always', () => {
		const plain = new Map(securityHeaders(false));
		const secure = new Map(securityHeaders(true));
		expect(plain.get('X-Content-Type-Options')).toBe('nosniff');
		expect(plain.get('Referrer-Policy')).toBe('strict-origin-when-cross-origin');
		expect(plain.has('Strict-Transport-Security')).toBe(false);
		expect(secure.get('Strict-Transport-Security')).toMatch(/max-age=\d{8}/);
	});
});

describe('refusalLogEntry', () => {
	const request = { userId: 7, method: 'GET', path: '/orgs/12', routeId: '/(manage)/orgs/[id]' };
	it('records 401 and 403 for anyone, with who asked for which route', () => {
		expect(refusalLogEntry({ ...request, status: 403 })).toEqual({
			event: 'access_refused',
			status: 403,
			userId: 7,
			method: 'GET',
			path: '/orgs/12',
			route: '/(manage)/orgs/[id]'
		});
		expect(refusalLogEntry({ ...request, userId: null, status: 401 })?.status).toBe(401);
	});
	it("records a signed-in user's 404 on an existing route: an id outside their scope", () => {
		expect(refusalLogEntry({ ...request, status: 404 })?.event).toBe('access_refused');
	});
	it('leaves out successes, unknown addresses and signed-out 404s', () => {
		expect(refusalLogEntry({ ...request, status: 200 })).toBeNull();
		expect(refusalLogEntry({ ...request, status: 404, routeId: null })).toBeNull();
		expect(refusalLogEntry({ ...request, status: 404, userId: null })).toBeNull();
		expect(refusalLogEntry({ ...request, status: 409 })).toBeNull();
	});
});

describe('writeRefusal', () => {
	const post = (origin: string | null) => ({ method: 'POST', origin, fetchSite: null });
	const own = (host: string) =>
		host === 'localhost' || host === '127.0.0.1' || host === '192.0.2.2';

	it('with ORIGIN set, accepts that origin only', () => {
		const url = new URL('http://localhost:3000/login');
		expect(writeRefusal(post('http://localhost:3000'), url, null)).toBeNull();
		expect(writeRefusal(post('http://127.0.0.1:3000'), url, null)).toBe('cross_site');
		expect(writeRefusal(post('https://evil.example'), url, null)).toBe('cross_site');
	});

	it('without ORIGIN, accepts the machine’s own address the request was made to', () => {
		for (const host of ['localhost:3000', '127.0.0.1:3000', '192.0.2.2:3000']) {
			const url = new URL(`http://${host}/login`);
			expect(writeRefusal(post(`http://${host}`), url, own), host).toBeNull();
			expect(writeRefusal(post(null), url, own), host).toBeNull();
			expect(writeRefusal(post('https://evil.example'), url, own), host).toBe('cross_site');
		}
		// DNS rebinding: a foreign name pointing at the laptop is not the app's address.
		const rebound = new URL('http://evil.example:3000/login');
		expect(writeRefusal(post('http://evil.example:3000'), rebound, own)).toBe('foreign_host');
		expect(writeRefusal({ method: 'GET', origin: null, fetchSite: null }, rebound, own)).toBeNull();
	});
});

describe('bodySizeLimit', () => {
	it('reads BODY_SIZE_LIMIT as adapter-node does', () => {
		expect(bodySizeLimit('6M')).toBe(6 * 1024 * 1024);
		expect(bodySizeLimit('512k')).toBe(512 * 1024);
		expect(bodySizeLimit('1G')).toBe(1024 ** 3);
		expect(bodySizeLimit('1000')).toBe(1000);
		expect(bodySizeLimit(undefined)).toBe(512 * 1024);
		expect(bodySizeLimit('Infinity')).toBe(Infinity);
	});
});
