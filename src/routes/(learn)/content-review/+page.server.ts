import type { PageServerLoad } from './$types';
import { requireRole } from '$lib/server/auth/access';
import { sourcesNeedingReview } from '$lib/server/content/affected';
import { contentLanguage } from '$lib/server/content/language';
import { getCatalog } from '$lib/server/content/store';
import { sourceView, localize } from '$lib/server/content/views';

export const load: PageServerLoad = ({ locals, url }) => {
	requireRole(locals, ['trainer'], url);
	const catalog = getCatalog();
	const lang = contentLanguage();
	const reviews = sourcesNeedingReview(catalog.content).map((r) => ({
		source: sourceView(r.source, lang, catalog),
		items: r.items.map((item) => ({
			kind: item.kind,
			id: item.id,
			moduleTitle: localize(item.module.title, lang),
			href:
				item.kind === 'lesson'
					? `/learn/${item.module.slug}/${item.lessonSlug}`
					: `/learn/${item.module.slug}`,
			title: item.title,
			locator: item.locator,
			historical: item.historical,
			where: `${item.file}:${item.line}`
		}))
	}));
	return {
		reviews,
		superseded: reviews.filter((r) => r.source.status === 'superseded').length,
		unverified: reviews.filter((r) => r.source.status === 'unverified').length
	};
};
