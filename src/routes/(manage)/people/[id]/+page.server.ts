import { error, fail, redirect } from '@sveltejs/kit';
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
import {
	addTrainingRecord,
	deleteTrainingRecord,
	parseTrainingForm,
	personUnitId,
	trainingChangesOf,
	trainingRecordsOf,
	updateTrainingRecord
} from '$lib/server/qualification/training';

// Served without the client app (issue 10: staff pages ≤ 60 KiB cold; the client app alone is
// 37 KiB): every form on the page posts and answers in place, and the page loads one small
// script for its print button (src/lib/print/print-button.ts).
export const csr = false;

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
	const [profile, units, qualification, trainings, trainingChanges] = await Promise.all([
		getProfile(db, id, paths),
		listUnitsInScope(db, paths),
		personQualification(db, id, vietnamDay(locals.receivedAt)),
		trainingRecordsOf(db, id),
		trainingChangesOf(db, id)
	]);
	if (!profile) error(404, 'not_found');
	// ?editTraining=<id> opens the course form on one of this person's own records.
	const editingId = Number(url.searchParams.get('editTraining'));
	return {
		profile,
		qualification,
		trainings,
		trainingChanges,
		editingTraining: trainings.find((t) => t.id === editingId) ?? null,
		trainingUpdated: url.searchParams.has('trainingUpdated'),
		today: vietnamDay(locals.receivedAt),
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
	addTraining: async ({ locals, url, params, request }) => {
		const { user, id } = await authorize(locals, url, params.id);
		const parsed = parseTrainingForm(await request.formData(), vietnamDay(locals.receivedAt));
		if (!parsed.ok) {
			return fail(400, { trainingErrors: parsed.errors, trainingValues: parsed.values });
		}
		const orgUnitId = await personUnitId(db, id);
		if (orgUnitId === null) error(404, 'not_found');
		await addTrainingRecord(db, {
			personId: id,
			orgUnitId,
			value: parsed.value,
			actorUserId: user.id
		});
		return { trainingAdded: true };
	},
	editTraining: async ({ locals, url, params, request }) => {
		const { user, id } = await authorize(locals, url, params.id);
		const form = await request.formData();
		const recordId = Number(form.get('recordId'));
		const orgUnitId = await personUnitId(db, id);
		if (!Number.isSafeInteger(recordId) || orgUnitId === null) error(404, 'not_found');
		const parsed = parseTrainingForm(form, vietnamDay(locals.receivedAt));
		if (!parsed.ok) {
			return fail(400, {
				trainingErrors: parsed.errors,
				trainingValues: parsed.values,
				trainingEditing: recordId
			});
		}
		const updated = await updateTrainingRecord(db, {
			personId: id,
			orgUnitId,
			recordId,
			value: parsed.value,
			actorUserId: user.id
		});
		if (!updated) error(404, 'not_found');
		redirect(303, `/people/${id}?trainingUpdated`);
	},
	deleteTraining: async ({ locals, url, params, request }) => {
		const { user, id } = await authorize(locals, url, params.id);
		const recordId = Number((await request.formData()).get('recordId'));
		const orgUnitId = await personUnitId(db, id);
		if (!Number.isSafeInteger(recordId) || orgUnitId === null) error(404, 'not_found');
		const deleted = await deleteTrainingRecord(db, {
			personId: id,
			orgUnitId,
			recordId,
			actorUserId: user.id
		});
		if (!deleted) error(404, 'not_found');
		return { trainingDeleted: true };
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
