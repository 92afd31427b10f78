import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { m } from '$lib/paraglide/messages.js';
import { baseLocale, cookieName, isLocale } from '$lib/paraglide/runtime.js';
import { sessionCookieName } from '$lib/server/auth/cookies';
import { db } from '$lib/server/db';
import { answerBatchSchema, saveAnswersWithSession } from '$lib/server/quiz/save';
import { quizTiming } from '$lib/server/quiz/settings';

const noStore = { 'cache-control': 'no-store' };
/** A full offline queue (200 answers) is a few kilobytes; anything far larger is not ours. */
const MAX_BODY_BYTES = 64 * 1024;

/**
 * Autosave: `{ saves: [{ position, seq, selected, flagged }] }`. Answers 200 only after the
 * database committed the save; 409 once the attempt is closed (deadline + grace passed, or
 * finished), 404 for an attempt that is not the caller's, 401 when signed out. The session is
 * checked inside the save statement (the hooks leave this route to it: AUTOSAVE_ROUTE_ID).
 */
export const POST: RequestHandler = async ({ cookies, locals, params, request, url }) => {
	const receivedAt = locals.receivedAt;
	if (Number(request.headers.get('content-length') ?? 0) > MAX_BODY_BYTES) {
		return json({ error: 'too_large' }, { status: 413, headers: noStore });
	}
	const body = answerBatchSchema.safeParse(await request.json().catch(() => null));
	if (!body.success) return json({ error: 'bad_request' }, { status: 400, headers: noStore });
	const out = await saveAnswersWithSession(db, {
		attemptId: params.id,
		sessionToken: cookies.get(sessionCookieName(url)),
		saves: body.data.saves,
		now: receivedAt,
		graceMs: quizTiming.graceMs
	});
	if (out.ok) {
		return json(
			{ results: out.results, serverNow: new Date().toISOString() },
			{ headers: noStore }
		);
	}
	// The hooks leave this route out of the i18n middleware: the language comes from its cookie.
	const chosen = cookies.get(cookieName);
	const locale = chosen && isLocale(chosen) ? chosen : baseLocale;
	const failures = {
		signed_out: [401, m.quiz_signed_out({}, { locale })],
		closed: [409, m.quiz_save_closed({}, { locale })],
		not_found: [404, undefined]
	} as const;
	const [status, message] = failures[out.reason];
	return json({ error: out.reason, message }, { status, headers: noStore });
};
