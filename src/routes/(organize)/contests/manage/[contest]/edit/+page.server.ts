import { fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { db } from '$lib/server/db';
import { renderShortMarkdown } from '$lib/server/content/markdown';
import { setContestStatus, updateContest } from '$lib/server/contests/manage';
import { requireOrganizedContest } from '$lib/server/contests/organizer-access';
import { CONTEST_STATUSES, type ContestStatus } from '$lib/server/db/schema';
import { contestSchema, fieldErrors, readContestForm } from '../../contest-form';

export const load: PageServerLoad = async ({ locals, params, url }) => {
	const { contest } = await requireOrganizedContest(db, locals, params.contest, url);
	return {
		contest: {
			id: contest.id,
			name: contest.name,
			year: contest.year,
			kind: contest.kind,
			status: contest.status,
			rules: contest.rules,
			publishNames: contest.publishNames,
			selfRegistration: contest.selfRegistration
		}
	};
};

const editSchema = contestSchema.omit({ kind: true, orgUnitId: true });

export const actions: Actions = {
	preview: async ({ locals, params, url, request }) => {
		await requireOrganizedContest(db, locals, params.contest, url);
		const values = readContestForm(await request.formData());
		return { action: 'preview' as const, values, preview: renderShortMarkdown(values.rules) };
	},
	save: async ({ locals, params, url, request }) => {
		const { user, contest } = await requireOrganizedContest(db, locals, params.contest, url);
		const values = readContestForm(await request.formData());
		const parsed = editSchema.safeParse(values);
		if (!parsed.success) {
			return fail(400, { action: 'save' as const, values, errors: fieldErrors(parsed.error) });
		}
		const result = await updateContest(db, user, contest.id, parsed.data);
		if (!result.ok)
			return fail(400, { action: 'save' as const, values, errors: { name: 'invalid' } });
		redirect(303, `/contests/manage/${contest.id}`);
	},
	status: async ({ locals, params, url, request }) => {
		const { user, contest } = await requireOrganizedContest(db, locals, params.contest, url);
		const status = String((await request.formData()).get('status') ?? '');
		if (!CONTEST_STATUSES.includes(status as ContestStatus)) {
			return fail(400, { action: 'status' as const, error: 'bad_transition' });
		}
		const result = await setContestStatus(db, user, contest.id, status as ContestStatus);
		if (!result.ok) return fail(409, { action: 'status' as const, error: result.error });
		return { action: 'status' as const, status };
	}
};
