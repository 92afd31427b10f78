import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { displayPath, listDirectory, readText, sha256 } from './files';
import { IssueList, sortIssues, type ContentIssue } from './issues';
import { renderMarkdown } from './markdown';
import { readModuleFolder, type LessonDraft, type ModuleDraft } from './module-folder';
import { checkReviewKeys } from './currency';
import { checkNearDuplicates } from './duplicates';
import { buildQuestions } from './questions';
import { createResolver, type LinkTargets } from './resolver';
import { moduleIdsOnDisk, readSituations } from './situations';
import { checkSourceAges, parseSources } from './sources';
import type {
	LessonEntry,
	LoadedContent,
	ModuleEntry,
	PlacedCitation,
	QuestionEntry,
	QuizConfig,
	SourceEntry
} from './types';

export type LoadResult = { content: LoadedContent; issues: ContentIssue[]; ok: boolean };

/** The content folder: `CONTENT_DIR`, or `content` in the working folder. */
export function contentRootFromEnv(env: Record<string, string | undefined>): string {
	return resolve(env.CONTENT_DIR?.trim() || 'content');
}

export type LoadOptions = {
	/**
	 * Today (YYYY-MM-DD) for the checks that depend on the date: `checked` older than 180 days
	 * and review deadlines. `content:check` passes it; the app at start does not, so a date
	 * passing can never stop a running site (CI catches it instead).
	 */
	today?: string;
};

/**
 * Reads, validates and renders the whole content tree once. The app calls it at start and
 * refuses to run when `ok` is false; `npm run content:check` prints the same issues.
 */
export function loadContent(root: string, options: LoadOptions = {}): LoadResult {
	const issues = new IssueList();
	const sourcesPath = join(root, 'sources.yml');
	let registry = new Map<string, SourceEntry>();
	let sourcesText = '';
	if (!existsSync(sourcesPath)) {
		issues.error(displayPath(sourcesPath), 1, 'the source registry sources.yml is missing');
	} else {
		sourcesText = readText(sourcesPath);
		registry = parseSources(sourcesText, displayPath(sourcesPath), issues);
	}

	const modulesDir = join(root, 'modules');
	const drafts = listDirectory(modulesDir)
		.filter((name) => !name.startsWith('.') && !/\.md$/i.test(name))
		.map((folder) => readModuleFolder(modulesDir, folder, issues))
		.filter((d): d is ModuleDraft => d !== null);
	checkUniqueness(drafts, issues);

	const targets: LinkTargets = {
		modules: new Map(
			drafts.map((d) => [
				d.folder,
				{ slug: d.slug, images: d.images, lessons: new Map(d.lessons.map((l) => [l.base, l.slug])) }
			])
		)
	};
	const modules = drafts
		.map((draft) => buildModule(draft, targets, registry, issues))
		.sort((a, b) => a.order - b.order);
	checkQuestionKeys(modules, issues);
	const questions = modules.flatMap((m) => m.questions);
	checkNearDuplicates(questions, issues);
	checkReviewKeys(modules, registry, options.today ?? null, issues);
	if (options.today) checkSourceAges(registry, displayPath(sourcesPath), options.today, issues);
	const moduleIds = new Set([...modules.map((m) => m.id), ...moduleIdsOnDisk(root)]);
	const situations = readSituations(root, registry, moduleIds, issues);

	const hash = sha256(
		[sourcesText, ...modules.map((m) => m.hash), ...situations.map((s) => s.hash)].join('\0')
	);
	const sorted = sortIssues(issues.items);
	return {
		content: { root, sources: registry, modules, situations, hash },
		issues: sorted,
		ok: !sorted.some((i) => i.severity === 'error')
	};
}

function checkCitations(
	citations: PlacedCitation[],
	registry: Map<string, SourceEntry>,
	issues: IssueList
) {
	for (const c of citations) {
		if (!registry.has(c.source)) issues.error(c.file, c.line, `unknown source "${c.source}" (not in sources.yml)`);
	}
}

