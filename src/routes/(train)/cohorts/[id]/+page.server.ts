import { fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { weakestTopics } from '$lib/server/analysis/item-analysis';
import {
	assignableModules,
	listAssignments,
	removeAssignment,
	setAssignment
} from '$lib/server/cohorts/assignments';
import { parseAssignmentForm, parseCohortEditForm } from '$lib/server/cohorts/forms';
import { updateCohort } from '$lib/server/cohorts/manage';
import {
	addMembersFromUnit,
	MEMBER_POSITION_CHOICES,
	removeMember,
	type MemberPositionChoice
} from '$lib/server/cohorts/members';
import {
	addTrainer,
	currentTrainers,
	removeTrainer,
	trainerChoices
} from '$lib/server/cohorts/trainers';
import { cohortForTrainer } from '$lib/server/cohorts/access';
import { importMembers } from '$lib/server/cohorts/import';
import { cohortProgress } from '$lib/server/cohorts/progress';
import { IMPORT_MAX_BYTES } from '$lib/server/people/import-rows';
import { filterAndSort, parseTableQuery } from '$lib/server/cohorts/table';
import { contentLanguage } from '$lib/server/content/language';
import { localize } from '$lib/server/content/views';
import { db } from '$lib/server/db';
import { unitOptions } from '$lib/server/people/forms';
import { listUnitsInScope } from '$lib/server/people/scope';
import { vietnamDay } from '$lib/server/qualification/calendar';
import { requireCohort } from '../cohort.server';

export const load: PageServerLoad = async ({ locals, params, url }) => {
	const { cohort } = await requireCohort(locals, params.id, url);
	const lang = contentLanguage();
	const today = vietnamDay(locals.receivedAt);
	const [assignments, rows, units, trainers, choices, modules] = await Promise.all([
		listAssignments(db, cohort.id),
		cohortProgress(db, cohort.id, today),
		listUnitsInScope(db, [cohort.unitPath]),
		currentTrainers(db, cohort.id),
		trainerChoices(db, cohort),
		assignableModules(db)
	]);
	const query = parseTableQuery(url.searchParams);
	const moduleIds = [...new Set(assignments.map((a) => a.moduleId))];
	const topics = await weakestTopics(
		db,
		rows.map((r) => r.personId),
		moduleIds
	);
	const memberUnits = new Map(rows.map((r) => [r.unitId, r.unitName]));
	return {
		cohort: {
			id: cohort.id,
			name: cohort.name,
			startsOn: cohort.startsOn,
			endsOn: cohort.endsOn,
			unitName: cohort.unitName
		},
		today,
		query,
		assignments: assignments.map((a) => ({ ...a, title: localize(a.title, lang) })),
		rows: filterAndSort(rows, query).map((r) => ({
			personId: r.personId,
			fullName: r.fullName,
			unitName: r.unitName,
			hasAccount: r.hasAccount,
			cells: r.cells
		})),
		memberCount: rows.length,
		memberUnits: [...memberUnits].map(([id, name]) => ({ id, name })),
		units: unitOptions(units),
		trainers,
		trainerChoices: choices
			.filter((t) => !t.current)
			.map((t) => ({ id: t.id, displayName: t.displayName })),
		modules: modules.map((m) => ({ id: m.id, title: localize(m.title, lang), hasQuiz: !!m.quiz })),
		weakTopics: topics.slice(0, 5)
	};
};

const idField = (form: FormData, name: string) => {
	const n = Number(form.get(name));
	return Number.isSafeInteger(n) && n > 0 ? n : null;
};

export const actions: Actions = {
	edit: async ({ locals, params, request, url }) => {
		const { user, cohort } = await requireCohort(locals, params.id, url);
		const form = await request.formData();
		const parsed = parseCohortEditForm(form);
		if (!parsed.ok) {
			const values = Object.fromEntries(
				['name', 'startsOn', 'endsOn'].map((k) => [k, String(form.get(k) ?? '')])
			);
			return fail(400, { editErrors: parsed.errors, editValues: values });
		}
		await updateCohort(db, user, cohort, parsed.value);
		return { saved: true };
	},
	addMembers: async ({ locals, params, request, url }) => {
		const { user, cohort } = await requireCohort(locals, params.id, url);
		const form = await request.formData();
		const unitId = idField(form, 'unit');
		const choice = String(form.get('positions') ?? '') as MemberPositionChoice;
		if (unitId === null || !(choice in MEMBER_POSITION_CHOICES)) {
			return fail(400, { membersError: 'unit' });
		}
		const added = await addMembersFromUnit(db, user, cohort, unitId, choice);
		if (added === null) return fail(400, { membersError: 'unit' });
		return { added };
	},
	importMembers: async ({ locals, params, request, url }) => {
		const { user, cohort } = await requireCohort(locals, params.id, url);
		const file = (await request.formData()).get('file');
		if (!(file instanceof File) || file.size === 0 || !file.name) {
			return fail(400, { importError: 'no_file' });
		}
		if (file.size > IMPORT_MAX_BYTES) return fail(413, { importError: 'too_large' });
		const result = await importMembers(db, user, cohort, {
			name: file.name,
			bytes: new Uint8Array(await file.arrayBuffer())
		});
		if (!result.ok) {
			return 'error' in result
				? fail(400, { importError: result.error.code })
				: fail(400, { importError: 'rows', rowErrors: result.rowErrors });
		}
		return { added: result.added };
	},
	removeMember: async ({ locals, params, request, url }) => {
		const { user, cohort } = await requireCohort(locals, params.id, url);
		const personId = idField(await request.formData(), 'person');
		if (personId === null || !(await removeMember(db, user, cohort, personId))) {
			return fail(404, { removeError: true });
		}
		return { removed: true };
	},
	assign: async ({ locals, params, request, url }) => {
		const { user, cohort } = await requireCohort(locals, params.id, url);
		const form = await request.formData();
		const modules = await assignableModules(db);
		const parsed = parseAssignmentForm(
			form,
			modules.map((m) => m.id),
			modules.filter((m) => m.quiz).map((m) => m.id)
		);
		if (!parsed.ok) return fail(400, { assignErrors: parsed.errors });
		await setAssignment(db, user, cohort, parsed.value);
		return { assigned: true };
	},
	unassign: async ({ locals, params, request, url }) => {
		const { user, cohort } = await requireCohort(locals, params.id, url);
		const id = idField(await request.formData(), 'assignment');
		if (id === null || !(await removeAssignment(db, user, cohort, id))) {
			return fail(404, { unassignError: true });
		}
		return { unassigned: true };
	},
	addTrainer: async ({ locals, params, request, url }) => {
		const { user, cohort } = await requireCohort(locals, params.id, url);
		const id = idField(await request.formData(), 'trainer');
		if (id === null || !(await addTrainer(db, user, cohort, id))) {
			return fail(400, { trainerError: true });
		}
		return { trainerAdded: true };
	},
	removeTrainer: async ({ locals, params, request, url }) => {
		const { user, cohort } = await requireCohort(locals, params.id, url);
		const id = idField(await request.formData(), 'trainer');
		const result = id === null ? 'not_trainer' : await removeTrainer(db, user, cohort, id);
		if (result === 'not_trainer') return fail(400, { trainerError: true });
		if (result === 'last_trainer') return fail(400, { lastTrainer: true });
		// A trainer who removed themselves no longer sees the cohort (unless an administrator).
		if (id === user.id && !(await cohortForTrainer(db, user, cohort.id))) redirect(303, '/cohorts');
		return { trainerRemoved: true };
	}
};
