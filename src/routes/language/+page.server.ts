import { redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { setLocaleCookie } from '$lib/server/auth/cookies';
import { setUserLocale } from '$lib/server/auth/accounts';
import { db } from '$lib/server/db';
import { sameOriginPath } from '$lib/server/http/redirect';

export const load: PageServerLoad = () => redirect(303, '/');

export const actions: Actions = {
	default: async (event) => {
		const form = await event.request.formData();
		const locale = form.get('locale') === 'en' ? 'en' : 'vi';
		setLocaleCookie(event, locale);
		if (event.locals.user) await setUserLocale(db, event.locals.user.id, locale);
		redirect(303, sameOriginPath(form.get('redirectTo')));
	}
};
