import type { PageServerLoad } from './$types';
import { contentLanguage } from '$lib/server/content/language';
import { continueView } from '$lib/server/content/pages';
import { progressRows } from '$lib/server/content/progress';
import { getCatalog } from '$lib/server/content/store';
import { db } from '$lib/server/db';

export const load: PageServerLoad = async ({ url, locals }) => ({
	activated: url.searchParams.has('activated'),
	continueReading: locals.user
		? continueView(getCatalog(), await progressRows(db, locals.user.id), contentLanguage())
		: null
});
