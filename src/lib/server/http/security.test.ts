import { describe, expect, it } from 'vitest';
import { isCrossSiteWrite, refusalLogEntry, securityHeaders } from './security';

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
