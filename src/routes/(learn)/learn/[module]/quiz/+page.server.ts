import { error, fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { getLocale } from '$lib/paraglide/runtime.js';
import { requireUser } from '$lib/server/auth/access';
import { db } from '$lib/server/db';
import { findQuizModule, startPracticeAttempt } from '$lib/server/quiz/practice';
import { moduleAttemptHistory, quizSummaryForModule } from '$lib/server/quiz/summary';
import { localized } from '$lib/server/quiz/taking';

// Plain links and forms, no client-side behaviour: served without the client app, which would
// be most of the page's weight on the wire (npm run bench:pages).
export const csr = false;

async function quizModule(slug: string) {
	const module = await findQuizModule(db, slug);
	if (!module) error(404, 'not_found');
	return module;
}

export const load: PageServerLoad = async ({ locals, params, url }) => {
	const user = requireUser(locals, url);
	const module = await quizModule(params.module);
	const [summary, history] = await Promise.all([
		quizSummaryForModule(db, user.id, module.id),
		moduleAttemptHistory(db, user.id, module.id)
	]);
	const { questionCount, timeLimitSeconds, passPercent, attemptsAllowed, review, multipleScoring } =
		module.quiz;
	return {
		module: {
			slug: module.slug,
			title: localized(module.title, getLocale()),
			retired: module.retired
		},
		settings: {
			questionCount,
			timeLimitSeconds,
			passPercent,
			attemptsAllowed,
			review,
			multipleScoring
		},
		summary: summary!,
		history,
		serverNow: locals.receivedAt.toISOString()
	};
};

export const actions: Actions = {
	start: async ({ locals, params, url }) => {
		const user = requireUser(locals, url);
		const module = await quizModule(params.module);
		const result = await startPracticeAttempt(db, {
			userId: user.id,
			module,
			now: locals.receivedAt
		});
		if (!result.ok) return fail(409, { startError: result.reason });
		redirect(303, `/attempts/${result.attemptId}`);
	}
};
