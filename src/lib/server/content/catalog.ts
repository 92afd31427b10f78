import { buildSearchIndex, type SearchIndex } from './search';
import type { LessonEntry, LoadedContent, ModuleEntry, SituationCard, SourceEntry } from './types';

export type LessonLocation = {
	module: ModuleEntry;
	lesson: LessonEntry;
	index: number;
	previous: LessonEntry | null;
	next: LessonEntry | null;
};

/** The loaded content with the lookups pages need, built once per process. */
export class ContentCatalog {
	readonly modules: ModuleEntry[];
	readonly sources: Map<string, SourceEntry>;
	readonly search: SearchIndex;
	readonly situations: SituationCard[];
	private readonly situationsBySlug = new Map<string, SituationCard>();
	private readonly bySlug = new Map<string, ModuleEntry>();
	private readonly byId = new Map<string, ModuleEntry>();
	private readonly lessonsById = new Map<string, { module: ModuleEntry; lesson: LessonEntry }>();

	constructor(readonly content: LoadedContent) {
		this.modules = content.modules;
		this.sources = content.sources;
		for (const module of content.modules) {
			this.bySlug.set(module.slug, module);
			this.byId.set(module.id, module);
			for (const lesson of module.lessons) this.lessonsById.set(lesson.id, { module, lesson });
		}
		this.search = buildSearchIndex(content.modules);
		this.situations = content.situations ?? [];
		for (const card of this.situations) this.situationsBySlug.set(card.slug, card);
	}

	situation(slug: string): SituationCard | undefined {
		return this.situationsBySlug.get(slug);
	}

	module(slug: string): ModuleEntry | undefined {
		return this.bySlug.get(slug);
	}

	moduleById(id: string): ModuleEntry | undefined {
		return this.byId.get(id);
	}

	lessonById(id: string) {
		return this.lessonsById.get(id);
	}

	lesson(moduleSlug: string, lessonSlug: string): LessonLocation | undefined {
		const module = this.bySlug.get(moduleSlug);
		if (!module) return undefined;
		const index = module.lessons.findIndex((l) => l.slug === lessonSlug);
		if (index < 0) return undefined;
		return {
			module,
			lesson: module.lessons[index],
			index,
			previous: module.lessons[index - 1] ?? null,
			next: module.lessons[index + 1] ?? null
		};
	}

	/** Every registry document a module draws on: its own, its lessons' and its questions'. */
	moduleSourceIds(module: ModuleEntry): string[] {
		const ids = new Set<string>();
		for (const c of module.citations) ids.add(c.source);
		for (const l of module.lessons) for (const c of l.citations) ids.add(c.source);
		for (const q of module.questions) for (const c of q.citations) ids.add(c.source);
		return [...ids];
	}

	/**
	 * The date all of a module's sources had last been checked: the oldest `checked` among them,
	 * so the page never claims more currency than the least recently checked document has.
	 */
	sourcesCheckedOn(module: ModuleEntry): string | null {
		const dates = this.moduleSourceIds(module)
			.map((id) => this.sources.get(id)?.checked)
			.filter((d): d is string => !!d)
			.sort();
		return dates[0] ?? null;
	}
}
