import type { ContentCatalog } from './catalog';
import { continueReading, moduleProgress, type ProgressRow } from './progress';
import type { ContentLanguage, ModuleEntry } from './types';
import { localize } from './views';

export type RequiredModuleStatus = {
	slug: string;
	title: string;
	lessonsDone: number;
	lessonCount: number;
	hasQuiz: boolean;
	practicePassed: boolean;
	/** Every lesson read and, when the module has a practice quiz, the quiz passed. */
	complete: boolean;
};

export type NextStep =
	| { kind: 'lesson'; href: string; moduleTitle: string; lessonTitle: string; resumed: boolean }
	| { kind: 'quiz'; href: string; moduleTitle: string };

export type StudyPlan = {
	required: RequiredModuleStatus[];
	completeCount: number;
	/** The one thing to do next: the first unfinished required module's lesson or quiz. */
	next: NextStep | null;
};

/** The lesson to open in a module: the one being read most recently, else the first unread. */
function lessonToOpen(module: ModuleEntry, rows: ProgressRow[]) {
	const touched = rows.find(
		(r) => !r.completedAt && module.lessons.some((l) => l.id === r.lessonId)
	);
	if (touched) return { lesson: module.lessons.find((l) => l.id === touched.lessonId)!, resumed: true };
	const done = new Set(rows.filter((r) => r.completedAt).map((r) => r.lessonId));
	const lesson = module.lessons.find((l) => !done.has(l.id));
	return lesson ? { lesson, resumed: false } : null;
}

/**
 * What the home page tells a learner: the modules required for qualification, how far they are
 * in each (lessons read, practice passed) and one next step. `rows` are the learner's progress
 * rows, newest first (`progressRows`); `passed` the modules whose practice quiz they passed.
 */
export function studyPlan(
	catalog: ContentCatalog,
	rows: ProgressRow[],
	passed: Set<string>,
	lang: ContentLanguage
): StudyPlan {
	const byLesson = new Map(rows.map((r) => [r.lessonId, r]));
	const modules = catalog.modules.filter((m) => m.requiredForQualification);
	const required = modules.map((m): RequiredModuleStatus => {
		const progress = moduleProgress(m, byLesson);
		const hasQuiz = m.quiz !== null;
		const practicePassed = passed.has(m.id);
		return {
			slug: m.slug,
			title: localize(m.title, lang),
			lessonsDone: progress.done,
			lessonCount: progress.total,
			hasQuiz,
			practicePassed,
			complete: progress.done === progress.total && (!hasQuiz || practicePassed)
		};
	});

	let next: NextStep | null = null;
	const unfinished = modules.find((_, i) => !required[i].complete);
	if (unfinished) {
		const moduleTitle = localize(unfinished.title, lang);
		const open = lessonToOpen(unfinished, rows);
		next = open
			? {
					kind: 'lesson',
					href: `/learn/${unfinished.slug}/${open.lesson.slug}`,
					moduleTitle,
					lessonTitle: localize(open.lesson.title, lang),
					resumed: open.resumed
				}
			: { kind: 'quiz', href: `/learn/${unfinished.slug}/quiz`, moduleTitle };
	} else {
		const reading = continueReading(catalog, rows);
		if (reading) {
			next = {
				kind: 'lesson',
				href: `/learn/${reading.module.slug}/${reading.lesson.slug}`,
				moduleTitle: localize(reading.module.title, lang),
				lessonTitle: localize(reading.lesson.title, lang),
				resumed: reading.resumed
			};
		}
	}
	return { required, completeCount: required.filter((r) => r.complete).length, next };
}
