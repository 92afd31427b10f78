import { error, json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { db } from '$lib/server/db';
import { candidateRound, effectiveClose, windowState } from '$lib/server/contests/round-attempt';

/** The lobby's countdown: the server's time and the round's window, for its registered candidates. */
export const GET: RequestHandler = async ({ locals, params }) => {
	if (!locals.user) error(401, 'unauthorized');
	const found = await candidateRound(db, locals.user.id, Number(params.id));
	if (!found) error(404, 'not_found');
	const r = found.round;
	return json(
		{
			serverNow: locals.receivedAt.toISOString(),
			opensAt: r.opensAt?.toISOString() ?? null,
			closesAt: effectiveClose(r)?.toISOString() ?? null,
			window: windowState(r, locals.receivedAt)
		},
		{ headers: { 'cache-control': 'no-store' } }
	);
};
