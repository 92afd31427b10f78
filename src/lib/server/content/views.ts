import { formatCalendarDate } from '../../datetime';
import type { ContentCatalog } from './catalog';
import { localizeLocator } from './locators';
import { reviewDeadline } from './sources';
import type { ContentLanguage, LocalizedText, PlacedCitation, SourceEntry, SourceStatus } from './types';

/** Text in the reader's language, or Vietnamese with `fallback` set when it has no translation. */
export function localize(text: LocalizedText, lang: ContentLanguage): string {
	return (lang === 'en' ? text.en : undefined) ?? text.vi;
}

type LinkedSource = { id: string; number: string; title: string; issued: string | null };

/**
 * What a reader sees about a cited document: its number, date, issuer, title, status, one link,
 * and for a replaced or `review` document what is newer. Never the editorial `note`/`evidence`.
 */
export type SourceView = {
	id: string;
	number: string;
	/** "ngày 30/08/2025", "tháng 07/2018", "năm 2018" (English: the date alone); null if unconfirmed. */
	issued: string | null;
	title: string;
	issuer: string;
	status: SourceStatus;
	url: string | null;
	locators: string[];
	supersededBy: LinkedSource | null;
	/** For `review`: the newer documents and the one sentence for readers. */
	see: LinkedSource[];
	reviewNote: string | null;
	/** Not cited here, listed because a cited `review` document points at it. */
	related: boolean;
};

/** The editorial view for authors and trainers (/content-review): the reader's view plus notes. */
export type EditorialSourceView = SourceView & {
	checked: string | null;
	reviewUntil: string | null;
	note: string | null;
	evidence: { url: string; what: string }[];
};

const linked = (source: SourceEntry | undefined, lang: ContentLanguage): LinkedSource | null =>
	source
		? {
				id: source.id,
				number: source.number,
				title: localize(source.title, lang),
				issued: issuedPhrase(source.issued, lang)
			}
		: null;

/** What the reader shows about a cited document. */
export function sourceView(
	source: SourceEntry,
	lang: ContentLanguage,
	catalog: Pick<ContentCatalog, 'sources'>,
	locators: string[] = [],
	related = false
): SourceView {
	return {
		id: source.id,
		number: source.number,
		issued: issuedPhrase(source.issued, lang),
		title: localize(source.title, lang),
		issuer: localize(source.issuer, lang),
		status: source.status,
		url: source.url,
		locators: locators.map((locator) => localizeLocator(locator, lang)),
		supersededBy: source.supersededBy ? linked(catalog.sources.get(source.supersededBy), lang) : null,
		see: source.see.flatMap((id) => linked(catalog.sources.get(id), lang) ?? []),
		reviewNote: source.reviewNote ? localize(source.reviewNote, lang) : null,
		related
	};
}

export function editorialSourceView(
	source: SourceEntry,
	lang: ContentLanguage,
	catalog: Pick<ContentCatalog, 'sources'>
): EditorialSourceView {
	return {
		...sourceView(source, lang, catalog),
		checked: source.checked ? formatIssued(source.checked, lang) : null,
		reviewUntil: formatOptional(reviewDeadline(source), lang),
		note: source.note ? localize(source.note, lang) : null,
		evidence: source.evidence
	};
}

/**
 * Cited documents in citation order, each once, with every locator cited for it; then the newer
 * documents a cited `review` document points at (marked `related`), so the reader's notice can
 * link to their entries on the same page.
 */
export function citedSources(
	citations: PlacedCitation[],
	lang: ContentLanguage,
	catalog: Pick<ContentCatalog, 'sources'>
): SourceView[] {
	const locators = new Map<string, string[]>();
	for (const c of citations) {
		const list = locators.get(c.source) ?? [];
		if (c.locator && !list.includes(c.locator)) list.push(c.locator);
		locators.set(c.source, list);
	}
	const cited = [...locators.entries()].flatMap(([id, list]) => {
		const source = catalog.sources.get(id);
		return source ? [sourceView(source, lang, catalog, list)] : [];
	});
	const relatedIds = new Set(cited.flatMap((s) => (s.status === 'review' ? s.see.map((x) => x.id) : [])));
	const related = [...relatedIds].flatMap((id) => {
		const source = locators.has(id) ? undefined : catalog.sources.get(id);
		return source ? [sourceView(source, lang, catalog, [], true)] : [];
	});
	return [...cited, ...related];
}

/** The cited documents that have status `review`: each gives the reader a notice. */
export function reviewNotices(sources: SourceView[]) {
	return sources
		.filter((s) => s.status === 'review' && !s.related)
		.map((s) => ({ id: s.id, number: s.number, note: s.reviewNote, see: s.see }));
}

const formatOptional = (date: string | null, lang: ContentLanguage) => (date ? formatIssued(date, lang) : null);

/** A registry or frontmatter date (a day, a month or a year) as the app writes dates: 30/08/2025. */
export function formatIssued(issued: string, lang: ContentLanguage): string {
	return formatCalendarDate(issued, lang);
}

/**
 * An `issued` date as it reads after a document's number: Vietnamese says which precision it is
 * ("ngày 06/07/2018", "tháng 07/2018", "năm 2018"); English gives the date alone.
 */
export function issuedPhrase(issued: string | null, lang: ContentLanguage): string | null {
	if (!issued) return null;
	const text = formatIssued(issued, lang);
	if (lang === 'en') return text;
	const parts = issued.split('-').length;
	return `${parts === 3 ? 'ngày' : parts === 2 ? 'tháng' : 'năm'} ${text}`;
}
