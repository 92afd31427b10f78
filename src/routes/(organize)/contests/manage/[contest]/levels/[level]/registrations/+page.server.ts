import { error, fail } from '@sveltejs/kit';
import { z } from 'zod';
import type { Actions, PageServerLoad } from './$types';
import { db } from '$lib/server/db';
import { levelRegistrations, organizingUnits } from '$lib/server/contests/organize-read';
import { requireLevelOf, requireOrganizedContest } from '$lib/server/contests/organizer-access';
import { registerList, registerUnit } from '$lib/server/contests/registration';
import { POSITIONS } from '$lib/server/db/schema';
import { IMPORT_MAX_BYTES } from '$lib/server/people/import-rows';

async function guard(locals: App.Locals, params: { contest: string; level: string }, url: URL) {
	const found = await requireOrganizedContest(db, locals, params.contest, url);
	return { ...found, level: await requireLevelOf(db, found.contest.id, params.level) };
}

export const load: PageServerLoad = async ({ locals, params, url }) => {
	const { contest, unit, level } = await guard(locals, params, url);
	return {
		contest: { id: contest.id, name: contest.name },
		level: { id: level.id, name: level.name },
		units: await organizingUnits(db, [unit.path]),
		registrations: await levelRegistrations(db, level.id)
	};
};

const unitSchema = z.object({
	unitId: z.coerce.number().int().positive(),
	positions: z.array(z.enum(POSITIONS)).min(1, 'no_positions')
});

export const actions: Actions = {
	unit: async ({ locals, params, url, request }) => {
		const { user, level } = await guard(locals, params, url);
		const form = await request.formData();
		const parsed = unitSchema.safeParse({
			unitId: String(form.get('unitId') ?? ''),
			positions: form.getAll('positions').map(String)
		});
		if (!parsed.success) {
			const noPositions = parsed.error.issues.some((i) => i.path[0] === 'positions');
			return fail(400, {
				action: 'unit' as const,
				error: noPositions ? 'no_positions' : 'unit_not_found'
			});
		}
		const result = await registerUnit(db, user, { levelId: level.id, ...parsed.data });
		if (!result.ok) {
			if (result.error === 'not_found') error(404, 'not_found');
			return fail(400, { action: 'unit' as const, error: result.error });
		}
		return { action: 'unit' as const, result };
	},
	list: async ({ locals, params, url, request }) => {
		const { user, level } = await guard(locals, params, url);
		const file = (await request.formData()).get('file');
		if (!(file instanceof File) || file.size === 0 || !file.name) {
			return fail(400, { action: 'list' as const, error: 'no_file' });
		}
		if (file.size > IMPORT_MAX_BYTES)
			return fail(413, { action: 'list' as const, error: 'too_large' });
		const result = await registerList(db, user, {
			levelId: level.id,
			file: { name: file.name, bytes: new Uint8Array(await file.arrayBuffer()) }
		});
		if (!result.ok) {
			if (result.error === 'not_found') error(404, 'not_found');
			if (result.error === 'file') {
				return fail(400, {
					action: 'list' as const,
					error: 'file',
					fileError: result.fileError.code
				});
			}
			return fail(400, { action: 'list' as const, error: 'rows', rows: result.rows.slice(0, 200) });
		}
		return { action: 'list' as const, result };
	}
};
