import { error } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { getLocale } from '$lib/paraglide/runtime.js';
import { exportCohortTable } from '$lib/server/cohorts/export';
import { listAssignments } from '$lib/server/cohorts/assignments';
import { cohortProgress } from '$lib/server/cohorts/progress';
import { filterAndSort, parseTableQuery } from '$lib/server/cohorts/table';
import { contentLanguage } from '$lib/server/content/language';
import { localize } from '$lib/server/content/views';
import { db } from '$lib/server/db';
import { vietnamDay } from '$lib/server/qualification/calendar';
import { requireCohort } from '../../../cohort.server';

/** The trainer's table, filtered and sorted as on the page, as CSV or XLSX. */
export const GET: RequestHandler = async ({ locals, params, url }) => {
	// Who may see the cohort first: a stranger learns nothing from the format's check.
	const { user, cohort } = await requireCohort(locals, params.id, url);
	const format = params.format;
	if (format !== 'csv' && format !== 'xlsx') error(404, 'not_found');
	const lang = contentLanguage();
	const [assignments, rows] = await Promise.all([
		listAssignments(db, cohort.id),
		cohortProgress(db, cohort.id, vietnamDay(locals.receivedAt))
	]);
	return exportCohortTable(db, {
		actor: user,
		cohort,
		assignments: assignments.map((a) => ({ ...a, title: localize(a.title, lang) })),
		rows: filterAndSort(rows, parseTableQuery(url.searchParams)),
		format,
		locale: getLocale()
	});
};
