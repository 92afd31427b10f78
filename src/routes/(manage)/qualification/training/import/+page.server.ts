import { fail } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { requireRole } from '$lib/server/auth/access';
import { db } from '$lib/server/db';
import { vietnamDay } from '$lib/server/qualification/calendar';
import {
	importTrainingRecords,
	TRAINING_IMPORT_COLUMNS,
	TRAINING_IMPORT_MAX_BYTES,
	TRAINING_IMPORT_MAX_ROWS
} from '$lib/server/qualification/training-import';

const caps = { maxMb: TRAINING_IMPORT_MAX_BYTES / 1024 / 1024, maxRows: TRAINING_IMPORT_MAX_ROWS };

/** Managers import training courses for the people of their units (403 for anyone else). */
export const load: PageServerLoad = ({ locals, url }) => {
	requireRole(locals, 'manager', url);
	const columns = TRAINING_IMPORT_COLUMNS.map((c) => ({
		key: c.key,
		headers: [...c.headers],
		required: 'required' in c && c.required
	}));
	return { caps, columns };
};

export const actions: Actions = {
	default: async ({ locals, url, request }) => {
		const { user, paths } = requireRole(locals, 'manager', url);
		const file = (await request.formData()).get('file');
		if (!(file instanceof File) || file.size === 0 || !file.name) {
			return fail(400, { error: { code: 'no_file' as const } });
		}
		if (file.size > TRAINING_IMPORT_MAX_BYTES) {
			return fail(413, {
				error: { code: 'too_large' as const, maxBytes: TRAINING_IMPORT_MAX_BYTES }
			});
		}
		const result = await importTrainingRecords(db, {
			file: { name: file.name, bytes: new Uint8Array(await file.arrayBuffer()) },
			scope: paths,
			actorUserId: user.id,
			today: vietnamDay(locals.receivedAt)
		});
		if (result.ok) return { created: result.created, people: result.people };
		if ('error' in result) return fail(400, { error: result.error });
		return fail(400, {
			rows: result.rows.slice(0, 500),
			problems: result.rows.length,
			total: result.total
		});
	}
};
