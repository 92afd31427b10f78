import { error, fail } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { requireRole } from '$lib/server/auth/access';
import { db } from '$lib/server/db';
import { requireManagedUnit } from '$lib/server/orgs/guard';
import { createChildUnit, moveUnit, updateUnit } from '$lib/server/orgs/manage';
import { getUnitOverview } from '$lib/server/orgs/overview';
import { moveTargets } from '$lib/server/orgs/tree';

const text = (form: FormData, key: string, max = 300) => String(form.get(key) ?? '').slice(0, max);

export const load: PageServerLoad = async ({ locals, params, url }) => {
	const { user, unit } = await requireManagedUnit(db, locals, params.id, url, {
		allowMerged: true
	});
	const { paths } = requireRole(locals, 'manager', url);
	const overview = await getUnitOverview(db, user, unit.id);
	if (!overview) error(404, 'not_found');
	return {
		overview,
		moveTargets: unit.mergedIntoId ? [] : await moveTargets(db, paths, unit),
		mergedCount: Number(url.searchParams.get('merged')) || 0
	};
};

export const actions: Actions = {
	update: async ({ locals, params, request, url }) => {
		const { user, unit } = await requireManagedUnit(db, locals, params.id, url);
		const form = await request.formData();
		const values = { code: text(form, 'code'), name: text(form, 'name'), kind: text(form, 'kind') };
		const r = await updateUnit(db, user, { id: unit.id, ...values });
		if (!r.ok) return fail(400, { action: 'update' as const, errors: r.errors, values });
		return { action: 'update' as const, saved: true };
	},
	move: async ({ locals, params, request, url }) => {
		const { user, unit } = await requireManagedUnit(db, locals, params.id, url);
		const form = await request.formData();
		const parentCode = text(form, 'parentCode', 60);
		const r = await moveUnit(db, user, { id: unit.id, parentCode });
		if (!r.ok) return fail(400, { action: 'move' as const, error: r.error, parentCode });
		return { action: 'move' as const, moved: r.moved };
	},
	create: async ({ locals, params, request, url }) => {
		const { user, unit } = await requireManagedUnit(db, locals, params.id, url);
		const form = await request.formData();
		const values = { code: text(form, 'code'), name: text(form, 'name'), kind: text(form, 'kind') };
		const r = await createChildUnit(db, user, { parentId: unit.id, ...values });
		if (!r.ok) return fail(400, { action: 'create' as const, errors: r.errors, values });
		return {
			action: 'create' as const,
			created: { id: r.value.id, name: r.value.name, code: r.value.code }
		};
	}
};
