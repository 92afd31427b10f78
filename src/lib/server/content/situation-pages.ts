import type { ContentCatalog } from './catalog';
import type { ContentLanguage, SituationCard } from './types';
import { citedSources, localize } from './views';

const translated = (card: SituationCard, lang: ContentLanguage) => lang === 'vi' || card.situation.en !== null;

/** The worked situations grouped by their first related module, in module order. */
export function situationListPage(catalog: ContentCatalog, lang: ContentLanguage) {
	const groups = catalog.modules
		.map((module) => ({
			module: { id: module.id, slug: module.slug, title: localize(module.title, lang) },
			cards: catalog.situations
				.filter((card) => card.moduleIds[0] === module.id)
				.map((card) => ({ slug: card.slug, title: localize(card.title, lang), difficulty: card.difficulty }))
		}))
		.filter((g) => g.cards.length > 0);
	return { groups, total: catalog.situations.length };
}

/**
 * One card: the situation, then the guiding points (revealed by the reader), the rubric and the
 * cited documents as the lesson reader shows them. Display data only.
 */
export function situationPage(catalog: ContentCatalog, slug: string, lang: ContentLanguage) {
	const card = catalog.situation(slug);
	if (!card) return null;
	const english = lang === 'en' && translated(card, lang);
	const modules = card.moduleIds.flatMap((id) => {
		const module = catalog.moduleById(id);
		return module ? [{ slug: module.slug, title: localize(module.title, lang) }] : [];
	});
	return {
		card: {
			slug: card.slug,
			title: localize(card.title, lang),
			lang: english ? 'en' : 'vi',
			translated: translated(card, lang),
			difficulty: card.difficulty,
			situationHtml: (english ? card.situation.en : null) ?? card.situation.vi,
			guidanceHtml: (english ? card.guidance.en : null) ?? card.guidance.vi,
			criteria: card.criteria.map((c) => ({ id: c.id, title: localize(c.title, lang), max: c.max }))
		},
		modules,
		sources: citedSources(card.citations, lang, catalog)
	};
}
