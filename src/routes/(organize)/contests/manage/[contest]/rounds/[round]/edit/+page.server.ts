import { fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { db } from '$lib/server/db';
import { bankSummary } from '$lib/server/contests/bank';
import { requireOrganizedContest, requireRoundOf } from '$lib/server/contests/organizer-access';
import { effectiveClose } from '$lib/server/contests/round-attempt';
import { extendRoundClose, roundOpened, updateRound } from '$lib/server/contests/round-edit';
import {
	parseLocalTime,
	parseRoundForm,
	problemErrors,
	roundFormValues
} from '$lib/server/contests/round-form';

async function guard(locals: App.Locals, params: { contest: string; round: string }, url: URL) {
	const { user, contest } = await requireOrganizedContest(db, locals, params.contest, url);
	const { round, level } = await requireRoundOf(db, contest.id, params.round);
	return { user, contest, round, level };
}

export const load: PageServerLoad = async ({ locals, params, url }) => {
	const { user, contest, round, level } = await guard(locals, params, url);
	const now = locals.receivedAt;
	const close = effectiveClose(round);
	return {
		contest: { id: contest.id, name: contest.name, kind: contest.kind },
		level: { id: level.id, name: level.name },
		round: {
			id: round.id,
			name: round.name,
			opensAt: round.opensAt,
			closesAt: round.closesAt,
			opened: roundOpened(round, now),
			/** The window is still open: its close may be moved later. */
			extendable: roundOpened(round, now) && round.status !== 'closed' && !!close && close > now
		},
		values: roundFormValues(round),
		bank: (await bankSummary(db, user, contest.id)) ?? []
	};
};

export const actions: Actions = {
	save: async ({ locals, params, url, request }) => {
		const { user, contest, round } = await guard(locals, params, url);
		const parsed = parseRoundForm(await request.formData());
		if (!parsed.ok) {
			return fail(400, { action: 'save' as const, values: parsed.values, errors: parsed.errors });
		}
		const result = await updateRound(db, user, round.id, parsed.input, locals.receivedAt);
		if (!result.ok && result.error === 'opened') {
			return fail(409, {
				action: 'save' as const,
				values: parsed.values,
				errors: {},
				refused: result.changed ?? []
			});
		}
		if (!result.ok) {
			return fail(400, {
				action: 'save' as const,
				values: parsed.values,
				errors: problemErrors(result.problems ?? ['invalid'])
			});
		}
		redirect(303, `/contests/manage/${contest.id}?edited=${round.id}`);
	},
	extendClose: async ({ locals, params, url, request }) => {
		const { user, round } = await guard(locals, params, url);
		const form = await request.formData();
		const closesAt = parseLocalTime(String(form.get('closesAt') ?? '').slice(0, 40));
		const reason = String(form.get('reason') ?? '').slice(0, 600);
		if (!closesAt) return fail(400, { action: 'extendClose' as const, error: 'date', reason });
		const result = await extendRoundClose(
			db,
			user,
			round.id,
			{ closesAt, reason },
			locals.receivedAt
		);
		if (!result.ok) {
			const status = result.error === 'reason_required' || result.error === 'invalid' ? 400 : 409;
			return fail(status, { action: 'extendClose' as const, error: result.error, reason });
		}
		return {
			action: 'extendClose' as const,
			extended: closesAt.toISOString(),
			attemptsMoved: result.attemptsMoved
		};
	}
};
