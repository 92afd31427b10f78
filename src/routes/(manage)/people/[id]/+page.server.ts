import { error, fail } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { requireRole, requireRoleAt } from '$lib/server/auth/access';
import { db } from '$lib/server/db';
import { issueCodeForPerson } from '$lib/server/people/codes';
import { formLimits, unitOptions } from '$lib/server/people/forms';
import { getProfile, personUnitPath, updatePerson } from '$lib/server/people/profile';
import { listUnitsInScope } from '$lib/server/people/scope';
import { parseSecretaryDecision } from '$lib/server/people/secretary';
import { parsePersonForm } from '$lib/server/people/validation';
import { vietnamDay } from '$lib/server/qualification/calendar';
import { personQualification } from '$lib/server/qualification/status';

/**
 * Managers only (403 otherwise); a person outside the manager's scope answers 404, exactly like
 * one that does not exist.
 */
async function authorize(locals: App.Locals, url: URL, idParam: string) {
	const { user, paths } = requireRole(locals, 'manager', url);
	const id = Number(idParam);
	if (!Number.isSafeInteger(id) || id <= 0) error(404, 'not_found');
	requireRoleAt(locals, 'manager', await personUnitPath(db, id, paths), url);
	return { user, paths, id };
}

export const load: PageServerLoad = async ({ locals, url, params }) => {
	const { paths, id } = await authorize(locals, url, params.id);
	const [profile, units, qualification] = await Promise.all([
		getProfile(db, id, paths),
		listUnitsInScope(db, paths),
		personQualification(db, id, vietnamDay(locals.receivedAt))
	]);
	if (!profile) error(404, 'not_found');
	return {
		profile,
		qualification,
		units: unitOptions(units),
		limits: formLimits(),
		created: url.searchParams.has('created')
	};
};

export const actions: Actions = {
	save: async ({ locals, url, params, request }) => {
		const { user, paths, id } = await authorize(locals, url, params.id);
		const form = await request.formData();
		const secretary = parseSecretaryDecision(form);
		if (secretary === 'cancel') return { cancelled: true };
		const parsed = parsePersonForm(form);
		if (!parsed.ok) return fail(400, { errors: parsed.errors, values: parsed.values });
		const result = await updatePerson(db, {
			personId: id,
			value: parsed.value,
			scope: paths,
			actorUserId: user.id,
			secretary
		});
		if ('notFound' in result) error(404, 'not_found');
		if ('secretaryConflict' in result) {
			return fail(409, { secretaryConflict: result.secretaryConflict, values: parsed.values });
		}
		if (!result.ok) return fail(400, { errors: result.errors, values: parsed.values });
		return { saved: true, transferred: result.transferred };
	},
	issueCode: async ({ locals, url, params }) => {
		const { user, id } = await authorize(locals, url, params.id);
		const result = await issueCodeForPerson(db, user, id, locals.receivedAt);
		if (!result.ok) {
			if (result.reason === 'not_found') error(404, 'not_found');
			return fail(result.reason === 'forbidden' ? 403 : 400, { codeError: result.reason });
		}
		return { slip: result.slip, reset: result.reset };
	}
};
