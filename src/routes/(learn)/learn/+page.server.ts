import type { PageServerLoad } from './$types';
import { requireUser } from '$lib/server/auth/access';
import { contentLanguage } from '$lib/server/content/language';
import { catalogPage } from '$lib/server/content/pages';
import { progressRows } from '$lib/server/content/progress';
import { getCatalog } from '$lib/server/content/store';
import { db } from '$lib/server/db';
import { passedPracticeModuleIds } from '$lib/server/quiz/summary';

// Plain links and forms, no client-side behaviour: served without the client app, which would
// be most of the page's weight on the wire (npm run bench:pages).
export const csr = false;

export const load: PageServerLoad = async ({ locals, url }) => {
	const user = requireUser(locals, url);
	const page = catalogPage(getCatalog(), await progressRows(db, user.id), contentLanguage());
	const passed = await passedPracticeModuleIds(db, user.id);
	return {
		...page,
		modules: page.modules.map((module) => ({ ...module, practicePassed: passed.has(module.id) }))
	};
};
