import { error, fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { requireRole } from '$lib/server/auth/access';
import { db } from '$lib/server/db';
import { importBatchView } from '$lib/server/people/import';
import { commitImport } from '$lib/server/people/import-commit';
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
	commit: async ({ locals, url, params, getClientAddress }) => {
		const { user, paths } = requireRole(locals, 'manager', url);
		const result = await commitImport(db, {
			batchId: params.batch,
			scope: paths,
			actorUserId: user.id,
			ip: getClientAddress()
		});
		if (!result.ok) {
			if (result.reason === 'not_found') error(404, 'not_found');
			return fail(409, {
				commitError: result.reason,
				rows: 'rows' in result ? result.rows.slice(0, 50) : []
			});
		}
		redirect(303, `/people/import/${params.batch}`);
	}
};
