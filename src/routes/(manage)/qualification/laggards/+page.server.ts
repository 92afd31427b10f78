import { error } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';
import { hasRoleAt, requireRole } from '$lib/server/auth/access';
import { db as primary, reading } from '$lib/server/db';
import { vietnamDay } from '$lib/server/qualification/calendar';
import {
	DASHBOARD_ROLES,
	dashboardUnit,
	refreshForDashboard
} from '$lib/server/qualification/dashboard';
import { laggards, parseLaggardSort } from '$lib/server/qualification/laggards';
import { parseDashboardQuery } from '$lib/server/qualification/query';
import { moduleRefs } from '$lib/server/qualification/status';

/** Who under a unit in the viewer's scope is not qualified and what they miss; printable (A4). */
export const load: PageServerLoad = async ({ locals, url }) => {
	const { user } = requireRole(locals, [...DASHBOARD_ROLES], url);
	const today = vietnamDay(locals.receivedAt);
	const query = parseDashboardQuery(url.searchParams, today);
	if (!query) error(404, 'not_found');
	const unit = await reading((db) => dashboardUnit(db, user, query.unitId));
	if (!unit) error(404, 'not_found');
	// The summaries are refreshed on the primary: `reading` may use a read-only replica.
	await refreshForDashboard(primary, unit, today);
	const sort = parseLaggardSort(url.searchParams.get('sort'));
	const found = await reading((db) => laggards(db, unit, today, sort));
	const ids = new Set(
		(found?.people ?? []).flatMap((p) =>
			p.reasons.flatMap((r) => ('moduleId' in r ? [r.moduleId] : []))
		)
	);
	return {
		unit: { id: unit.id, code: unit.code, name: unit.name },
		hasRule: found !== null,
		canManage: hasRoleAt(user, 'manager', unit.path),
		sort,
		today,
		people: found?.people ?? [],
		cells: (found?.cells ?? []).slice(0, 50),
		modules: await reading((db) => moduleRefs(db, [...ids]))
	};
};
