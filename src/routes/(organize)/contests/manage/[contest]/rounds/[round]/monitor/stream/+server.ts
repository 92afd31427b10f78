import { error } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { db } from '$lib/server/db';
import { monitorStream } from '$lib/server/contests/monitor-stream';
import { requireOrganizedContest, requireRoundOf } from '$lib/server/contests/organizer-access';

/** The live monitor's figures as Server-Sent Events (read from the database every second). */
export const GET: RequestHandler = async ({ locals, params, url, request }) => {
	const { contest, unit } = await requireOrganizedContest(db, locals, params.contest, url);
	const { round } = await requireRoundOf(db, contest.id, params.round);
	if (round.kind !== 'online') error(404, 'not_found');
	// The request's clock (a test clock on browser-test servers), moving on as real time does.
	const offset = locals.receivedAt.getTime() - Date.now();
	return monitorStream(
		db,
		{ roundId: round.id, levelId: round.levelId, contestUnit: unit },
		request.signal,
		{
			now: () => new Date(Date.now() + offset),
			// `?once`: one snapshot, then the stream ends (a plain poll; the access tests use it).
			...(url.searchParams.has('once') ? { lifetimeMs: 0 } : {})
		}
	);
};
