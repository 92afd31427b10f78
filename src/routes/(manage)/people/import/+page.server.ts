import { fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { requireRole } from '$lib/server/auth/access';
import { db } from '$lib/server/db';
import { previewImport } from '$lib/server/people/import';
import { IMPORT_COLUMNS, IMPORT_MAX_BYTES, IMPORT_MAX_ROWS } from '$lib/server/people/import-rows';
import { formLimits } from '$lib/server/people/forms';

const caps = { maxMb: IMPORT_MAX_BYTES / 1024 / 1024, maxRows: IMPORT_MAX_ROWS };

export const load: PageServerLoad = ({ locals, url }) => {
	requireRole(locals, 'manager', url);
	const columns = IMPORT_COLUMNS.map((c) => ({
		key: c.key,
		headers: [...c.headers],
		required: 'required' in c && c.required
	}));
	return { caps, columns, limits: formLimits() };
};

export const actions: Actions = {
	default: async ({ locals, url, request }) => {
		const { user, paths } = requireRole(locals, 'manager', url);
		const file = (await request.formData()).get('file');
		if (!(file instanceof File) || file.size === 0 || !file.name) {
			return fail(400, { error: { code: 'no_file' as const } });
		}
		// Refused before reading it into memory; readTable checks again.
		if (file.size > IMPORT_MAX_BYTES) {
			return fail(413, { error: { code: 'too_large' as const, maxBytes: IMPORT_MAX_BYTES } });
		}
		const result = await previewImport(db, {
			file: { name: file.name, bytes: new Uint8Array(await file.arrayBuffer()) },
			scope: paths,
			actorUserId: user.id
		});
		if (!result.ok) return fail(400, { error: result.error });
		redirect(303, `/people/import/${result.batchId}`);
	}
};
