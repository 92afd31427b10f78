import { error } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';
import { hasRoleAnywhere, requireRole } from '$lib/server/auth/access';
import { db } from '$lib/server/db';
import { vietnamDay } from '$lib/server/qualification/calendar';
import { DASHBOARD_ROLES, qualificationDashboard } from '$lib/server/qualification/dashboard';

/** Managers only (403 otherwise); a unit outside their scope answers 404, like a missing one. */
export const load: PageServerLoad = async ({ locals, url }) => {
	const { user } = requireRole(locals, [...DASHBOARD_ROLES], url);
	const raw = url.searchParams.get('unit');
	const unitId = raw === null ? null : Number(raw);
	if (unitId !== null && (!Number.isSafeInteger(unitId) || unitId <= 0)) error(404, 'not_found');
	const dashboard = await qualificationDashboard(db, user, unitId, vietnamDay(locals.receivedAt));
	if (!dashboard) error(404, 'not_found');
	const { rollup } = dashboard;
	return {
		unit: { id: dashboard.unit.id, code: dashboard.unit.code, name: dashboard.unit.name },
		ancestors: dashboard.ancestors,
		hasRule: rollup.hasRule,
		canSetRule: hasRoleAnywhere(user, 'admin'),
		total: rollup.total,
		share: rollup.share,
		children: rollup.children,
		people: rollup.people.map((p) => ({
			id: p.id,
			fullName: p.fullName,
			status: p.evaluation.status,
			missing: p.evaluation.reasons.length
		}))
	};
};
