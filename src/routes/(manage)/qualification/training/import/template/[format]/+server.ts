import { error } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { getLocale } from '$lib/paraglide/runtime.js';
import { requireRole } from '$lib/server/auth/access';
import { TRAINING_IMPORT_COLUMNS } from '$lib/server/qualification/training-import';
import { downloadResponse, toCsv, toXlsx } from '$lib/server/spreadsheet/write';

/** An empty training file with the expected headers in the reader's language. */
export const GET: RequestHandler = async ({ locals, url, params }) => {
	requireRole(locals, 'manager', url);
	const format = params.format;
	if (format !== 'csv' && format !== 'xlsx') error(404, 'not_found');
	const en = getLocale() === 'en';
	const columns = TRAINING_IMPORT_COLUMNS.map((c) => ({
		header: en ? c.headers[1] : c.headers[0],
		value: () => null
	}));
	const title = en ? 'Training import template' : 'Mẫu nhập lớp bồi dưỡng';
	const body = format === 'csv' ? toCsv(columns, []) : await toXlsx(columns, [], title);
	return downloadResponse(body, `${title}.${format}`, format);
};
