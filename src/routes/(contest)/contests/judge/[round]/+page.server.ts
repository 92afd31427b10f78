import { error, fail } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { db } from '$lib/server/db';
import { requireUser } from '$lib/server/auth/access';
import { idParam } from '$lib/server/contests/organizer-access';
import { judgeSeat } from '$lib/server/judging/seats';
import { judgeView, submitSheet } from '$lib/server/judging/sheets';
import { sheetErrorStatus, sheetFromForm } from '$lib/server/judging/sheet-form';

async function seatOf(locals: App.Locals, params: { round: string }, url: URL) {
	const user = requireUser(locals, url);
	const id = idParam(params.round);
	const seat = id ? await judgeSeat(db, user, id) : null;
	if (!seat) error(404, 'not_found');
	return seat;
}

/**
 * A judge's scoring page: only for a judge on the round's panel (anyone else: 404). Their own
 * sheets only until the organizer locks the round; essays by candidate code until then.
 * `?c=<registration>` picks the candidate without JavaScript.
 */
export const load: PageServerLoad = async ({ locals, params, url }) => {
	const seat = await seatOf(locals, params, url);
	const requested = Number(url.searchParams.get('c'));
	return {
		view: await judgeView(db, seat),
		requested: Number.isSafeInteger(requested) && requested > 0 ? requested : null,
		// The plain form's submission id: the same form posted twice is stored once.
		formClientId: crypto.randomUUID()
	};
};

export const actions: Actions = {
	/** The sheet as a plain form post (no JavaScript); the same rules as the phone's queue. */
	score: async ({ locals, params, request, url }) => {
		const seat = await seatOf(locals, params, url);
		const sheet = sheetFromForm(await request.formData());
		if (!sheet)
			return fail(400, { registrationId: null, error: 'invalid', points: {}, comment: '' });
		const result = await submitSheet(db, seat, sheet.input, locals.receivedAt);
		const registrationId = sheet.input.registrationId;
		if (!result.ok) {
			return fail(sheetErrorStatus(result.error), {
				registrationId,
				error: result.error,
				points: sheet.points,
				comment: sheet.comment
			});
		}
		return { registrationId, sent: { total: result.total, revision: result.revision } };
	}
};
