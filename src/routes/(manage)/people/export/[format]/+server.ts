import { error } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { getLocale } from '$lib/paraglide/runtime.js';
import { requireRole } from '$lib/server/auth/access';
import { db } from '$lib/server/db';
import { exportPeople } from '$lib/server/people/export';
import { parsePeopleFilters } from '$lib/server/people/list';

/** The filtered people list as CSV or XLSX, limited to the manager's scope. */
export const GET: RequestHandler = async ({ locals, url, params }) => {
	const { user, paths } = requireRole(locals, 'manager', url);
	const format = params.format;
	if (format !== 'csv' && format !== 'xlsx') error(404, 'not_found');
	const response = await exportPeople(
		db,
		{
			scope: paths,
			filters: parsePeopleFilters(url.searchParams),
			format,
			locale: getLocale(),
			actorUserId: user.id
		},
		locals.receivedAt
	);
	if (!response) error(404, 'not_found');
	return response;
};
