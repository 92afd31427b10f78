import { error } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';
import { db } from '$lib/server/db';
import { requireUser } from '$lib/server/auth/access';
import { idParam } from '$lib/server/contests/organizer-access';
import { judgeSeat } from '$lib/server/judging/seats';
import { judgeView } from '$lib/server/judging/sheets';

/**
 * A judge's scoring page: only for a judge on the round's panel (anyone else: 404). Their own
 * sheets only until the organizer locks the round; essays by candidate code until then.
 */
export const load: PageServerLoad = async ({ locals, params, url }) => {
	const user = requireUser(locals, url);
	const id = idParam(params.round);
	const seat = id ? await judgeSeat(db, user, id) : null;
	if (!seat) error(404, 'not_found');
	return { view: await judgeView(db, seat) };
};
