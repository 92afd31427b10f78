import { error } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';
import { requireUser } from '$lib/server/auth/access';
import { contentLanguage } from '$lib/server/content/language';
import { modulePage } from '$lib/server/content/pages';
import { progressRows } from '$lib/server/content/progress';
import { getCatalog } from '$lib/server/content/store';
import { db } from '$lib/server/db';
import { quizSummaryForModule } from '$lib/server/quiz/summary';

// Plain links and forms, no client-side behaviour: served without the client app, which would
// be most of the page's weight on the wire (npm run bench:pages).
export const csr = false;

export const load: PageServerLoad = async ({ locals, url, params }) => {
	const user = requireUser(locals, url);
	const catalog = getCatalog();
	const module = catalog.module(params.module);
	if (!module) error(404, 'not_found');
	return {
		...modulePage(catalog, module, await progressRows(db, user.id, module.id), contentLanguage()),
		quiz: await quizSummaryForModule(db, user.id, module.id)
	};
};
