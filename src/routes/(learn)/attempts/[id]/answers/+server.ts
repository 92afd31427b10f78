import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { m } from '$lib/paraglide/messages.js';
import { db } from '$lib/server/db';
import { answerBatchSchema, saveAnswers } from '$lib/server/quiz/save';
import { quizTiming } from '$lib/server/quiz/settings';

/**
 * Autosave: `{ saves: [{ position, seq, selected, flagged }] }`. Answers 200 only after the
 * database committed the save; 409 once the attempt is closed (deadline + grace passed, or
 * finished), 404 for an attempt that is not the caller's, 401 when signed out.
 */
export const POST: RequestHandler = async ({ locals, params, request }) => {
	const receivedAt = locals.receivedAt;
	if (!locals.user)
		return json({ error: 'signed_out', message: m.quiz_signed_out() }, { status: 401 });
	const body = answerBatchSchema.safeParse(await request.json().catch(() => null));
	if (!body.success) return json({ error: 'bad_request' }, { status: 400 });
	const out = await saveAnswers(db, {
		attemptId: params.id,
		userId: locals.user.id,
		saves: body.data.saves,
		now: receivedAt,
		graceMs: quizTiming.graceMs
	});
	if (!out.ok && out.reason === 'closed') {
		return json({ error: 'closed', message: m.quiz_save_closed() }, { status: 409 });
	}
	if (!out.ok) return json({ error: 'not_found' }, { status: 404 });
	return json({ results: out.results, serverNow: new Date().toISOString() });
};
