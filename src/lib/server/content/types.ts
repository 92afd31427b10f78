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

export const SOURCE_STATUSES = ['in_force', 'review', 'superseded', 'unverified'] as const;
/**
 * `review`: still cited, but a newer document on the same subject exists or its replacement was
 * ordered (`see` names them); keys should move to the newer document by `reviewUntil`.
 */
export type SourceStatus = (typeof SOURCE_STATUSES)[number];

export const QUESTION_TESTS = ['recall', 'apply', 'analyse'] as const;
/** What a question tests: remembering a rule, applying it to a case, or judging a situation. */
export type QuestionTests = (typeof QUESTION_TESTS)[number];

/** An editorial research link: where something was confirmed. Never shown to readers. */
export type EvidenceLink = { url: string; what: string };

/** One document of `sources.yml`. */
export type SourceEntry = {
	id: string;
	kind: 'document' | 'article';
	number: string;
	/** As precisely as confirmed: YYYY-MM-DD, YYYY-MM or YYYY; null when not even the year is. */
	issued: string | null;
	issuer: LocalizedText;
	title: LocalizedText;
	status: SourceStatus;
	supersededBy: string | null;
	/** For `review`: the newer documents, or the document ordering the replacement. */
	see: string[];
	/** For `review`: one plain sentence for readers. */
	reviewNote: LocalizedText | null;
	/** For `review`: after this day a key resting only on it is an error (YYYY-MM-DD). */
	reviewUntil: string | null;
	/** The one reader-facing link: a page that confirms the document. */
	url: string | null;
	checked: string | null;
	/** Editorial (authors and /content-review only). */
	note: LocalizedText | null;
	/** Editorial research links. */
	evidence: EvidenceLink[];
	line: number;
	/** Line of each field, for findings that point at one field. */
	fieldLines: Record<string, number>;
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
	/** What the question tests; null while untagged. */
	tests: QuestionTests | null;
	/** A deliberate repeat of this other question (the near-duplicate check accepts the pair). */
	repeatOf: string | null;
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
	situations: SituationCard[];
	hash: string;
};

export type RubricCriterion = { id: string; title: LocalizedText; max: number };

/** A worked situation (content/situations/): what happened, the guiding points, the rubric. */
export type SituationCard = {
	id: string;
	slug: string;
	order: number;
	files: { vi: string; en: string | null };
	title: LocalizedText;
	moduleIds: string[];
	difficulty: number;
	citations: PlacedCitation[];
	criteria: RubricCriterion[];
	/** Sanitized HTML of the two sections, per language. */
	situation: { vi: string; en: string | null };
	guidance: { vi: string; en: string | null };
	/** Plain text of the guiding points, for a contest's marking sheet. */
	guidanceText: LocalizedText;
	hash: string;
};
