import type { SessionUser } from '../auth/session';
import { scopePaths } from '../auth/access';
import type { DbOrTx } from '../db/client';
import { getUnitInScope, unitAncestry } from '../people/scope';
import { isPathInScope } from '../orgs/scope';
import type { Day } from './calendar';
import { yearEnd } from './history';
import { ruleInForce } from './rules';
import { TREND_YEARS, unitRollup } from './rollup';
import { refreshSummaries } from './summary';
import { refreshUnitRollups } from './unit-rollups';

/**
 * Who sees the dashboard: managers and trainers (read only), and administrators, who hold every
 * role, each in their own scope.
 */
export const DASHBOARD_ROLES = ['manager', 'trainer'] as const;

/**
 * The dashboard of a unit the viewer manages (the outermost unit of their scope when none is
 * asked for); null when the unit is outside the scope or does not exist.
 */
export async function qualificationDashboard(
	db: DbOrTx,
	viewer: SessionUser,
	unitId: number | null,
	today: Day,
	year = Number(today.slice(0, 4)),
	options: { refreshed?: boolean } = {}
) {
	const scope = scopePaths(viewer, [...DASHBOARD_ROLES]);
	const unit = await dashboardUnit(db, viewer, unitId);
	if (!unit) return null;
	const [ancestors, rollup] = await Promise.all([
		unitAncestry(db, unit.path),
		unitRollup(db, unit, today, year, options)
	]);
	const visible = ancestors.filter(
		(a) => a.id !== unit.id && isPathInScope(scope, pathUpTo(unit.path, a.id))
	);
	return { unit, ancestors: visible, rollup };
}

/** A unit in the viewer's dashboard scope (the outermost one when none is asked for), or null. */
export async function dashboardUnit(db: DbOrTx, viewer: SessionUser, unitId: number | null) {
	const scope = scopePaths(viewer, [...DASHBOARD_ROLES]);
	const rootId = Number(scope[0]?.split('/').at(-2));
	return getUnitInScope(db, unitId ?? rootId, scope);
}

/** "/1/4/17/" up to 4 → "/1/4/". */
const pathUpTo = (path: string, id: number) => {
	const ids = path.split('/').filter(Boolean);
	return '/' + ids.slice(0, ids.indexOf(String(id)) + 1).join('/') + '/';
};

/**
 * Brings the summaries a unit's dashboard, laggards and exports read up to date (`summary.ts`),
 * then the unit rollups the dashboard sums (`unit-rollups.ts`).
 * Their reads may go to a read-only replica (`reading`): routes call this on the primary first.
 */
export async function refreshForDashboard(
	db: DbOrTx,
	unit: { path: string },
	today: Day,
	year = Number(today.slice(0, 4))
) {
	const movedOutSince = yearEnd(year - TREND_YEARS + 1);
	const { versions } = await refreshSummaries(db, { underPath: unit.path, movedOutSince }, today);
	if (ruleInForce(versions, today)) await refreshUnitRollups(db, unit.path, today);
}
