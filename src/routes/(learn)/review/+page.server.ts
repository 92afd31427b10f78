import { fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { requireUser } from '$lib/server/auth/access';
import { db } from '$lib/server/db';
import { deckSummary, LEITNER_INTERVAL_DAYS } from '$lib/server/quiz/deck';
import {
	openReviewSession,
	REVIEW_SESSION_SIZE,
	startReviewSession
} from '$lib/server/quiz/review';

// Plain links and forms, no client-side behaviour: served without the client app, which would
// be most of the page's weight on the wire (npm run bench:pages).
export const csr = false;

export const load: PageServerLoad = async ({ locals, url }) => {
	const user = requireUser(locals, url);
	const [deck, openSessionId] = await Promise.all([
		deckSummary(db, user.id, locals.receivedAt),
		openReviewSession(db, user.id)
	]);
	return {
		deck: { ...deck, nextDueAt: deck.nextDueAt?.toISOString() ?? null },
		openSessionId,
		sessionSize: REVIEW_SESSION_SIZE,
		intervals: [...LEITNER_INTERVAL_DAYS]
	};
};

export const actions: Actions = {
	start: async ({ locals, url }) => {
		const user = requireUser(locals, url);
		const result = await startReviewSession(db, { userId: user.id, now: locals.receivedAt });
		if (!result.ok) return fail(409, { startError: result.reason });
		redirect(303, `/attempts/${result.attemptId}`);
	}
};
