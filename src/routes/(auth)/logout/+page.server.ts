import { redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { clearSessionCookie } from '$lib/server/auth/cookies';
import { invalidateSession } from '$lib/server/auth/session';
import { recordAudit } from '$lib/server/audit/log';
import { db } from '$lib/server/db';

export const load: PageServerLoad = () => redirect(303, '/');

export const actions: Actions = {
	default: async (event) => {
		if (event.locals.sessionId) {
			await invalidateSession(db, event.locals.sessionId);
			await recordAudit(db, {
				action: 'auth.logout',
				actorUserId: event.locals.user?.id,
				ip: event.getClientAddress()
			});
		}
		clearSessionCookie(event);
		redirect(303, '/login?loggedOut=1');
	}
};
