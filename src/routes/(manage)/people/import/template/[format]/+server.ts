import { error } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { getLocale } from '$lib/paraglide/runtime.js';
import { requireRole } from '$lib/server/auth/access';
import { importTemplate } from '$lib/server/people/export';

/** An empty people file with the expected headers in the reader's language. */
export const GET: RequestHandler = async ({ locals, url, params }) => {
	requireRole(locals, 'manager', url);
	const format = params.format;
	if (format !== 'csv' && format !== 'xlsx') error(404, 'not_found');
	return importTemplate(format, getLocale());
};
