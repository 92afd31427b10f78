import type { PageServerLoad } from './$types';
import { requireRole } from '$lib/server/auth/access';
import { sourcesNeedingReview } from '$lib/server/content/affected';
import { contentLanguage } from '$lib/server/content/language';
import { getCatalog } from '$lib/server/content/store';
import { editorialSourceView, localize } from '$lib/server/content/views';

// Read-only (links only, no forms or client-side behaviour): served without the client app,
// which was most of the page's weight on the wire, and without the page data serialized again
// for hydration (64 KB raw with the demo content) (npm run bench:pages).
export const csr = false;

export const load: PageServerLoad = ({ locals, url }) => {
	requireRole(locals, ['trainer'], url);
	const catalog = getCatalog();
	const lang = contentLanguage();
	const reviews = sourcesNeedingReview(catalog.content).map((r) => ({
		source: editorialSourceView(r.source, lang, catalog),
		items: r.items.map((item) => ({
			kind: item.kind,
			id: item.id,
			moduleTitle: item.module ? localize(item.module.title, lang) : '',
			href:
				item.kind === 'situation'
					? `/situations/${item.situationSlug}`
					: item.kind === 'lesson'
						? `/learn/${item.module?.slug}/${item.lessonSlug}`
						: `/learn/${item.module?.slug}`,
			title: item.title,
			locator: item.locator,
			historical: item.historical,
			alsoInForce: item.alsoInForce,
			where: `${item.file}:${item.line}`
		}))
	}));
	const count = (status: string) => reviews.filter((r) => r.source.status === status).length;
	return {
		reviews,
		superseded: count('superseded'),
		review: count('review'),
		unverified: count('unverified')
	};
};
