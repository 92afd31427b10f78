import { error } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { getLocale } from '$lib/paraglide/runtime.js';
import { db, reading } from '$lib/server/db';
import { recordAudit } from '$lib/server/audit/log';
import { exportRoundResults, roundResultRows } from '$lib/server/contests/export';
import { requireOrganizedContest, requireRoundOf } from '$lib/server/contests/organizer-access';

/** The round's results as CSV or XLSX (one sheet per unit), for the contest's organizers. */
export const GET: RequestHandler = async ({ locals, params, url }) => {
	const { user, contest, unit } = await requireOrganizedContest(db, locals, params.contest, url);
	const { round } = await requireRoundOf(db, contest.id, params.round);
	const format = params.format;
	if (format !== 'csv' && format !== 'xlsx') error(404, 'not_found');
	const rows = await reading((db) => roundResultRows(db, round.id, unit));
	// Personal data leaving the system: who took which list.
	await recordAudit(db, {
		action: 'contest.results_exported',
		actorUserId: user.id,
		orgUnitId: unit.id,
		targetType: 'contest_round',
		targetId: round.id,
		details: { format, rows: rows.length }
	});
	return exportRoundResults(rows, {
		format,
		locale: getLocale(),
		title: `${contest.name} - ${round.name}`
	});
};
