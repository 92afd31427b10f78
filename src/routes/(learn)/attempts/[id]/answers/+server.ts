import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { db } from '$lib/server/db';
import { AUTOSAVE_HEADERS, answerAutosave, readRequestBody } from '$lib/server/quiz/autosave';

/**
 * Autosave (see `answerAutosave`). In production `scripts/start.js` answers these requests in
 * front of SvelteKit through the same function; this route serves them everywhere else (dev,
 * preview, `node build`). The hooks leave the session check to the save (AUTOSAVE_ROUTE_ID).
 */
export const POST: RequestHandler = async ({ cookies, locals, params, request, url }) => {
	const reply = await answerAutosave(db, {
		attemptId: params.id,
		receivedAt: locals.receivedAt,
		url,
		cookies,
		readBody: (maxBytes) => readRequestBody(request, maxBytes)
	});
	return json(reply.body, { status: reply.status, headers: AUTOSAVE_HEADERS });
};
