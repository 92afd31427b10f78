import { fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { db } from '$lib/server/db';
import { bankSummary } from '$lib/server/contests/bank';
import { addRound } from '$lib/server/contests/manage';
import { requireLevelOf, requireOrganizedContest } from '$lib/server/contests/organizer-access';
import { parseRoundForm, problemErrors } from '$lib/server/contests/round-form';

async function guard(locals: App.Locals, params: { contest: string; level: string }, url: URL) {
	const { user, contest } = await requireOrganizedContest(db, locals, params.contest, url);
	const level = await requireLevelOf(db, contest.id, params.level);
	return { user, contest, level };
}

export const load: PageServerLoad = async ({ locals, params, url }) => {
	const { user, contest, level } = await guard(locals, params, url);
	return {
		contest: { id: contest.id, name: contest.name, kind: contest.kind },
		level: { id: level.id, name: level.name },
		bank: (await bankSummary(db, user, contest.id)) ?? []
	};
};

export const actions: Actions = {
	create: async ({ locals, params, url, request }) => {
		const { user, contest, level } = await guard(locals, params, url);
		const parsed = parseRoundForm(await request.formData());
		if (!parsed.ok) return fail(400, { values: parsed.values, errors: parsed.errors });
		const result = await addRound(db, user, level.id, parsed.input);
		if (!result.ok) {
			return fail(400, {
				values: parsed.values,
				errors: problemErrors(result.problems ?? ['invalid'])
			});
		}
		redirect(303, `/contests/manage/${contest.id}`);
	}
};
