import type { ContentCatalog } from './catalog';
import {
	continueReading,
	lessonState,
	moduleProgress,
	POSITION_SCALE,
	type ProgressRow
} from './progress';
import type { ContentLanguage, ModuleEntry } from './types';
import { tocSections } from './toc';
import { citedSources, formatIssued, localize, reviewNotices } from './views';

/**
 * What the learning pages show, shaped from the in-memory content and the learner's progress
 * rows. Only display data: never question keys or anything else a page must not carry.
 */
export function catalogPage(catalog: ContentCatalog, rows: ProgressRow[], lang: ContentLanguage) {
	const byLesson = new Map(rows.map((r) => [r.lessonId, r]));
	return {
		modules: catalog.modules.map((m) => ({
			id: m.id,
			slug: m.slug,
			title: localize(m.title, lang),
			summary: localize(m.summary, lang),
			estimatedMinutes: m.estimatedMinutes,
			required: m.requiredForQualification,
			lessonCount: m.lessons.length,
			progress: moduleProgress(m, byLesson)
		})),
		continueReading: continueView(catalog, rows, lang)
	};
}

export function continueView(catalog: ContentCatalog, rows: ProgressRow[], lang: ContentLanguage) {
	const next = continueReading(catalog, rows);
	if (!next) return null;
	return {
		href: `/learn/${next.module.slug}/${next.lesson.slug}`,
		moduleTitle: localize(next.module.title, lang),
		lessonTitle: localize(next.lesson.title, lang),
		resumed: next.resumed,
		percent: Math.round((next.position * 100) / POSITION_SCALE)
	};
}

export function modulePage(
	catalog: ContentCatalog,
	module: ModuleEntry,
	rows: ProgressRow[],
	lang: ContentLanguage
) {
	const byLesson = new Map(rows.map((r) => [r.lessonId, r]));
	const objectives = (lang === 'en' ? module.objectives.en : undefined) ?? module.objectives.vi;
	return {
		module: {
			slug: module.slug,
			title: localize(module.title, lang),
			summary: localize(module.summary, lang),
			objectives,
			introHtml: module.intro?.html ?? null,
			estimatedMinutes: module.estimatedMinutes,
			required: module.requiredForQualification,
			contentVersion: module.contentVersion,
			contentDate: formatIssued(module.contentDate, lang),
			sourcesCheckedOn: formatOptional(catalog.sourcesCheckedOn(module), lang),
			untranslated: lang === 'en' && !module.title.en
		},
		progress: moduleProgress(module, byLesson),
		lessons: module.lessons.map((l) => {
			const row = byLesson.get(l.id);
			return {
				slug: l.slug,
				title: localize(l.title, lang),
				minutes: (l.rendered[lang] ?? l.rendered.vi).minutes,
				state: lessonState(row),
				updatedSinceDone: !!row?.completedAt && row.contentHash !== l.hash
			};
		}),
		sources: citedSources(module.citations, lang, catalog)
	};
}

export function lessonPage(
	catalog: ContentCatalog,
	moduleSlug: string,
	lessonSlug: string,
	row: ProgressRow | undefined,
	lang: ContentLanguage
) {
	const found = catalog.lesson(moduleSlug, lessonSlug);
	if (!found) return null;
	const { module, lesson, index, previous, next } = found;
	const translated = lang === 'vi' || lesson.rendered.en !== null;
	const rendered = (lang === 'en' ? lesson.rendered.en : null) ?? lesson.rendered.vi;
	const sources = citedSources(lesson.citations, lang, catalog);
	const link = (l: typeof previous) =>
		l ? { href: `/learn/${module.slug}/${l.slug}`, title: localize(l.title, lang) } : null;
	return {
		module: { slug: module.slug, title: localize(module.title, lang), lessonCount: module.lessons.length },
		lesson: {
			slug: lesson.slug,
			index: index + 1,
			title: localize(lesson.title, lang),
			/** The language of the text shown: Vietnamese when English is missing. */
			lang: translated ? lang : 'vi',
			translated,
			html: rendered.html,
			toc: tocSections(rendered.toc),
			minutes: rendered.minutes
		},
		previous: link(previous),
		next: link(next),
		sources,
		/** One notice a cited document under review: its sentence for readers and the newer ones. */
		reviewNotices: reviewNotices(sources),
		progress: { state: lessonState(row), position: row?.position ?? 0 }
	};
}

const formatOptional = (date: string | null, lang: ContentLanguage) =>
	date ? formatIssued(date, lang) : null;
