import type { RequestHandler } from './$types';
import { db } from '$lib/server/db';
import { snapshotStream } from '$lib/server/contests/monitor-stream';
import { requireJudgedRound } from '$lib/server/judging/organizer-routes';
import { projectorSnapshot } from '$lib/server/judging/projector';

/** The projector's stage as Server-Sent Events, read from the database every second (as the live monitor). */
export const GET: RequestHandler = async ({ locals, params, url, request }) => {
	const { round } = await requireJudgedRound(db, locals, params, url);
	return snapshotStream(() => projectorSnapshot(db, round), request.signal, {
		context: { roundId: round.id },
		// `?once`: one snapshot, then the stream ends (a plain poll; the access tests use it).
		...(url.searchParams.has('once') ? { lifetimeMs: 0 } : {})
	});
};
