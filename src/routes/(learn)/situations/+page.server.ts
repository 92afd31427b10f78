import type { PageServerLoad } from './$types';
import { requireUser } from '$lib/server/auth/access';
import { contentLanguage } from '$lib/server/content/language';
import { situationListPage } from '$lib/server/content/situation-pages';
import { getCatalog } from '$lib/server/content/store';

export const load: PageServerLoad = ({ locals, url }) => {
	requireUser(locals, url);
	return situationListPage(getCatalog(), contentLanguage());
};
