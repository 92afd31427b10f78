import { fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { requireUser } from '$lib/server/auth/access';
import { db } from '$lib/server/db';
import { myContests, openContestsToJoin } from '$lib/server/contests/candidate';
import { idParam } from '$lib/server/contests/organizer-access';
import { selfRegister } from '$lib/server/contests/registration';

// Plain links and forms, no client-side behaviour: served without the client app, which would
// be most of the page's weight on the wire (npm run bench:pages).
export const csr = false;

export const load: PageServerLoad = async ({ locals, url }) => {
	const user = requireUser(locals, url);
	const [contests, joinable] = await Promise.all([
		myContests(db, user.id, locals.receivedAt),
		openContestsToJoin(db, user)
	]);
	return { contests, joinable, registered: url.searchParams.has('registered') };
};

export const actions: Actions = {
	register: async ({ locals, request }) => {
		const user = requireUser(locals);
		const form = await request.formData();
		const contestId = idParam(String(form.get('contestId') ?? ''));
		if (contestId === null) return fail(400, { registerError: 'invalid' });
		const result = await selfRegister(db, user, contestId);
		if (!result.ok)
			return fail(result.error === 'not_found' ? 404 : 409, { registerError: result.error });
		redirect(303, '/contests?registered=1');
	}
};
