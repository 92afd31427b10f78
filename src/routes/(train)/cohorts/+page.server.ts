import { error, fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { requireRole } from '$lib/server/auth/access';
import { listCohortsFor, mayRunCohortAt } from '$lib/server/cohorts/access';
import { parseCohortForm } from '$lib/server/cohorts/forms';
import { createCohort } from '$lib/server/cohorts/manage';
import { db } from '$lib/server/db';
import { unitOptions } from '$lib/server/people/forms';
import { getUnitInScope, listUnitsInScope } from '$lib/server/people/scope';

/** Trainers (and admins): the cohorts they run, and a form to start one in their scope. */
export const load: PageServerLoad = async ({ locals, url }) => {
	const { user, paths } = requireRole(locals, 'trainer', url);
	const [cohorts, units] = await Promise.all([
		listCohortsFor(db, user),
		listUnitsInScope(db, paths)
	]);
	return {
		cohorts,
		units: unitOptions(units.filter((u) => u.kind !== 'cell'))
	};
};

export const actions: Actions = {
	create: async ({ locals, request, url }) => {
		const { user, paths } = requireRole(locals, 'trainer', url);
		const form = await request.formData();
		const parsed = parseCohortForm(form);
		const values = Object.fromEntries(
			['name', 'unit', 'startsOn', 'endsOn'].map((k) => [k, String(form.get(k) ?? '')])
		);
		if (!parsed.ok) return fail(400, { errors: parsed.errors, values });
		const unit = await getUnitInScope(db, parsed.value.orgUnitId, paths);
		if (!unit || !mayRunCohortAt(user, unit.path)) error(404, 'not_found');
		const id = await createCohort(db, user, parsed.value);
		redirect(303, `/cohorts/${id}`);
	}
};
