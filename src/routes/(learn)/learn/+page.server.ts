import type { PageServerLoad } from './$types';
import { requireUser } from '$lib/server/auth/access';
import { contentLanguage } from '$lib/server/content/language';
import { catalogPage } from '$lib/server/content/pages';
import { progressRows } from '$lib/server/content/progress';
import { getCatalog } from '$lib/server/content/store';
import { db } from '$lib/server/db';

export const load: PageServerLoad = async ({ locals, url }) => {
	const user = requireUser(locals, url);
	return catalogPage(getCatalog(), await progressRows(db, user.id), contentLanguage());
};
