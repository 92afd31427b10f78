import { error } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';
import { db } from '$lib/server/db';
import { publicContestResults } from '$lib/server/contests/public-results';

/** Published results, for anyone (names as the contest publishes them). */
export const load: PageServerLoad = async ({ params }) => {
	const results = await publicContestResults(db, Number(params.contest));
	if (!results) error(404, 'not_found');
	return { results };
};
