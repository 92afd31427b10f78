import { error, fail } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { requireUser } from '$lib/server/auth/access';
import { db } from '$lib/server/db';
import { renderShortMarkdown } from '$lib/server/content/markdown';
import { roundLobby, savePrediction } from '$lib/server/contests/candidate';
import { REPORT_MAX_LENGTH, reportIncident } from '$lib/server/contests/incidents';
import { candidateRound } from '$lib/server/contests/round-attempt';
import { predictionOf, startRoundForCandidate } from '$lib/server/contests/round-start';
import { settle } from '$lib/server/http/action-outcome';

export const load: PageServerLoad = async ({ locals, params, url }) => {
	const user = requireUser(locals, url);
	const lobby = await roundLobby(db, user.id, Number(params.id), locals.receivedAt);
	if (!lobby) error(404, 'not_found');
	const { rules, ...contest } = lobby.contest;
	return {
		...lobby,
		contest,
		rulesHtml: renderShortMarkdown(rules),
		reportMaxLength: REPORT_MAX_LENGTH
	};
};

export const actions: Actions = {
	/**
	 * Without JavaScript: the lobby's enhanced form is answered in front of SvelteKit, or by the
	 * hooks, with the same `startRoundForCandidate` (`$lib/server/http/action-exchange.ts`).
	 */
	start: async ({ locals, params, request }) => {
		const user = requireUser(locals);
		const form = await request.formData();
		return settle(
			await startRoundForCandidate(db, {
				userId: user.id,
				roundId: Number(params.id),
				form,
				receivedAt: locals.receivedAt
			})
		);
	},
	prediction: async ({ locals, params, request }) => {
		const user = requireUser(locals);
		if (!(await candidateRound(db, user.id, Number(params.id)))) error(404, 'not_found');
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
	},
	/** The candidate reports a problem (lost connection…) to the organizers' live monitor. */
	incident: async ({ locals, params, request }) => {
		const user = requireUser(locals);
		const form = await request.formData();
		const problem = String(form.get('problem') ?? '').slice(0, 40);
		const message = String(form.get('message') ?? '').slice(0, REPORT_MAX_LENGTH + 100);
		const result = await reportIncident(db, {
			userId: user.id,
			roundId: Number(params.id),
			problem,
			message,
			now: locals.receivedAt
		});
		if (!result.ok) {
			if (result.error === 'not_found') error(404, 'not_found');
			return fail(result.error === 'invalid' ? 400 : 409, {
				incidentError: result.error,
				problem,
				message
			});
		}
		return { incidentReported: true };
	}
};
