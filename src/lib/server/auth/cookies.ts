import type { Cookies, RequestEvent } from '@sveltejs/kit';

const isSecure = (url: URL) => url.protocol === 'https:';

/** `__Host-` prefixed and Secure over HTTPS; a plain name on http://localhost in development. */
export function sessionCookieName(url: URL) {
	return isSecure(url) ? '__Host-bt_session' : 'bt_session';
}
export function deviceCookieName(url: URL) {
	return isSecure(url) ? '__Host-bt_device' : 'bt_device';
}

export function setSessionCookie(
	event: Pick<RequestEvent, 'cookies' | 'url'>,
	token: string,
	expiresAt: Date
) {
	event.cookies.set(sessionCookieName(event.url), token, {
		httpOnly: true,
		sameSite: 'lax',
		secure: isSecure(event.url),
		path: '/',
		expires: expiresAt
	});
}

export function clearSessionCookie(event: { cookies: Cookies; url: URL }) {
	event.cookies.delete(sessionCookieName(event.url), { path: '/', secure: isSecure(event.url) });
}

export function setDeviceCookie(event: { cookies: Cookies; url: URL }, token: string) {
	event.cookies.set(deviceCookieName(event.url), token, {
		httpOnly: true,
		sameSite: 'lax',
		secure: isSecure(event.url),
		path: '/',
		maxAge: 60 * 60 * 24 * 365
	});
}

/** Paraglide reads the locale from this cookie on every request. */
export function setLocaleCookie(event: { cookies: Cookies; url: URL }, locale: 'vi' | 'en') {
	event.cookies.set('PARAGLIDE_LOCALE', locale, {
		httpOnly: false,
		sameSite: 'lax',
		secure: isSecure(event.url),
		path: '/',
		maxAge: 60 * 60 * 24 * 400
	});
}
