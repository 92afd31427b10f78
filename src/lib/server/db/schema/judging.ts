import { sql } from 'drizzle-orm';
import {
	bigserial,
	boolean,
	check,
	index,
	integer,
	jsonb,
	pgTable,
	primaryKey,
	real,
	serial,
	text,
	timestamp,
	uniqueIndex
} from 'drizzle-orm/pg-core';
import { users } from './auth';
import { contestRegistrations, contestRounds, contests } from './contests';

/*
 * Judged rounds (essay, situation, presentation) of a contest: the situation card bank, a rubric
 * and a panel per round, judges' scores with their change log, the draw by lot and the hall's
 * stage (current finalist, timers, lock, reveal). See src/lib/server/judging/README.md.
 */

/** A round score from the judges' totals: the mean, or the mean without the highest and lowest (≥ 5 judges). */
export const AGGREGATIONS = ['mean', 'trimmed'] as const;
export type Aggregation = (typeof AGGREGATIONS)[number];

/** The projector shows judges' totals as they arrive, or only once every judge has scored. */
export const PROJECTOR_SCORES = ['live', 'all_in'] as const;
export type ProjectorScores = (typeof PROJECTOR_SCORES)[number];

export const STAGE_PHASES = ['idle', 'presenting', 'drawn', 'scoring', 'revealed'] as const;
export type StagePhase = (typeof STAGE_PHASES)[number];

export const TIMER_KINDS = ['prep', 'answer', 'slot'] as const;
export type TimerKind = (typeof TIMER_KINDS)[number];

// Columns several tables share.
const roundRef = () =>
	integer('round_id')
		.notNull()
		.references(() => contestRounds.id, { onDelete: 'cascade' });
const registrationRef = () =>
	integer('registration_id')
		.notNull()
		.references(() => contestRegistrations.id, { onDelete: 'cascade' });
const judgeRef = () =>
	integer('judge_user_id')
		.notNull()
		.references(() => users.id);
/** A moment, to the millisecond. */
const instant = (name: string) => timestamp(name, { withTimezone: true, precision: 3 });
/** A sheet's points per criterion id and their total. */
const sheetColumns = () => ({
	points: jsonb('points').$type<Record<string, number>>().notNull(),
	total: real('total').notNull()
});

/**
 * A situation card of a contest's confidential bank: readable by the contest's organizers only,
 * shown to the hall (projector) once drawn; never listed to candidates or judges beforehand.
 */
export const situationCards = pgTable(
	'situation_cards',
	{
		id: serial('id').primaryKey(),
		contestId: integer('contest_id')
			.notNull()
			.references(() => contests.id, { onDelete: 'cascade' }),
		title: text('title').notNull(),
		/** Markdown, rendered with the lessons' sanitizer. */
		body: text('body').notNull(),
		/** What judges look for (Markdown). */
		guidingPoints: text('guiding_points').notNull().default(''),
		criteria: text('criteria').notNull().default(''),
		createdByUserId: integer('created_by_user_id').references(() => users.id),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
		/** Retired cards are no longer drawn; draws that showed them keep pointing at them. */
		retiredAt: timestamp('retired_at', { withTimezone: true })
	},
	(t) => [index('situation_cards_contest_idx').on(t.contestId)]
);

/** A judged round's settings and its stage in the hall (one row per judged round). */
export const judgedRounds = pgTable('judged_rounds', {
	roundId: integer('round_id')
		.primaryKey()
		.references(() => contestRounds.id, { onDelete: 'cascade' }),
	aggregation: text('aggregation').$type<Aggregation>().notNull().default('trimmed'),
	/** Judges' totals further apart than this (points) are listed for the organizer before locking. */
	disagreementThreshold: real('disagreement_threshold').notNull().default(10),
	projectorScores: text('projector_scores').$type<ProjectorScores>().notNull().default('all_in'),
	/** Situation draws: a card drawn in this round is not drawn again. */
	noRepeat: boolean('no_repeat').notNull().default(true),
	prepSeconds: integer('prep_seconds').notNull().default(120),
	answerSeconds: integer('answer_seconds').notNull().default(300),
	// The stage: who is on, which phase, the running timer.
	currentRegistrationId: integer('current_registration_id').references(
		() => contestRegistrations.id
	),
	phase: text('phase').$type<StagePhase>().notNull().default('idle'),
	timerKind: text('timer_kind').$type<TimerKind>(),
	timerEndsAt: instant('timer_ends_at'),
	/** Bumped by every stage change, so the projector stream notices any change. */
	stageVersion: integer('stage_version').notNull().default(0),
	lockedAt: instant('locked_at'),
	lockedByUserId: integer('locked_by_user_id').references(() => users.id),
	revealedAt: instant('revealed_at'),
	updatedAt: instant('updated_at').notNull().defaultNow()
});

