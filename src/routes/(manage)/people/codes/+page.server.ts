import { error, fail } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { requireRole } from '$lib/server/auth/access';
import { db } from '$lib/server/db';
import { countPendingAccounts, issueCodesForUnit } from '$lib/server/people/codes';
import { unitOptions } from '$lib/server/people/forms';
import { getUnitInScope, listUnitsInScope } from '$lib/server/people/scope';

export const load: PageServerLoad = async ({ locals, url }) => {
	const { paths } = requireRole(locals, 'manager', url);
	const units = unitOptions(await listUnitsInScope(db, paths));
	const unitId = Number(url.searchParams.get('unit'));
	if (!url.searchParams.get('unit')) return { units, unit: null };
	const unit = Number.isSafeInteger(unitId) ? await getUnitInScope(db, unitId, paths) : null;
	if (!unit) error(404, 'not_found');
	return {
		units,
		unit: { id: unit.id, code: unit.code, name: unit.name },
		pending: await countPendingAccounts(db, unit.path)
	};
};

export const actions: Actions = {
	/** Issuing codes changes state (earlier codes stop working), so it is a POST, never a GET. */
	issue: async ({ locals, url, request }) => {
		const { user } = requireRole(locals, 'manager', url);
		const unitId = Number((await request.formData()).get('unit'));
		if (!Number.isSafeInteger(unitId) || unitId <= 0) error(404, 'not_found');
		const result = await issueCodesForUnit(db, user, unitId);
		if (!result.ok) {
			if (result.reason === 'not_found') error(404, 'not_found');
			return fail(400, { tooMany: { count: result.count, max: result.max } });
		}
		return { slips: result.slips, skipped: result.skipped };
	}
};
