import { error, redirect } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';
import { getLocale } from '$lib/paraglide/runtime.js';
import { requireUser } from '$lib/server/auth/access';
import { db } from '$lib/server/db';
import { getCatalog } from '$lib/server/content/store';
import { roundOfAttempt } from '$lib/server/contests/round-attempt';
import { deckSummary } from '$lib/server/quiz/deck';
import { attemptResult } from '$lib/server/quiz/results';

export const load: PageServerLoad = async ({ locals, params, url }) => {
	const user = requireUser(locals, url);
	// A contest round's result (and its review, once open) is the contest's page.
	const roundId = await roundOfAttempt(db, params.id, user.id);
	if (roundId !== null) redirect(303, `/contests/rounds/${roundId}/result`);
	const catalog = getCatalog();
	const result = await attemptResult(db, {
		attemptId: params.id,
		userId: user.id,
		locale: getLocale(),
		topicTitle: (moduleId, topic) =>
			catalog.moduleById(moduleId)?.topics.find((t) => t.id === topic)?.title
	});
	if (result.state === 'not_found') error(404, 'not_found');
	if (result.state === 'open') redirect(303, `/attempts/${params.id}`);
	const deck = await deckSummary(db, user.id, locals.receivedAt);
	return { result: result.view, dueCards: deck.due, late: url.searchParams.has('late') };
};
