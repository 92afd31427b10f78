import { error } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { getLocale } from '$lib/paraglide/runtime.js';
import { requireRole } from '$lib/server/auth/access';
import { db } from '$lib/server/db';
import { vietnamDay } from '$lib/server/qualification/calendar';
import { DASHBOARD_ROLES, dashboardUnit } from '$lib/server/qualification/dashboard';
import { exportQualification } from '$lib/server/qualification/export';
import { parseLaggardSort } from '$lib/server/qualification/laggards';
import { parseDashboardQuery } from '$lib/server/qualification/query';

/** The dashboard of a unit in the viewer's scope as XLSX (one sheet a level) or CSV (people). */
export const GET: RequestHandler = async ({ locals, url, params }) => {
	const { user } = requireRole(locals, [...DASHBOARD_ROLES], url);
	const format = params.format;
	if (format !== 'csv' && format !== 'xlsx') error(404, 'not_found');
	const today = vietnamDay(locals.receivedAt);
	const query = parseDashboardQuery(url.searchParams, today);
	if (!query) error(404, 'not_found');
	const unit = await dashboardUnit(db, user, query.unitId);
	if (!unit) error(404, 'not_found');
	const response = await exportQualification(
		db,
		{
			unit,
			today,
			year: query.year,
			sort: parseLaggardSort(url.searchParams.get('sort')),
			format,
			locale: getLocale(),
			actorUserId: user.id
		},
		locals.receivedAt
	);
	if (!response) error(404, 'not_found');
	return response;
};
