import type { ContentCatalog } from './catalog';
import { localizeLocator } from './locators';
import type { ContentLanguage, LocalizedText, PlacedCitation, SourceEntry, SourceStatus } from './types';

/** Text in the reader's language, or Vietnamese with `fallback` set when it has no translation. */
export function localize(text: LocalizedText, lang: ContentLanguage): string {
	return (lang === 'en' ? text.en : undefined) ?? text.vi;
}

export type SourceView = {
	id: string;
	number: string;
	issued: string;
	title: string;
	issuer: string;
	status: SourceStatus;
	url: string | null;
	checked: string | null;
	note: string | null;
	locators: string[];
	supersededBy: { id: string; number: string; title: string; issued: string } | null;
};

/** What the reader shows about a cited document: its status and, when replaced, by what. */
export function sourceView(source: SourceEntry, lang: ContentLanguage, catalog: ContentCatalog, locators: string[] = []): SourceView {
	const next = source.supersededBy ? catalog.sources.get(source.supersededBy) : undefined;
	return {
		id: source.id,
		number: source.number,
		issued: formatIssued(source.issued),
		title: localize(source.title, lang),
		issuer: localize(source.issuer, lang),
		status: source.status,
		url: source.url,
		checked: source.checked ? formatIssued(source.checked) : null,
		note: source.note ? localize(source.note, lang) : null,
		locators: locators.map((locator) => localizeLocator(locator, lang)),
		supersededBy: next
			? {
					id: next.id,
					number: next.number,
					title: localize(next.title, lang),
					issued: formatIssued(next.issued)
				}
			: null
	};
}

/** Cited documents in citation order, each once, with every locator cited for it. */
export function citedSources(citations: PlacedCitation[], lang: ContentLanguage, catalog: ContentCatalog): SourceView[] {
	const locators = new Map<string, string[]>();
	for (const c of citations) {
		const list = locators.get(c.source) ?? [];
		if (c.locator && !list.includes(c.locator)) list.push(c.locator);
		locators.set(c.source, list);
	}
	return [...locators.entries()].flatMap(([id, list]) => {
		const source = catalog.sources.get(id);
		return source ? [sourceView(source, lang, catalog, list)] : [];
	});
}

/**
 * A registry or frontmatter date as written (a day, a month or a year) in the day-first form both
 * languages read (25/11/2026), with the year in full.
 */
export function formatIssued(issued: string): string {
	const [y, m, d] = issued.split('-');
	if (d) return `${Number(d)}/${Number(m)}/${y}`;
	if (m) return `${Number(m)}/${y}`;
	return y;
}
