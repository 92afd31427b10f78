import type {
	LocalizedText,
	QuestionKind,
	QuestionOption,
	QuizConfig,
	SourceCitation
} from '../db/schema/content';

export type { LocalizedText, QuestionKind, QuestionOption, QuizConfig, SourceCitation };

export const CONTENT_LANGUAGES = ['vi', 'en'] as const;
export type ContentLanguage = (typeof CONTENT_LANGUAGES)[number];

export type SourceStatus = 'in_force' | 'superseded' | 'unverified';

/** One document of `sources.yml`. */
export type SourceEntry = {
	id: string;
	kind: 'document' | 'article';
	number: string;
	issued: string;
	issuer: LocalizedText;
	title: LocalizedText;
	status: SourceStatus;
	supersededBy: string | null;
	url: string | null;
	checked: string | null;
	note: LocalizedText | null;
	line: number;
};

/** A citation with the place it was written, for error messages and review lists. */
export type PlacedCitation = SourceCitation & { file: string; line: number };

export type TocEntry = { id: string; text: string; depth: number };

/** A lesson (or module intro) rendered once per process: sanitized HTML plus what the reader needs. */
export type RenderedDocument = {
	html: string;
	toc: TocEntry[];
	/** Plain text, for search and reading time. */
	text: string;
	words: number;
	minutes: number;
};

export type LessonEntry = {
	id: string;
	slug: string;
	order: number;
	moduleId: string;
	files: { vi: string; en: string | null };
	title: LocalizedText;
	citations: PlacedCitation[];
	hash: string;
	rendered: { vi: RenderedDocument; en: RenderedDocument | null };
};

export type QuestionEntry = {
	key: string;
	moduleId: string;
	kind: QuestionKind;
	topic: string;
	difficulty: number;
	historical: boolean;
	stem: LocalizedText;
	options: QuestionOption[];
	/** Option ids of the key. Never sent to a browser before an attempt is finished. */
	correct: string[];
	explanation: LocalizedText;
	citations: PlacedCitation[];
	file: string;
	line: number;
	hash: string;
};

export type TopicEntry = { id: string; title: LocalizedText };

export type ImageAsset = { bytes: Uint8Array; contentType: string; hash: string };

export type ModuleEntry = {
	id: string;
	slug: string;
	folder: string;
	file: string;
	order: number;
	title: LocalizedText;
	summary: LocalizedText;
	estimatedMinutes: number;
	objectives: { vi: string[]; en?: string[] };
	topics: TopicEntry[];
	citations: PlacedCitation[];
	requiredForQualification: boolean;
	contentVersion: string;
	contentDate: string;
	quiz: QuizConfig | null;
	/** The optional text under module.md's frontmatter (written once, in Vietnamese). */
	intro: RenderedDocument | null;
	lessons: LessonEntry[];
	questions: QuestionEntry[];
	/** Images under `images/`, keyed by their path relative to the module folder. */
	images: Map<string, ImageAsset>;
	hash: string;
};

export type LoadedContent = {
	root: string;
	sources: Map<string, SourceEntry>;
	modules: ModuleEntry[];
	hash: string;
};
