import { error } from '@sveltejs/kit';
import { requireRole, requireRoleAt } from '../auth/access';
import type { DbOrTx } from '../db/client';
import type { OrgUnit } from '../db/schema';
import { getOrgUnit } from './units';

/**
 * The route-side check for a unit page: the user must be a manager, and manage this unit;
 * anything else (bad id, unknown unit, another commune's unit) answers 404. Merged units are
 * found only with `allowMerged`, for pages that show history.
 */
export async function requireManagedUnit(
	db: DbOrTx,
	locals: App.Locals,
	idParam: string,
	url: URL,
	{ allowMerged = false } = {}
) {
	requireRole(locals, 'manager', url);
	const id = /^\d{1,9}$/.test(idParam) ? Number(idParam) : null;
	const unit: OrgUnit | null = id ? await getOrgUnit(db, id) : null;
	const user = requireRoleAt(locals, 'manager', unit?.path, url);
	if (!unit || (unit.mergedIntoId !== null && !allowMerged)) error(404, 'not_found');
	return { user, unit };
}
