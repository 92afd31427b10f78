import { fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { changePassword, setUserLocale } from '$lib/server/auth/accounts';
import { requireUser } from '$lib/server/auth/access';
import { setLocaleCookie } from '$lib/server/auth/cookies';
import { SESSION_ABSOLUTE_MS, SESSION_IDLE_MS } from '$lib/server/auth/session';
import { db } from '$lib/server/db';

// Plain links and forms, no client-side behaviour: served without the client app, which would
// be most of the page's weight on the wire (npm run bench:pages).
export const csr = false;

const DAY = 86_400_000;

export const load: PageServerLoad = ({ locals, url }) => {
	const user = requireUser(locals, url);
	return {
		account: {
			username: user.username,
			displayName: user.displayName,
			locale: user.locale,
			grants: user.grants.map((g) => ({ role: g.role, orgUnitId: g.orgUnitId }))
		},
		sessionDays: { idle: SESSION_IDLE_MS / DAY, absolute: SESSION_ABSOLUTE_MS / DAY },
		languageSaved: url.searchParams.has('languageSaved')
	};
};

export const actions: Actions = {
	password: async ({ locals, request, url }) => {
		const user = requireUser(locals, url);
		const form = await request.formData();
		const result = await changePassword(db, {
			userId: user.id,
			currentPassword: String(form.get('current') ?? ''),
			newPassword: String(form.get('password') ?? ''),
			confirmPassword: String(form.get('confirm') ?? ''),
			keepSessionId: locals.sessionId!
		});
		if (!result.ok) return fail(400, { passwordError: result.reason });
		return { passwordChanged: true };
	},
	language: async (event) => {
		const user = requireUser(event.locals, event.url);
		const form = await event.request.formData();
		const locale = form.get('locale') === 'en' ? 'en' : 'vi';
		await setUserLocale(db, user.id, locale);
		setLocaleCookie(event, locale);
		// A fresh request, so the page renders in the language just chosen.
		redirect(303, '/account?languageSaved=1');
	}
};
