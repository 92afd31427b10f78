import type { PageServerLoad } from './$types';
import { db } from '$lib/server/db';
import { levelCertificates } from '$lib/server/contests/certificates';
import { requireLevelOf, requireOrganizedContest } from '$lib/server/contests/organizer-access';

export const load: PageServerLoad = async ({ locals, params, url }) => {
	const { contest, unit } = await requireOrganizedContest(db, locals, params.contest, url);
	const level = await requireLevelOf(db, contest.id, params.level);
	return {
		contest: { id: contest.id, name: contest.name, year: contest.year },
		level: { id: level.id, name: level.name, publishedAt: level.prizesPublishedAt },
		unit: { name: unit.name },
		certificates: await levelCertificates(db, level.id, unit)
	};
};
