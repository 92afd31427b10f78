import { sql } from 'drizzle-orm';
import {
	boolean,
	foreignKey,
	index,
	integer,
	jsonb,
	pgTable,
	primaryKey,
	real,
	smallint,
	text,
	timestamp,
	uniqueIndex,
	uuid
} from 'drizzle-orm/pg-core';
import { users } from './auth';
import { modules, questionVersions, type QuestionKind, type QuizConfig } from './content';

export const ATTEMPT_KINDS = ['practice', 'review', 'contest'] as const;
export type AttemptKind = (typeof ATTEMPT_KINDS)[number];
export type AttemptStatus = 'in_progress' | 'finished';
export type FinishReason = 'submitted' | 'deadline';

/**
 * One sitting of a timed test. `deadline` is fixed at start (start + limit, capped by the window
 * close) on the server's clock; the client never supplies time or scores.
 *
 * `subject` names what is being sat ("module:<id>", "round:<id>", "review"); `attemptNo` counts
 * a user's attempts at it. The unique (user, subject, attemptNo) index is what makes concurrent
 * starts create one attempt, and at most one attempt per user and subject is ever in progress.
 */
export const attempts = pgTable(
	'attempts',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		userId: integer('user_id')
			.notNull()
			.references(() => users.id),
		kind: text('kind').$type<AttemptKind>().notNull(),
		subject: text('subject').notNull(),
		attemptNo: integer('attempt_no').notNull(),
		moduleId: text('module_id').references(() => modules.id),
		roundId: integer('round_id'),
		config: jsonb('config').$type<QuizConfig>().notNull(),
		seed: text('seed').notNull(),
		status: text('status').$type<AttemptStatus>().notNull().default('in_progress'),
		startedAt: timestamp('started_at', { withTimezone: true, precision: 3 }).notNull(),
		deadline: timestamp('deadline', { withTimezone: true, precision: 3 }).notNull(),
		finishedAt: timestamp('finished_at', { withTimezone: true, precision: 3 }),
		finishReason: text('finish_reason').$type<FinishReason>(),
		score: real('score'),
		maxScore: real('max_score'),
		passed: boolean('passed')
	},
	(t) => [
		uniqueIndex('attempts_user_subject_no_key').on(t.userId, t.subject, t.attemptNo),
		uniqueIndex('attempts_one_open_key')
			.on(t.userId, t.subject)
			.where(sql`status = 'in_progress'`),
		index('attempts_user_module_idx').on(t.userId, t.moduleId),
		index('attempts_round_idx')
			.on(t.roundId, t.status)
			.where(sql`round_id is not null`),
		index('attempts_open_deadline_idx')
			.on(t.deadline)
			.where(sql`status = 'in_progress'`)
	]
);

/**
 * The snapshot of what an attempt showed: which question version at which position, and its
 * options in the order shown. The browser only ever sees option positions (indices into
 * `optionOrder`), never option ids, so nothing it receives hints at the authored order or the key.
 * `selected` holds those indices; `seq` is the sequence number of the save that wrote them.
 * An essay question (kind `essay`) has no options: its answer is `answerText`, written by the same
 * autosave under the same sequence number, and never scored by the engine (judges score it).
 */
export const attemptQuestions = pgTable(
	'attempt_questions',
	{
		attemptId: uuid('attempt_id')
			.notNull()
			.references(() => attempts.id, { onDelete: 'cascade' }),
		position: smallint('position').notNull(),
		questionKey: text('question_key').notNull(),
		questionVersion: integer('question_version').notNull(),
		kind: text('kind').$type<QuestionKind>().notNull(),
		optionOrder: jsonb('option_order').$type<string[]>().notNull(),
		selected: jsonb('selected').$type<number[]>(),
		answerText: text('answer_text'),
		seq: integer('seq').notNull().default(0),
		flagged: boolean('flagged').notNull().default(false),
		savedAt: timestamp('saved_at', { withTimezone: true, precision: 3 }),
		points: real('points')
	},
	(t) => [
		primaryKey({ columns: [t.attemptId, t.position] }),
		foreignKey({
			columns: [t.questionKey, t.questionVersion],
			foreignColumns: [questionVersions.key, questionVersions.version]
		})
	]
);

/**
 * Leitner boxes for a learner's mistakes ("practise my mistakes"). A wrong answer puts the
 * question in box 1; each right answer in a review session moves it up a box, with a longer wait
 * before it is due again; a right answer in the last box masters it.
 */
export const reviewCards = pgTable(
	'review_cards',
	{
		userId: integer('user_id')
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		questionKey: text('question_key').notNull(),
		moduleId: text('module_id').references(() => modules.id),
		box: smallint('box').notNull().default(1),
		dueAt: timestamp('due_at', { withTimezone: true }).notNull(),
		lapses: integer('lapses').notNull().default(0),
		masteredAt: timestamp('mastered_at', { withTimezone: true }),
		updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [
		primaryKey({ columns: [t.userId, t.questionKey] }),
		index('review_cards_due_idx').on(t.userId, t.dueAt)
	]
);

export type Attempt = typeof attempts.$inferSelect;
export type AttemptQuestion = typeof attemptQuestions.$inferSelect;
export type ReviewCard = typeof reviewCards.$inferSelect;
