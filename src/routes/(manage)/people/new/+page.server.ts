import { fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { requireRole } from '$lib/server/auth/access';
import { db } from '$lib/server/db';
import { addPerson } from '$lib/server/people/profile';
import { listUnitsInScope } from '$lib/server/people/scope';
import { formLimits, unitOptions } from '$lib/server/people/forms';
import { parseSecretaryDecision } from '$lib/server/people/secretary';
import { parsePersonForm } from '$lib/server/people/validation';

export const load: PageServerLoad = async ({ locals, url }) => {
	const { paths } = requireRole(locals, 'manager', url);
	return {
		units: unitOptions(await listUnitsInScope(db, paths)),
		limits: formLimits(),
		unitId: url.searchParams.get('unit') ?? ''
	};
};

export const actions: Actions = {
	default: async ({ locals, request, url }) => {
		const { user, paths } = requireRole(locals, 'manager', url);
		const form = await request.formData();
		const secretary = parseSecretaryDecision(form);
		if (secretary === 'cancel') return { cancelled: true };
		const parsed = parsePersonForm(form);
		if (!parsed.ok) return fail(400, { errors: parsed.errors, values: parsed.values });
		const result = await addPerson(db, {
			value: parsed.value,
			scope: paths,
			actorUserId: user.id,
			secretary
		});
		if (!result.ok) {
			if ('secretaryConflict' in result) {
				return fail(409, { secretaryConflict: result.secretaryConflict, values: parsed.values });
			}
			return fail(400, { errors: result.errors, values: parsed.values });
		}
		redirect(303, `/people/${result.personId}?created=1`);
	}
};
