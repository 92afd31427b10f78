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
import {
	laggardsPage,
	parseLaggardPage,
	parseLaggardSort,
	reasonModuleIds
} from '$lib/server/qualification/laggards';
import { parseDashboardQuery } from '$lib/server/qualification/query';
import { moduleRefs } from '$lib/server/qualification/status';

/**
 * A page of who under a unit in the viewer's scope is not qualified and what they miss, and the
 * units furthest from qualification; printable (A4). The exports hold the whole list.
 */
export const load: PageServerLoad = async ({ locals, url }) => {
	const { user } = requireRole(locals, [...DASHBOARD_ROLES], url);
	const today = vietnamDay(locals.receivedAt);
	const query = parseDashboardQuery(url.searchParams, today);
	if (!query) error(404, 'not_found');
	// The summaries are refreshed on the primary: `reading` may use a read-only replica.
	const unit = await dashboardUnit(primary, user, query.unitId);
	if (!unit) error(404, 'not_found');
	await refreshForDashboard(primary, unit, today);
	const sort = parseLaggardSort(url.searchParams.get('sort'));
	const page = parseLaggardPage(url.searchParams.get('page'));
	const { found, modules } = await reading(async (db) => {
		const found = await laggardsPage(db, unit, today, sort, page);
		return { found, modules: await moduleRefs(db, reasonModuleIds(found?.people ?? [])) };
	});
	return {
		unit: { id: unit.id, code: unit.code, name: unit.name },
		hasRule: found !== null,
		canManage: hasRoleAt(user, 'manager', unit.path),
		sort,
		today,
		people: found?.people ?? [],
		total: found?.total ?? 0,
		page: found?.page ?? 1,
		pages: found?.pages ?? 1,
		cells: found?.cells ?? [],
		modules
	};
};
