import type { RequestHandler } from './$types';
import { env } from '$env/dynamic/private';
import { db } from '$lib/server/db';
import { respondToAutosave } from '$lib/server/quiz/autosave';

/**
 * Autosave (see `respondToAutosave`, which does every check itself: the hooks pass this route
 * through untouched). In production `scripts/start.js` answers these requests in front of
 * SvelteKit with the same function; this route serves them in dev, preview and `node build`.
 */
export const POST: RequestHandler = ({ locals, params, request }) =>
	respondToAutosave(db, request, {
		attemptId: params.id,
		receivedAt: locals.receivedAt,
		ownHostOnly: !env.ORIGIN
	});
