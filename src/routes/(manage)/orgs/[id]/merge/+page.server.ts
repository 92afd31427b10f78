import { fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { db } from '$lib/server/db';
import { requireManagedUnit } from '$lib/server/orgs/guard';
import { MAX_MERGE_UNITS, mergeCandidates, mergeUnits, planMerge } from '$lib/server/orgs/merge';

const selectedIds = (form: FormData) =>
	form
		.getAll('merged')
		.slice(0, MAX_MERGE_UNITS + 1)
		.map(String)
		.filter((v) => /^\d{1,9}$/.test(v))
		.map(Number);

export const load: PageServerLoad = async ({ locals, params, url }) => {
	const { user, unit } = await requireManagedUnit(db, locals, params.id, url);
	const query = (url.searchParams.get('q') ?? '').trim().slice(0, 100);
	return {
		survivor: { id: unit.id, code: unit.code, name: unit.name, kind: unit.kind },
		query,
		candidates: await mergeCandidates(db, user, unit, query)
	};
};

export const actions: Actions = {
	preview: async ({ locals, params, request, url }) => {
		const { user, unit } = await requireManagedUnit(db, locals, params.id, url);
		const ids = selectedIds(await request.formData());
		const r = await planMerge(db, user, unit.id, ids);
		if (!r.ok) return fail(400, { error: r.error, selected: ids });
		return { plan: r.plan };
	},
	confirm: async ({ locals, params, request, url }) => {
		const { user, unit } = await requireManagedUnit(db, locals, params.id, url);
		const ids = selectedIds(await request.formData());
		const r = await mergeUnits(db, user, unit.id, ids, locals.receivedAt);
		if (!r.ok) return fail(400, { error: r.error, selected: ids });
		redirect(303, `/orgs/${unit.id}?merged=${r.merges.length}`);
	}
};