function buildLesson(
	draft: LessonDraft,
	module: ModuleDraft,
	targets: LinkTargets,
	registry: Map<string, SourceEntry>,
	issues: IssueList
): LessonEntry | null {
	const { vi, en } = draft;
	if (!vi) {
		if (en) issues.error(en.file, 1, `the Vietnamese file ${draft.base}.vi.md is missing (Vietnamese is required)`);
		return null;
	}
	if (en && en.meta.id !== vi.meta.id) {
		issues.error(en.file, en.metaYaml.lineOf(['id']), `id "${en.meta.id}" differs from the Vietnamese file's "${vi.meta.id}"`);
	}
	const citations = vi.meta.sources.map((c, i) => ({ ...c, file: vi.file, line: vi.metaYaml.lineOf(['sources', i]) }));
	checkCitations(citations, registry, issues);
	if (en && en.meta.sources.length > 0) {
		const a = vi.meta.sources.map((c) => c.source).sort().join(';');
		const b = en.meta.sources.map((c) => c.source).sort().join(';');
		if (a !== b) issues.error(en.file, en.metaYaml.lineOf(['sources']), 'the sources differ from the Vietnamese file');
	}
	const resolver = createResolver(targets, module.folder);
	const render = (file: typeof vi, lang: 'vi' | 'en') =>
		renderMarkdown(file.body, { file: file.file, firstLine: file.bodyLine, lang, issues, resolve: resolver });
	return {
		id: vi.meta.id,
		slug: draft.slug,
		order: draft.order,
		moduleId: module.meta.id,
		files: { vi: vi.file, en: en?.file ?? null },
		title: { vi: vi.meta.title, ...(en ? { en: en.meta.title } : {}) },
		citations,
		hash: sha256(`${vi.raw}\0${en?.raw ?? ''}`),
		rendered: { vi: render(vi, 'vi'), en: en ? render(en, 'en') : null }
	};
}

function quizConfig(meta: ModuleDraft['meta']): QuizConfig | null {
	if (!meta.quiz) return null;
	const q = meta.quiz;
	return {
		questionCount: q.questionCount,
		timeLimitSeconds: Math.round(q.timeLimitMinutes * 60),
		passPercent: q.passPercent,
		attemptsAllowed: q.attemptsAllowed,
		review: q.review,
		multipleScoring: q.multipleScoring,
		draw: q.draw ?? [{ count: q.questionCount }]
	};
}

function buildModule(
	draft: ModuleDraft,
	targets: LinkTargets,
	registry: Map<string, SourceEntry>,
	issues: IssueList
): ModuleEntry {
	const { meta, metaYaml, file } = draft;
	const citations = meta.sources.map((source, i) => ({ source, file, line: metaYaml.lineOf(['sources', i]) }));
	checkCitations(citations, registry, issues);
	const topicIds = new Set<string>();
	meta.topics.forEach((t, i) => {
		if (topicIds.has(t.id)) issues.error(file, metaYaml.lineOf(['topics', i]), `duplicate topic id "${t.id}"`);
		topicIds.add(t.id);
	});
	if (meta.objectives.en && meta.objectives.en.length !== meta.objectives.vi.length) {
		issues.error(file, metaYaml.lineOf(['objectives', 'en']), 'objectives.en must have as many items as objectives.vi');
	}
	const lessons = draft.lessons
		.map((l) => buildLesson(l, draft, targets, registry, issues))
		.filter((l): l is LessonEntry => l !== null);
	if (lessons.length === 0) issues.error(file, 1, 'the module has no lessons');

	let questions: QuestionEntry[] = [];
	if (draft.banks.vi) {
		questions = buildQuestions(
			meta.id,
			meta.topics,
			{ vi: draft.banks.vi.file, en: draft.banks.en?.file ?? null },
			draft.banks.vi.questions,
			draft.banks.en?.questions ?? null,
			registry,
			issues
		);
	} else if (draft.banks.en) {
		issues.error(draft.banks.en.file, 1, 'questions.vi.md is missing (Vietnamese is required)');
	}
	const quiz = quizConfig(meta);
	if (quiz) checkQuizDraw(quiz, questions, file, (path) => metaYaml.lineOf(['quiz', ...path]), issues);

	const resolver = createResolver(targets, draft.folder);
	const intro = draft.intro.body.trim()
		? renderMarkdown(draft.intro.body, {
				file,
				firstLine: draft.intro.line,
				lang: 'vi',
				issues,
				resolve: resolver
			})
		: null;
	return {
		id: meta.id,
		slug: draft.slug,
		folder: draft.folder,
		file,
		order: meta.order,
		title: meta.title,
		summary: meta.summary,
		estimatedMinutes: meta.estimatedMinutes,
		objectives: meta.objectives,
		topics: meta.topics,
		citations,
		requiredForQualification: meta.requiredForQualification,
		contentVersion: meta.contentVersion,
		contentDate: meta.contentDate,
		quiz,
		intro,
		lessons,
		questions,
		images: draft.images,
		hash: draft.hash
	};
}

