import type { PageServerLoad } from './$types';
import { db } from '$lib/server/db';
import { requireOrganizedContest } from '$lib/server/contests/organizer-access';
import { contestStructure } from '$lib/server/contests/organize-read';

export const load: PageServerLoad = async ({ locals, params, url }) => {
	const { contest, unit } = await requireOrganizedContest(db, locals, params.contest, url);
	return {
		contest: {
			id: contest.id,
			name: contest.name,
			year: contest.year,
			kind: contest.kind,
			status: contest.status
		},
		unit: { name: unit.name },
		levels: (await contestStructure(db, contest.id)).map((l) => ({
			id: l.id,
			name: l.name,
			candidates: l.candidates,
			advancementPublishedAt: l.advancementPublishedAt,
			prizesPublishedAt: l.prizesPublishedAt,
			rounds: l.rounds.map((r) => ({
				id: r.id,
				name: r.name,
				kind: r.kind,
				status: r.status,
				opensAt: r.opensAt,
				closesAt: r.closesAt,
				resultsComputedAt: r.resultsComputedAt,
				resultsPublishedAt: r.resultsPublishedAt
			}))
		}))
	};
};
