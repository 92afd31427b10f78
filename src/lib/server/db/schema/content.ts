import { sql } from 'drizzle-orm';
import {
	boolean,
	index,
	integer,
	jsonb,
	pgTable,
	check,
	primaryKey,
	smallint,
	text,
	timestamp,
	date
} from 'drizzle-orm/pg-core';
import { users } from './auth';
import { contests } from './contests';

export type LocalizedText = { vi: string; en?: string };
export type SourceCitation = { source: string; locator?: string };

/** Registered source documents (content/sources.yml), synced so pages can show their status. */
export const sources = pgTable('sources', {
	id: text('id').primaryKey(),
	number: text('number').notNull(),
	/** As published: a full date (2025-08-30) or only a year (2018) when the day is not confirmed;
	 * null when not even the year is confirmed. */
	issued: text('issued'),
	kind: text('kind').$type<'document' | 'article'>().notNull().default('document'),
	issuer: jsonb('issuer').$type<LocalizedText>().notNull(),
	title: jsonb('title').$type<LocalizedText>().notNull(),
	status: text('status').$type<'in_force' | 'review' | 'superseded' | 'unverified'>().notNull(),
	supersededBy: text('superseded_by'),
	url: text('url'),
	checkedOn: date('checked_on'),
	note: jsonb('note').$type<LocalizedText>(),
	syncedAt: timestamp('synced_at', { withTimezone: true }).notNull().defaultNow()
});

export const QUIZ_REVIEW_MODES = ['none', 'score', 'answers', 'full'] as const;
export type QuizReviewMode = (typeof QUIZ_REVIEW_MODES)[number];

/** Practice quiz settings from a module's frontmatter. */
export type QuizConfig = {
	questionCount: number;
	timeLimitSeconds: number;
	passPercent: number;
	attemptsAllowed: number | null;
	review: QuizReviewMode;
	multipleScoring: 'all_or_nothing' | 'partial';
	draw: { topic?: string; difficulty?: number; count: number }[];
};

export const modules = pgTable('modules', {
	id: text('id').primaryKey(),
	slug: text('slug').notNull(),
	sortOrder: integer('sort_order').notNull(),
	title: jsonb('title').$type<LocalizedText>().notNull(),
	summary: jsonb('summary').$type<LocalizedText>().notNull(),
	estimatedMinutes: integer('estimated_minutes').notNull(),
	requiredForQualification: boolean('required_for_qualification').notNull().default(false),
	quiz: jsonb('quiz').$type<QuizConfig>(),
	contentVersion: text('content_version').notNull(),
	contentDate: date('content_date').notNull(),
	contentHash: text('content_hash').notNull(),
	retiredAt: timestamp('retired_at', { withTimezone: true }),
	syncedAt: timestamp('synced_at', { withTimezone: true }).notNull().defaultNow()
});

export const lessons = pgTable(
	'lessons',
	{
		id: text('id').primaryKey(),
		moduleId: text('module_id')
			.notNull()
			.references(() => modules.id),
		slug: text('slug').notNull(),
		sortOrder: integer('sort_order').notNull(),
		title: jsonb('title').$type<LocalizedText>().notNull(),
		contentHash: text('content_hash').notNull(),
		retiredAt: timestamp('retired_at', { withTimezone: true }),
		syncedAt: timestamp('synced_at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [index('lessons_module_idx').on(t.moduleId)]
);

export const QUESTION_KINDS = ['single', 'multiple', 'true_false', 'essay'] as const;
/**
 * `essay`: a written answer (no options, no key), scored by judges, never by the engine. Only an
 * essay round's prompt is one (`../../contests/essay-prompt.ts`); content banks hold choice kinds.
 */
export type QuestionKind = (typeof QUESTION_KINDS)[number];
export type ChoiceKind = Exclude<QuestionKind, 'essay'>;
export type QuestionOption = { id: string; text: LocalizedText };

/**
 * Every version of every practice question. A content edit adds a version (new hash); rows are
 * never rewritten, so attempts keep pointing at exactly what was shown. `correct` holds option ids
 * and must never be sent to a browser before the attempt is finished.
 *
 * A row belongs to a module (content/, synced) or to a contest's confidential bank (`contestId`,
 * imported by its organizers, key "c<contestId>:<key>"). The content sync only ever reads and
 * retires module rows; bank rows are read by the contest module alone.
 */
export const questionVersions = pgTable(
	'question_versions',
	{
		key: text('key').notNull(),
		version: integer('version').notNull(),
		hash: text('hash').notNull(),
		moduleId: text('module_id').references(() => modules.id),
		contestId: integer('contest_id').references(() => contests.id),
		kind: text('kind').$type<QuestionKind>().notNull(),
		topic: text('topic').notNull(),
		difficulty: smallint('difficulty').notNull(),
		/** What the question tests (recall, apply, analyse), for item analysis; null when untagged. */
		tests: text('tests').$type<'recall' | 'apply' | 'analyse'>(),
		stem: jsonb('stem').$type<LocalizedText>().notNull(),
		options: jsonb('options').$type<QuestionOption[]>().notNull(),
		correct: jsonb('correct').$type<string[]>().notNull(),
		explanation: jsonb('explanation').$type<LocalizedText>().notNull(),
		sources: jsonb('sources').$type<SourceCitation[]>().notNull(),
		isCurrent: boolean('is_current').notNull().default(true),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [
		primaryKey({ columns: [t.key, t.version] }),
		index('question_versions_module_idx').on(t.moduleId, t.isCurrent),
		index('question_versions_contest_idx').on(t.contestId, t.isCurrent),
		check('question_versions_owner_check', sql`(${t.moduleId} is null) <> (${t.contestId} is null)`)
	]
);

/** A learner's reading progress per lesson; `contentHash` is the version they completed. */
export const lessonProgress = pgTable(
	'lesson_progress',
	{
		userId: integer('user_id')
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		lessonId: text('lesson_id')
			.notNull()
			.references(() => lessons.id),
		moduleId: text('module_id').notNull(),
		position: integer('position').notNull().default(0),
		contentHash: text('content_hash'),
		completedAt: timestamp('completed_at', { withTimezone: true }),
		updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [
		primaryKey({ columns: [t.userId, t.lessonId] }),
		index('lesson_progress_user_module_idx').on(t.userId, t.moduleId)
	]
);
