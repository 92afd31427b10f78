import { error, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { getLocale } from '$lib/paraglide/runtime.js';
import { requireUser } from '$lib/server/auth/access';
import { db } from '$lib/server/db';
import { settle } from '$lib/server/http/action-outcome';
import { pageAfter } from '$lib/server/quiz/attempt-form';
import { saveFormAnswers, submitAttemptForm } from '$lib/server/quiz/submit';
import { openAttemptForTaking } from '$lib/server/quiz/taking';

// Served without the client app: the page's own small script (src/lib/quiz/attempt-page/) adds
// the countdown, autosave and offline queue; without JavaScript its forms do everything.
export const csr = false;

export const load: PageServerLoad = async ({ locals, params, url }) => {
	const user = requireUser(locals, url);
	const taking = await openAttemptForTaking(db, {
		attemptId: params.id,
		userId: user.id,
		locale: getLocale(),
		now: locals.receivedAt
	});
	if (taking.state === 'not_found') error(404, 'not_found');
	if (taking.state === 'finished') redirect(303, `/attempts/${params.id}/result`);
	const total = taking.view.questions.length;
	const q = Number(url.searchParams.get('q') ?? 1);
	return {
		attempt: taking.view,
		current: Number.isInteger(q) && q >= 1 && q <= total ? q : 1,
		showAll: url.searchParams.get('view') === 'all',
		confirming: url.searchParams.has('confirm'),
		saveRefused: url.searchParams.has('refused'),
		textTooLong: url.searchParams.has('too_long')
	};
};

export const actions: Actions = {
	save: async ({ locals, params, request }) => {
		const form = await request.formData();
		const user = requireUser(locals);
		const saved = await saveFormAnswers(db, {
			userId: user.id,
			attemptId: params.id,
			form,
			receivedAt: locals.receivedAt
		});
		if (saved.outcome) return settle(saved.outcome);
		redirect(
			303,
			`/attempts/${params.id}${pageAfter(form, { refused: saved.refused, tooLong: saved.tooLong })}`
		);
	},
	/**
	 * The page's script sends the final submit as JSON-answered form post: that is answered in
	 * front of SvelteKit, or by the hooks, with the same `submitAttemptForm`
	 * (`$lib/server/http/action-exchange.ts`); this action answers it without JavaScript.
	 */
	submit: async ({ locals, params, request }) => {
		const form = await request.formData();
		const user = requireUser(locals);
		return settle(
			await submitAttemptForm(db, {
				userId: user.id,
				attemptId: params.id,
				form,
				receivedAt: locals.receivedAt
			})
		);
	}
};
