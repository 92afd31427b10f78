import { error, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { getLocale } from '$lib/paraglide/runtime.js';
import { requireUser } from '$lib/server/auth/access';
import { db } from '$lib/server/db';
import { finishAttempt } from '$lib/server/quiz/finish';
import { saveAnswers } from '$lib/server/quiz/save';
import { quizTiming } from '$lib/server/quiz/settings';
import { openAttemptForTaking } from '$lib/server/quiz/taking';
import { answersFromForm, pageAfter } from './form';

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

/** Saves the answers posted with the form; a closed attempt sends the learner to the result. */
async function saveFormAnswers(locals: App.Locals, attemptId: string, form: FormData) {
	const user = requireUser(locals);
	const { saves, malformed, tooLong } = answersFromForm(form);
	const out = await saveAnswers(db, {
		attemptId,
		userId: user.id,
		saves,
		now: locals.receivedAt,
		graceMs: quizTiming.graceMs
	});
	if (!out.ok && out.reason === 'not_found') error(404, 'not_found');
	if (!out.ok) redirect(303, `/attempts/${attemptId}/result?late=1`);
	return {
		user,
		refused: malformed > 0 || out.results.some((r) => r.status !== 'saved'),
		tooLong: tooLong > 0
	};
}

export const actions: Actions = {
	save: async ({ locals, params, request }) => {
		const form = await request.formData();
		const { refused, tooLong } = await saveFormAnswers(locals, params.id, form);
		redirect(303, `/attempts/${params.id}${pageAfter(form, { refused, tooLong })}`);
	},
	submit: async ({ locals, params, request }) => {
		const form = await request.formData();
		// The final confirmation carries no answers: nothing to save first.
		const saved = form.has('pos')
			? await saveFormAnswers(locals, params.id, form)
			: { user: requireUser(locals), refused: false, tooLong: false };
		if (form.get('confirmed') !== '1') {
			// The confirmation also says when an answer on the page was not saved.
			redirect(303, `/attempts/${params.id}${pageAfter(form, { confirm: true, ...saved })}`);
		}
		const user = saved.user;
		const result = await finishAttempt(db, params.id, { userId: user.id, now: locals.receivedAt });
		if (result === 'not_found') error(404, 'not_found');
		redirect(303, `/attempts/${params.id}/result`);
	}
};
