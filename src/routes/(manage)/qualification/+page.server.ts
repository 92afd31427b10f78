import { error } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';
import { hasRoleAnywhere, hasRoleAt, requireRole } from '$lib/server/auth/access';
import { db as primary, reading } from '$lib/server/db';
import { vietnamDay } from '$lib/server/qualification/calendar';
import {
	DASHBOARD_ROLES,
	dashboardUnit,
	qualificationDashboard,
	refreshForDashboard
} from '$lib/server/qualification/dashboard';
import { INDICATOR_KEYS } from '$lib/server/qualification/indicators';
import { TREND_YEARS } from '$lib/server/qualification/rollup';
import { parseDashboardQuery } from '$lib/server/qualification/query';

/**
 * Managers and trainers (403 otherwise); a unit outside their scope answers 404, like a missing
 * one. Trainers read the figures; only managers get links to a person's page.
 */
export const load: PageServerLoad = async ({ locals, url }) => {
	const { user } = requireRole(locals, [...DASHBOARD_ROLES], url);
	const today = vietnamDay(locals.receivedAt);
	const query = parseDashboardQuery(url.searchParams, today);
	if (!query) error(404, 'not_found');
	// The summaries are refreshed on the primary: `reading` may use a read-only replica.
	const unit = await dashboardUnit(primary, user, query.unitId);
	if (unit) await refreshForDashboard(primary, unit, today, query.year);
	const dashboard = await reading((db) =>
		qualificationDashboard(db, user, query.unitId, today, query.year, { refreshed: unit !== null })
	);
	if (!dashboard) error(404, 'not_found');
	const { rollup } = dashboard;
	const currentYear = Number(today.slice(0, 4));
	return {
		unit: { id: dashboard.unit.id, code: dashboard.unit.code, name: dashboard.unit.name },
		ancestors: dashboard.ancestors,
		hasRule: rollup.hasRule,
		canSetRule: hasRoleAnywhere(user, 'admin'),
		canManage: hasRoleAt(user, 'manager', dashboard.unit.path),
		year: rollup.year,
		years: Array.from({ length: TREND_YEARS }, (_, i) => currentYear - i),
		indicator: query.indicator,
		indicatorKeys: INDICATOR_KEYS,
		total: rollup.total,
		share: rollup.share,
		indicators: rollup.indicators,
		trend: rollup.trend,
		distribution: rollup.distribution,
		children: rollup.children,
		people: rollup.people.map((p) => ({
			id: p.id,
			fullName: p.fullName,
			status: p.evaluation.status,
			missing: p.evaluation.reasons.length
		}))
	};
};
