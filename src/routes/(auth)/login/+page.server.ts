import { fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { login } from '$lib/server/auth/login';
import {
	deviceCookieName,
	setDeviceCookie,
	setLocaleCookie,
	setSessionCookie
} from '$lib/server/auth/cookies';
import { db } from '$lib/server/db';
import { sameOriginPath } from '$lib/server/http/redirect';

// Plain links and forms, no client-side behaviour: served without the client app, which would
// be most of the page's weight on the wire (npm run bench:pages).
export const csr = false;

export const load: PageServerLoad = ({ locals, url }) => {
	if (locals.user) redirect(303, sameOriginPath(url.searchParams.get('redirectTo')));
	return { loggedOut: url.searchParams.has('loggedOut') };
};

export const actions: Actions = {
	default: async (event) => {
		const form = await event.request.formData();
		const username = String(form.get('username') ?? '');
		const password = String(form.get('password') ?? '');
		if (!username.trim() || !password) {
			return fail(400, { username, error: 'invalid' as const });
		}
		const result = await login(db, {
			username,
			password: password.slice(0, 1024),
			ip: event.getClientAddress(),
			deviceToken: event.cookies.get(deviceCookieName(event.url))
		});
		if (!result.ok) {
			return fail(result.reason === 'throttled' ? 429 : 400, {
				username,
				error: result.reason,
				retryMinutes:
					result.reason === 'throttled' ? Math.max(1, Math.ceil(result.retryAfterSeconds / 60)) : 0
			});
		}
		setSessionCookie(event, result.session.token, result.session.expiresAt);
		if (result.newDeviceToken) setDeviceCookie(event, result.newDeviceToken);
		setLocaleCookie(event, result.locale);
		redirect(303, sameOriginPath(event.url.searchParams.get('redirectTo')));
	}
};
