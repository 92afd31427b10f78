import {
	boolean,
	index,
	integer,
	jsonb,
	pgTable,
	primaryKey,
	real,
	smallint,
	text,
	timestamp,
	uuid,
	foreignKey
} from 'drizzle-orm/pg-core';
import { users } from './auth';
import { modules, questionVersions, type QuizConfig } from './content';

export const ATTEMPT_KINDS = ['practice', 'review', 'contest'] as const;
export type AttemptKind = (typeof ATTEMPT_KINDS)[number];
export type AttemptStatus = 'in_progress' | 'finished';
export type FinishReason = 'submitted' | 'deadline';

/**
 * One sitting of a timed test. `deadline` is fixed at start (start + limit, capped by the window
 * close) on the server's clock; the client never supplies time or scores.
 */
export const attempts = pgTable(
	'attempts',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		userId: integer('user_id')
			.notNull()
			.references(() => users.id),
		kind: text('kind').$type<AttemptKind>().notNull(),
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
		index('attempts_user_module_idx').on(t.userId, t.moduleId),
		index('attempts_open_deadline_idx').on(t.status, t.deadline)
	]
);

/** The snapshot of what an attempt showed: which question version, in which order, options in which order. */
export const attemptQuestions = pgTable(
	'attempt_questions',
	{
		attemptId: uuid('attempt_id')
			.notNull()
			.references(() => attempts.id, { onDelete: 'cascade' }),
		position: smallint('position').notNull(),
		questionKey: text('question_key').notNull(),
		questionVersion: integer('question_version').notNull(),
		optionOrder: jsonb('option_order').$type<string[]>().notNull(),
		selected: jsonb('selected').$type<string[]>(),
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

/** Leitner boxes for a learner's mistakes ("practise my mistakes"). */
export const reviewCards = pgTable(
	'review_cards',
	{
		userId: integer('user_id')
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		questionKey: text('question_key').notNull(),
		box: smallint('box').notNull().default(1),
		dueAt: timestamp('due_at', { withTimezone: true }).notNull(),
		lapses: integer('lapses').notNull().default(0),
		updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [
		primaryKey({ columns: [t.userId, t.questionKey] }),
		index('review_cards_due_idx').on(t.userId, t.dueAt)
	]
);
