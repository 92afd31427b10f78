import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { m } from '$lib/paraglide/messages.js';
import { db } from '$lib/server/db';
import { attemptClock } from '$lib/server/quiz/clock';
import { quizTiming } from '$lib/server/quiz/settings';

/** The heartbeat: the server's time, the attempt's deadline and whether it is still open. */
export const GET: RequestHandler = async ({ locals, params }) => {
	if (!locals.user)
		return json({ error: 'signed_out', message: m.quiz_signed_out() }, { status: 401 });
	const clock = await attemptClock(db, {
		attemptId: params.id,
		userId: locals.user.id,
		now: locals.receivedAt,
		graceMs: quizTiming.graceMs
	});
	if (!clock) return json({ error: 'not_found' }, { status: 404 });
	return json(clock, { headers: { 'cache-control': 'no-store' } });
};
