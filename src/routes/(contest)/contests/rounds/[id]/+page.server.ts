import { error, fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { requireUser } from '$lib/server/auth/access';
import { db } from '$lib/server/db';
import { renderShortMarkdown } from '$lib/server/content/markdown';
import { roundLobby, savePrediction } from '$lib/server/contests/candidate';
import { startRoundAttempt } from '$lib/server/contests/round-attempt';

const predictionOf = (form: FormData) => {
	const raw = String(form.get('prediction') ?? '').trim();
	return raw === '' ? null : Number(raw);
};

export const load: PageServerLoad = async ({ locals, params, url }) => {
	const user = requireUser(locals, url);
	const lobby = await roundLobby(db, user.id, Number(params.id), locals.receivedAt);
	if (!lobby) error(404, 'not_found');
	const { rules, ...contest } = lobby.contest;
	return { ...lobby, contest, rulesHtml: renderShortMarkdown(rules) };
};

export const actions: Actions = {
	start: async ({ locals, params, request }) => {
		const user = requireUser(locals);
		const roundId = Number(params.id);
		const form = await request.formData();
		const prediction = predictionOf(form);
		if (prediction !== null && !(Number.isSafeInteger(prediction) && prediction >= 0)) {
			return fail(400, { predictionError: true });
		}
		const result = await startRoundAttempt(db, {
			userId: user.id,
			roundId,
			now: locals.receivedAt
		});
		if (!result.ok) {
			if (result.reason === 'not_found') error(404, 'not_found');
			return fail(409, { startError: result.reason });
		}
		if (prediction !== null) {
			await savePrediction(db, {
				userId: user.id,
				roundId,
				attemptId: result.attemptId,
				value: prediction,
				now: locals.receivedAt
			});
		}
		redirect(303, `/attempts/${result.attemptId}`);
	},
	prediction: async ({ locals, params, request }) => {
		const user = requireUser(locals);
		const form = await request.formData();
		const value = predictionOf(form);
		const saved =
			value !== null &&
			(await savePrediction(db, {
				userId: user.id,
				roundId: Number(params.id),
				attemptId: String(form.get('attemptId') ?? ''),
				value,
				now: locals.receivedAt
			}));
		if (!saved) return fail(400, { predictionError: true });
		return { predictionSaved: true };
	}
};
