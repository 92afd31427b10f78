import { error, fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { requireRole } from '$lib/server/auth/access';
import { db } from '$lib/server/db';
import { importBatchView } from '$lib/server/people/import';
import { SECRETARY_CHOICES, commitImport } from '$lib/server/people/import-commit';
import type { SecretaryChoice } from '$lib/server/db/schema';
import { formLimits } from '$lib/server/people/forms';
import { NAME_MAX_LENGTH } from '$lib/server/people/validation';

export const load: PageServerLoad = async ({ locals, url, params }) => {
	const { user, paths } = requireRole(locals, 'manager', url);
	const view = await importBatchView(db, {
		batchId: params.batch,
		ownerUserId: user.id,
		scope: paths,
		show: url.searchParams.get('show') === 'problems' ? 'problems' : 'all',
		page: Number(url.searchParams.get('page')) || 1
	});
	if (!view) error(404, 'not_found');
	return { view, limits: { ...formLimits(), nameMax: NAME_MAX_LENGTH } };
};

export const actions: Actions = {
	commit: async ({ locals, url, params, request, getClientAddress }) => {
		const { user, paths } = requireRole(locals, 'manager', url);
		const choices = parseChoices(await request.formData());
		const result = await commitImport(db, {
			batchId: params.batch,
			scope: paths,
			actorUserId: user.id,
			ip: getClientAddress(),
			choices
		});
		if (!result.ok) {
			if (result.reason === 'not_found') error(404, 'not_found');
			return fail(result.reason === 'choices_missing' ? 400 : 409, {
				commitError: result.reason,
				rows: 'rows' in result ? result.rows.slice(0, 50) : [],
				choices
			});
		}
		redirect(303, `/people/import/${params.batch}`);
	}
};

/** The answers to second-secretary rows: fields `choice-<row number>`. */
function parseChoices(form: FormData): Record<number, SecretaryChoice> {
	const choices: Record<number, SecretaryChoice> = {};
	for (const [key, value] of form) {
		const row = /^choice-(\d{1,6})$/.exec(key);
		if (row && SECRETARY_CHOICES.includes(value as SecretaryChoice)) {
			choices[Number(row[1])] = value as SecretaryChoice;
		}
	}
	return choices;
}
