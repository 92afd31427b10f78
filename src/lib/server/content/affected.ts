import type { LoadedContent, ModuleEntry, SourceEntry } from './types';

export type Citing = {
	kind: 'module' | 'lesson' | 'question';
	/** Module id, lesson id or question key. */
	id: string;
	module: ModuleEntry;
	lessonSlug: string | null;
	title: string;
	locator: string | null;
	historical: boolean;
	file: string;
	line: number;
};

/** Every module, lesson and question that cites a document: the review list when it is replaced. */
export function citingItems(content: Pick<LoadedContent, 'modules'>, sourceId: string): Citing[] {
	const items: Citing[] = [];
	for (const module of content.modules) {
		for (const c of module.citations.filter((c) => c.source === sourceId)) {
			items.push({ kind: 'module', id: module.id, module, lessonSlug: null, title: module.title.vi, locator: null, historical: false, file: c.file, line: c.line });
		}
		for (const lesson of module.lessons) {
			for (const c of lesson.citations.filter((c) => c.source === sourceId)) {
				items.push({ kind: 'lesson', id: lesson.id, module, lessonSlug: lesson.slug, title: lesson.title.vi, locator: c.locator ?? null, historical: false, file: c.file, line: c.line });
			}
		}
		for (const q of module.questions) {
			for (const c of q.citations.filter((c) => c.source === sourceId)) {
				items.push({ kind: 'question', id: q.key, module, lessonSlug: null, title: q.stem.vi, locator: c.locator ?? null, historical: q.historical, file: c.file, line: c.line });
			}
		}
	}
	return items;
}

export type SourceReview = { source: SourceEntry; replacement: SourceEntry | null; items: Citing[] };

/**
 * The staff review page: every cited document that is superseded or unverified, with what cites
 * it. Superseded first (they need action), then unverified; documents nothing cites are left out.
 */
export function sourcesNeedingReview(content: Pick<LoadedContent, 'modules' | 'sources'>): SourceReview[] {
	const reviews: SourceReview[] = [];
	for (const source of content.sources.values()) {
		if (source.status === 'in_force') continue;
		const items = citingItems(content, source.id);
		if (items.length === 0) continue;
		const replacement = source.supersededBy ? (content.sources.get(source.supersededBy) ?? null) : null;
		reviews.push({ source, replacement, items });
	}
	const rank = { superseded: 0, unverified: 1, in_force: 2 };
	return reviews.sort((a, b) => rank[a.source.status] - rank[b.source.status] || a.source.id.localeCompare(b.source.id));
}
