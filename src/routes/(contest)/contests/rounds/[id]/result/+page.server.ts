import { error } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';
import { getLocale } from '$lib/paraglide/runtime.js';
import { requireUser } from '$lib/server/auth/access';
import { db } from '$lib/server/db';
import { ownRoundResult } from '$lib/server/contests/own-result';
import { attemptResult } from '$lib/server/quiz/results';

// Plain links and forms, no client-side behaviour: served without the client app, which would
// be most of the page's weight on the wire (npm run bench:pages).
export const csr = false;

export const load: PageServerLoad = async ({ locals, params, url }) => {
	const user = requireUser(locals, url);
	const own = await ownRoundResult(db, user.id, Number(params.id), locals.receivedAt);
	if (!own) error(404, 'not_found');
	// The key and explanations only once the round's review is open (checked in ownRoundResult).
	let review = null;
	if (own.reviewAttemptId) {
		const result = await attemptResult(db, {
			attemptId: own.reviewAttemptId,
			userId: user.id,
			locale: getLocale(),
			contestReviewOpen: true
		});
		if (result.state === 'finished') review = result.view.questions ?? null;
	}
	return { own, review };
};