/** A rubric criterion of a judged round: at most `maxPoints`, with descriptors for the judges. */
export const rubricCriteria = pgTable(
	'rubric_criteria',
	{
		id: serial('id').primaryKey(),
		roundId: roundRef(),
		sortOrder: integer('sort_order').notNull(),
		name: text('name').notNull(),
		maxPoints: real('max_points').notNull(),
		descriptors: text('descriptors').notNull().default('')
	},
	(t) => [
		uniqueIndex('rubric_criteria_order_key').on(t.roundId, t.sortOrder),
		check('rubric_criteria_max_check', sql`${t.maxPoints} > 0`)
	]
);

/**
 * A judge on a round's panel. `allowOwnUnit`: the organizer lets this judge score candidates of
 * their own unit (logged in the contest's audit trail).
 */
export const judgePanel = pgTable(
	'judge_panel',
	{
		roundId: roundRef(),
		userId: integer('user_id')
			.notNull()
			.references(() => users.id),
		allowOwnUnit: boolean('allow_own_unit').notNull().default(false),
		addedByUserId: integer('added_by_user_id').references(() => users.id),
		addedAt: timestamp('added_at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [
		primaryKey({ columns: [t.roundId, t.userId] }),
		index('judge_panel_user_idx').on(t.userId)
	]
);

/** One judge's score sheet for one candidate: points per criterion id, their total, a comment. */
export const judgeScores = pgTable(
	'judge_scores',
	{
		roundId: roundRef(),
		registrationId: registrationRef(),
		judgeUserId: judgeRef(),
		...sheetColumns(),
		comment: text('comment').notNull().default(''),
		/** 1 for the first submission, +1 per correction. */
		revision: integer('revision').notNull().default(1),
		/** The phone's id for this submission: a queued resend of the same sheet changes nothing. */
		clientId: text('client_id'),
		submittedAt: instant('submitted_at').notNull(),
		updatedAt: instant('updated_at').notNull()
	},
	(t) => [primaryKey({ columns: [t.roundId, t.registrationId, t.judgeUserId] })]
);

/** Every submission and correction of a score sheet, as it was (the audit of scores). */
export const judgeScoreChanges = pgTable(
	'judge_score_changes',
	{
		id: bigserial('id', { mode: 'number' }).primaryKey(),
		roundId: roundRef(),
		registrationId: registrationRef(),
		judgeUserId: judgeRef(),
		revision: integer('revision').notNull(),
		...sheetColumns(),
		comment: text('comment').notNull(),
		at: instant('at').notNull()
	},
	(t) => [index('judge_score_changes_round_idx').on(t.roundId, t.registrationId)]
);

/**
 * A finalist's draw of a situation card: the pool it was drawn from (card ids, ascending), the
 * seed (hex, from crypto) and the card; `pickFromPool(pool, seed)` gives the card again.
 */
export const situationDraws = pgTable(
	'situation_draws',
	{
		id: serial('id').primaryKey(),
		roundId: roundRef(),
		registrationId: registrationRef(),
		cardId: integer('card_id')
			.notNull()
			.references(() => situationCards.id),
		seed: text('seed').notNull(),
		pool: jsonb('pool').$type<number[]>().notNull(),
		byUserId: integer('by_user_id').references(() => users.id),
		at: instant('at').notNull()
	},
	(t) => [uniqueIndex('situation_draws_round_candidate_key').on(t.roundId, t.registrationId)]
);

export type SituationCard = typeof situationCards.$inferSelect;
export type JudgedRound = typeof judgedRounds.$inferSelect;
export type RubricCriterion = typeof rubricCriteria.$inferSelect;
export type JudgeScore = typeof judgeScores.$inferSelect;
