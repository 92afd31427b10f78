import { fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { requireRole } from '$lib/server/auth/access';
import { db } from '$lib/server/db';
import {
	commitImportBatch,
	createImportBatch,
	previewImportBatch,
	readTreeFile,
	TREE_IMPORT_LIMITS
} from '$lib/server/orgs/import-batches';

/** Rows shown in the preview table; errors are always shown in full. */
const PREVIEW_ROWS = 300;

export const load: PageServerLoad = async ({ locals, url }) => {
	const { user } = requireRole(locals, 'manager', url);
	const batchId = url.searchParams.get('batch');
	const limits = {
		mb: TREE_IMPORT_LIMITS.maxBytes / 1024 / 1024,
		rows: TREE_IMPORT_LIMITS.maxRows
	};
	if (!batchId) return { limits, batch: null, batchGone: false };
	const preview = await previewImportBatch(db, user, batchId);
	if (!preview) return { limits, batch: null, batchGone: true };
	const { plan } = preview;
	return {
		limits,
		batchGone: false,
		batch: {
			id: batchId,
			fileName: preview.fileName,
			counts: plan.counts,
			errors: plan.errors,
			rows: plan.rows.slice(0, PREVIEW_ROWS).map((r) => ({
				rowNumber: r.rowNumber,
				code: r.code,
				name: r.name,
				kind: r.kind,
				parentCode: r.parentCode,
				action: r.action,
				changes: r.changes
			})),
			totalRows: plan.rows.length
		}
	};
};

export const actions: Actions = {
	upload: async ({ locals, request, url }) => {
		const { user } = requireRole(locals, 'manager', url);
		const file = (await request.formData()).get('file');
		if (!(file instanceof File) || file.size === 0) {
			return fail(400, {
				fileError: { code: file instanceof File && file.name ? 'empty' : 'no_file' }
			});
		}
		if (file.size > TREE_IMPORT_LIMITS.maxBytes) {
			return fail(400, { fileError: { code: 'too_large', maxBytes: TREE_IMPORT_LIMITS.maxBytes } });
		}
		const read = await readTreeFile({
			name: file.name,
			bytes: new Uint8Array(await file.arrayBuffer())
		});
		if (!read.ok) return fail(400, { fileError: read.error });
		const id = await createImportBatch(db, user, file.name, read.rows);
		redirect(303, `/orgs/import?batch=${id}`);
	},
	commit: async ({ locals, request, url }) => {
		const { user } = requireRole(locals, 'manager', url);
		const batchId = String((await request.formData()).get('batch') ?? '');
		const r = await commitImportBatch(db, user, batchId);
		if (r.ok) return { done: r };
		if (r.error === 'rows_invalid') return fail(400, { rowErrors: r.errors });
		return fail(404, { batchGone: true });
	}
};
