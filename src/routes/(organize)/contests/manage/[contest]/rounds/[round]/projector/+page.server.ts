import type { PageServerLoad } from './$types';
import { db } from '$lib/server/db';
import { requireJudgedRound } from '$lib/server/judging/organizer-routes';
import { projectorSnapshot } from '$lib/server/judging/projector';

/** The hall's projector (an organizer's browser in kiosk mode): the stage as the database has it. */
export const load: PageServerLoad = async ({ locals, params, url }) => {
	const { contest, round } = await requireJudgedRound(db, locals, params, url);
	return {
		contest: { id: contest.id, name: contest.name },
		snapshot: await projectorSnapshot(db, round, locals.receivedAt)
	};
};
