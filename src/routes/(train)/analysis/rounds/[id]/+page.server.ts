import { error } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';
import { analyse } from '$lib/server/analysis/item-analysis';
import { analysisView } from '$lib/server/analysis/view';
import { requireRole } from '$lib/server/auth/access';
import { roundForOrganizer } from '$lib/server/contests/access';
import { contentLanguage } from '$lib/server/content/language';
import { db, reading } from '$lib/server/db';

/** Item analysis of an online contest round: its organizers only (the bank is confidential). */
export const load: PageServerLoad = async ({ locals, params, url }) => {
	const { user } = requireRole(locals, 'organizer', url);
	const found = await roundForOrganizer(db, user, Number(params.id));
	if (!found || found.round.kind !== 'online') error(404, 'not_found');
	const analysis = await reading((db) => analyse(db, { kind: 'round', roundId: found.round.id }));
	return {
		title: `${found.contest.name} — ${found.round.name}`,
		...analysisView(analysis, contentLanguage(), {
			bankHref: `/contests/manage/${found.contest.id}/bank`
		})
	};
};
