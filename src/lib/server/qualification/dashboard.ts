import type { SessionUser } from '../auth/session';
import { scopePaths } from '../auth/access';
import type { DbOrTx } from '../db/client';
import { getUnitInScope, unitAncestry } from '../people/scope';
import { isPathInScope } from '../orgs/scope';
import type { Day } from './calendar';
import { unitRollup } from './rollup';

/** Who sees the dashboard: managers (and administrators, who hold every role) in their scope. */
export const DASHBOARD_ROLES = ['manager'] as const;

/**
 * The dashboard of a unit the viewer manages (the outermost unit of their scope when none is
 * asked for); null when the unit is outside the scope or does not exist.
 */
export async function qualificationDashboard(
	db: DbOrTx,
	viewer: SessionUser,
	unitId: number | null,
	today: Day
) {
	const scope = scopePaths(viewer, [...DASHBOARD_ROLES]);
	const rootId = Number(scope[0]?.split('/').at(-2));
	const unit = await getUnitInScope(db, unitId ?? rootId, scope);
	if (!unit) return null;
	const [ancestors, rollup] = await Promise.all([
		unitAncestry(db, unit.path),
		unitRollup(db, unit, today)
	]);
	const visible = ancestors.filter(
		(a) => a.id !== unit.id && isPathInScope(scope, pathUpTo(unit.path, a.id))
	);
	return { unit, ancestors: visible, rollup };
}

/** "/1/4/17/" up to 4 → "/1/4/". */
const pathUpTo = (path: string, id: number) => {
	const ids = path.split('/').filter(Boolean);
	return '/' + ids.slice(0, ids.indexOf(String(id)) + 1).join('/') + '/';
};
