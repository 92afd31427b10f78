import { fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { activateAccount } from '$lib/server/auth/accounts';
import { login } from '$lib/server/auth/login';
import {
	deviceCookieName,
	setDeviceCookie,
	setLocaleCookie,
	setSessionCookie
} from '$lib/server/auth/cookies';
import { db } from '$lib/server/db';

// Plain links and forms, no client-side behaviour: served without the client app, which would
// be most of the page's weight on the wire (npm run bench:pages).
export const csr = false;

export const load: PageServerLoad = ({ url }) => ({
	username: url.searchParams.get('username') ?? ''
});

export const actions: Actions = {
	default: async (event) => {
		const form = await event.request.formData();
		const username = String(form.get('username') ?? '').trim();
		const code = String(form.get('code') ?? '');
		const password = String(form.get('password') ?? '');
		const confirm = String(form.get('confirm') ?? '');
		if (!username || !code) return fail(400, { username, error: 'invalid' as const });
		if (password !== confirm) return fail(400, { username, error: 'mismatch' as const });
		const ip = event.getClientAddress();
		const result = await activateAccount(db, { username, code, password, ip });
		if (!result.ok) {
			return fail(result.reason === 'throttled' ? 429 : 400, {
				username,
				error: result.reason,
				retryMinutes:
					result.reason === 'throttled' ? Math.max(1, Math.ceil(result.retryAfterSeconds / 60)) : 0
			});
		}
		const signedIn = await login(db, {
			username,
			password,
			ip,
			deviceToken: event.cookies.get(deviceCookieName(event.url))
		});
		if (!signedIn.ok) redirect(303, '/login');
		setSessionCookie(event, signedIn.session.token, signedIn.session.expiresAt);
		if (signedIn.newDeviceToken) setDeviceCookie(event, signedIn.newDeviceToken);
		setLocaleCookie(event, signedIn.locale);
		redirect(303, '/?activated=1');
	}
};
