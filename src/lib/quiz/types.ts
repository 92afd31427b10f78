/** Shapes the quiz pages receive. Nothing here may carry an answer key before an attempt is finished. */

/**
 * What the autosave endpoint says of one answer. saved: stored now; stale: a newer (or the same)
 * save was already stored, its values attached; invalid: no such question, an option it does not
 * have, or a sequence number further ahead of the stored one than the server allows (`seq` is
 * then the stored one).
 */
export type SaveResult = {
	position: number;
	status: 'saved' | 'stale' | 'invalid';
	seq: number;
	selected?: number[] | null;
	flagged?: boolean;
	/** An essay question's stored text (stale saves only). */
	text?: string;
};

export type QuestionKindName = 'single' | 'multiple' | 'true_false' | 'essay';
export type ReviewMode = 'none' | 'score' | 'answers' | 'full';

/** A question as the learner sees it while taking: options by their position as shown. */
export type TakingQuestion = {
	position: number;
	kind: QuestionKindName;
	/** Sanitized HTML (rendered from the question's Markdown on the server). */
	stemHtml: string;
	/** Sanitized HTML of each option, in the order shown. */
	optionsHtml: string[];
	selected: number[];
	/** An essay question's text as stored (null for choice questions). */
	text: string | null;
	flagged: boolean;
	seq: number;
};

export type TakingView = {
	id: string;
	kind: 'practice' | 'review' | 'contest';
	title: string;
	moduleSlug: string | null;
	startedAt: string;
	deadline: string;
	/** The server's clock when the page was made, for the countdown's offset. */
	serverNow: string;
	questions: TakingQuestion[];
};

export type TopicScore = {
	topic: string;
	/** The topic's title from the module, or its id when the module no longer names it. */
	title: string;
	points: number;
	maxPoints: number;
	questions: number;
};

export type ResultQuestion = {
	position: number;
	kind: QuestionKindName;
	/** Sanitized HTML, like the option texts and the explanation. */
	stemHtml: string;
	points: number;
	options: { html: string; chosen: boolean; correct: boolean }[];
	explanationHtml?: string;
	sources?: { label: string; locator?: string; url?: string }[];
};

export type ResultView = {
	id: string;
	kind: 'practice' | 'review' | 'contest';
	title: string;
	moduleSlug: string | null;
	finishReason: 'submitted' | 'deadline';
	startedAt: string;
	finishedAt: string;
	review: ReviewMode;
	passed: boolean;
	passPercent: number;
	/** Absent when the quiz's review setting is "none". */
	score?: { score: number; maxScore: number; percent: number; byTopic: TopicScore[] };
	/** Present when the review setting shows answers ("answers" or "full"). */
	questions?: ResultQuestion[];
	mistakes: number;
};

export type AttemptHistoryItem = {
	id: string;
	attemptNo: number;
	status: 'in_progress' | 'finished';
	startedAt: string;
	finishedAt: string | null;
	finishReason: 'submitted' | 'deadline' | null;
	percent: number | null;
	passed: boolean | null;
};

/** What a module page shows about its practice quiz. */
export type QuizSummary = {
	moduleSlug: string;
	questionCount: number;
	timeLimitSeconds: number;
	passPercent: number;
	attemptsUsed: number;
	attemptsAllowed: number | null;
	attemptsLeft: number | null;
	bestPercent: number | null;
	passed: boolean;
	passedAt: string | null;
	openAttemptId: string | null;
};
