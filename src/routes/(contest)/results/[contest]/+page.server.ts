import { error } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';
import { db } from '$lib/server/db';
import { publicContestResults } from '$lib/server/contests/public-results';

// Plain links and forms, no client-side behaviour: served without the client app, which would
// be most of the page's weight on the wire (npm run bench:pages).
export const csr = false;

/** Published results, for anyone (names as the contest publishes them). */
export const load: PageServerLoad = async ({ params }) => {
	const results = await publicContestResults(db, Number(params.contest));
	if (!results) error(404, 'not_found');
	return { results };
};
