import type { LoadedContent, ModuleEntry, PlacedCitation, SourceEntry } from './types';

export type Citing = {
	kind: 'module' | 'lesson' | 'question' | 'situation';
	/** Module id, lesson id, question key or situation card id. */
	id: string;
	/** The module (for a situation card: its first related module, if it exists). */
	module: ModuleEntry | null;
	lessonSlug: string | null;
	situationSlug: string | null;
	title: string;
	locator: string | null;
	historical: boolean;
	/** A question that also cites a document in force (its key does not rest on this one alone). */
	alsoInForce: boolean;
	file: string;
	line: number;
};

type CitingContent = Pick<LoadedContent, 'modules'> & Partial<Pick<LoadedContent, 'sources' | 'situations'>>;

/**
 * Every module, lesson, question and situation card that cites a document: the review list when
 * it is replaced or put under review.
 */
export function citingItems(content: CitingContent, sourceId: string): Citing[] {
	const items: Citing[] = [];
	const base = { lessonSlug: null, situationSlug: null, locator: null, historical: false, alsoInForce: false };
	const inForce = (citations: PlacedCitation[]) =>
		citations.some((c) => c.source !== sourceId && content.sources?.get(c.source)?.status === 'in_force');
	for (const module of content.modules) {
		for (const c of module.citations.filter((c) => c.source === sourceId)) {
			items.push({ ...base, kind: 'module', id: module.id, module, title: module.title.vi, file: c.file, line: c.line });
		}
		for (const lesson of module.lessons) {
			for (const c of lesson.citations.filter((c) => c.source === sourceId)) {
				items.push({ ...base, kind: 'lesson', id: lesson.id, module, lessonSlug: lesson.slug, title: lesson.title.vi, locator: c.locator ?? null, file: c.file, line: c.line });
			}
		}
		for (const q of module.questions) {
			for (const c of q.citations.filter((c) => c.source === sourceId)) {
				items.push({ ...base, kind: 'question', id: q.key, module, title: q.stem.vi, locator: c.locator ?? null, historical: q.historical, alsoInForce: inForce(q.citations), file: c.file, line: c.line });
			}
		}
	}
	for (const card of content.situations ?? []) {
		const module = content.modules.find((m) => m.id === card.moduleIds[0]) ?? null;
		for (const c of card.citations.filter((c) => c.source === sourceId)) {
			items.push({ ...base, kind: 'situation', id: card.id, module, situationSlug: card.slug, title: card.title.vi, locator: c.locator ?? null, alsoInForce: inForce(card.citations), file: c.file, line: c.line });
		}
	}
	return items;
}

export type SourceReview = {
	source: SourceEntry;
	replacement: SourceEntry | null;
	/** For `review`: the newer or ordering documents named in `see`. */
	newer: SourceEntry[];
	items: Citing[];
};

/**
 * The staff review page: every cited document that is superseded, under review or unverified,
 * with what cites it. Superseded first (they need action), then `review` (newer documents exist),
 * then unverified; documents nothing cites are left out.
 */
export function sourcesNeedingReview(content: Pick<LoadedContent, 'modules' | 'sources'> & Partial<Pick<LoadedContent, 'situations'>>): SourceReview[] {
	const reviews: SourceReview[] = [];
	for (const source of content.sources.values()) {
		if (source.status === 'in_force') continue;
		const items = citingItems(content, source.id);
		if (items.length === 0) continue;
		const replacement = source.supersededBy ? (content.sources.get(source.supersededBy) ?? null) : null;
		const newer = source.see.flatMap((id) => content.sources.get(id) ?? []);
		reviews.push({ source, replacement, newer, items });
	}
	const rank = { superseded: 0, review: 1, unverified: 2, in_force: 3 };
	return reviews.sort((a, b) => rank[a.source.status] - rank[b.source.status] || a.source.id.localeCompare(b.source.id));
}
