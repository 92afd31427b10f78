import type { PageServerLoad } from './$types';
import { requireRole } from '$lib/server/auth/access';
import { db } from '$lib/server/db';
import { organizerContests } from '$lib/server/contests/organize-read';

export const load: PageServerLoad = async ({ locals, url }) => {
	const { paths } = requireRole(locals, 'organizer', url);
	return { contests: await organizerContests(db, paths) };
};
