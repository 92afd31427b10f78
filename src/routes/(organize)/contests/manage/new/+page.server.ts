import { fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { requireRole } from '$lib/server/auth/access';
import { db } from '$lib/server/db';
import { renderShortMarkdown } from '$lib/server/content/markdown';
import { createContest } from '$lib/server/contests/manage';
import { organizingUnits } from '$lib/server/contests/organize-read';
import { contestSchema, fieldErrors, readContestForm } from '../contest-form';

export const load: PageServerLoad = async ({ locals, url }) => {
	const { paths } = requireRole(locals, 'organizer', url);
	return { units: await organizingUnits(db, paths), year: new Date().getFullYear() };
};

export const actions: Actions = {
	preview: async ({ locals, url, request }) => {
		requireRole(locals, 'organizer', url);
		const values = readContestForm(await request.formData());
		return { action: 'preview' as const, values, preview: renderShortMarkdown(values.rules) };
	},
	create: async ({ locals, url, request }) => {
		const { user } = requireRole(locals, 'organizer', url);
		const values = readContestForm(await request.formData());
		const parsed = contestSchema.safeParse(values);
		if (!parsed.success) {
			return fail(400, { action: 'create' as const, values, errors: fieldErrors(parsed.error) });
		}
		const result = await createContest(db, user, parsed.data);
		if (!result.ok) {
			const errors: Record<string, string> =
				result.error === 'not_found' ? { orgUnitId: 'unit' } : { name: 'invalid' };
			return fail(400, { action: 'create' as const, values, errors });
		}
		redirect(303, `/contests/manage/${result.id}`);
	}
};
