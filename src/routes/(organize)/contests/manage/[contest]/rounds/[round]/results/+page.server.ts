import { fail } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { db } from '$lib/server/db';
import { roundResultRows } from '$lib/server/contests/export';
import { requireOrganizedContest, requireRoundOf } from '$lib/server/contests/organizer-access';
import {
	attemptsInProgress,
	computeRoundResults,
	publishRoundResults
} from '$lib/server/contests/publish';

const PAGE_SIZE = 200;

export const load: PageServerLoad = async ({ locals, params, url }) => {
	const { contest, unit } = await requireOrganizedContest(db, locals, params.contest, url);
	const { round } = await requireRoundOf(db, contest.id, params.round);
	const rows = await roundResultRows(db, round.id, unit);
	const pages = Math.max(1, Math.ceil(rows.length / PAGE_SIZE));
	const pageNo = Math.min(pages, Math.max(1, Number(url.searchParams.get('page')) || 1));
	return {
		contest: { id: contest.id, name: contest.name },
		round: {
			id: round.id,
			name: round.name,
			kind: round.kind,
			status: round.status,
			closesAt: round.closesAt,
			predictionQuestion: round.predictionQuestion,
			resultsComputedAt: round.resultsComputedAt,
			resultsPublishedAt: round.resultsPublishedAt
		},
		inProgress: round.kind === 'online' ? await attemptsInProgress(db, round.id) : 0,
		total: rows.length,
		page: pageNo,
		pages,
		rows: rows.slice((pageNo - 1) * PAGE_SIZE, pageNo * PAGE_SIZE)
	};
};

export const actions: Actions = {
	compute: async ({ locals, params, url }) => {
		const { user, contest } = await requireOrganizedContest(db, locals, params.contest, url);
		const { round } = await requireRoundOf(db, contest.id, params.round);
		const result = await computeRoundResults(db, round, {
			actorUserId: user.id,
			now: locals.receivedAt
		});
		if (!result.ok) {
			return fail(409, {
				action: 'compute' as const,
				error: result.error,
				count: result.count ?? 0
			});
		}
		return {
			action: 'compute' as const,
			ranked: result.ranked,
			predictionActual: result.predictionActual
		};
	},
	publish: async ({ locals, params, url }) => {
		const { user, contest } = await requireOrganizedContest(db, locals, params.contest, url);
		const { round } = await requireRoundOf(db, contest.id, params.round);
		const result = await publishRoundResults(db, round, {
			actorUserId: user.id,
			now: locals.receivedAt
		});
		if (!result.ok) return fail(409, { action: 'publish' as const, error: result.error, count: 0 });
		return { action: 'publish' as const, published: true };
	}
};
