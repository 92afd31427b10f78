import type { PageServerLoad } from './$types';
import { db } from '$lib/server/db';
import { roundResultRows } from '$lib/server/contests/export';
import { requireOrganizedContest, requireRoundOf } from '$lib/server/contests/organizer-access';

export const load: PageServerLoad = async ({ locals, params, url }) => {
	const { contest, unit } = await requireOrganizedContest(db, locals, params.contest, url);
	const { round } = await requireRoundOf(db, contest.id, params.round);
	return {
		contest: { id: contest.id, name: contest.name, year: contest.year },
		round: { id: round.id, name: round.name },
		unit: { name: unit.name },
		rows: await roundResultRows(db, round.id, unit)
	};
};