function checkQuizDraw(
	quiz: QuizConfig,
	questions: QuestionEntry[],
	file: string,
	lineOf: (path: (string | number)[]) => number,
	issues: IssueList
) {
	if (questions.length < quiz.questionCount) {
		issues.error(file, lineOf(['questionCount']), `quiz.questionCount is ${quiz.questionCount} but the bank has ${questions.length} questions`);
		return;
	}
	for (const [index, rule] of quiz.draw.entries()) {
		if (rule.topic === undefined && rule.difficulty === undefined) continue;
		const matching = questions.filter(
			(q) => (rule.topic === undefined || q.topic === rule.topic) && (rule.difficulty === undefined || q.difficulty === rule.difficulty)
		).length;
		if (matching < rule.count) {
			const what = [rule.topic && `topic ${rule.topic}`, rule.difficulty && `difficulty ${rule.difficulty}`].filter(Boolean).join(', ');
			issues.error(file, lineOf(['draw', index]), `quiz.draw asks for ${rule.count} questions of ${what} but the bank has ${matching}`);
		}
	}
}

function checkUniqueness(drafts: ModuleDraft[], issues: IssueList) {
	const seen = <T>() => new Map<T, string>();
	const ids = seen<string>();
	const orders = seen<number>();
	const slugs = seen<string>();
	const lessonIds = seen<string>();
	for (const d of drafts) {
		const line = (key: string) => d.metaYaml.lineOf([key]);
		if (ids.has(d.meta.id)) issues.error(d.file, line('id'), `module id "${d.meta.id}" is also used by ${ids.get(d.meta.id)}`);
		else ids.set(d.meta.id, d.file);
		if (orders.has(d.meta.order)) issues.error(d.file, line('order'), `order ${d.meta.order} is also used by ${orders.get(d.meta.order)}`);
		else orders.set(d.meta.order, d.file);
		if (slugs.has(d.slug)) issues.error(d.file, 1, `the folder name "${d.slug}" (without its number) is also used by ${slugs.get(d.slug)}`);
		else slugs.set(d.slug, d.file);
		const lessonSlugs = new Set<string>();
		for (const l of d.lessons) {
			const file = l.vi ?? l.en;
			if (!file) continue;
			if (lessonSlugs.has(l.slug)) issues.error(file.file, 1, `another lesson of this module is also named "${l.slug}"`);
			if (l.slug === 'images') issues.error(file.file, 1, 'a lesson cannot be named "images" (the module\'s image folder has that address)');
			lessonSlugs.add(l.slug);
			if (!l.vi) continue;
			const id = l.vi.meta.id;
			if (lessonIds.has(id)) issues.error(l.vi.file, l.vi.metaYaml.lineOf(['id']), `lesson id "${id}" is also used by ${lessonIds.get(id)}`);
			else lessonIds.set(id, l.vi.file);
		}
	}
}

function checkQuestionKeys(modules: ModuleEntry[], issues: IssueList) {
	const keys = new Map<string, QuestionEntry>();
	for (const q of modules.flatMap((m) => m.questions)) {
		const other = keys.get(q.key);
		if (other) issues.error(q.file, q.line, `question key ${q.key} is also used at ${other.file}:${other.line}`);
		else keys.set(q.key, q);
	}
}
