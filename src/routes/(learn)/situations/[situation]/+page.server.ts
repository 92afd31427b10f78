import { error } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';
import { requireUser } from '$lib/server/auth/access';
import { contentLanguage } from '$lib/server/content/language';
import { situationPage } from '$lib/server/content/situation-pages';
import { getCatalog } from '$lib/server/content/store';

// Plain links and forms, no client-side behaviour: served without the client app, which would
// be most of the page's weight on the wire (npm run bench:pages).
export const csr = false;

export const load: PageServerLoad = ({ locals, url, params }) => {
	requireUser(locals, url);
	const page = situationPage(getCatalog(), params.situation, contentLanguage());
	if (!page) error(404, 'not_found');
	return page;
};
