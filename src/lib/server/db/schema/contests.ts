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
	smallint,
	text,
	timestamp,
	uniqueIndex,
	uuid
} from 'drizzle-orm/pg-core';
import { users } from './auth';
import type { OrgKind } from './orgs';
import { orgUnits } from './orgs';
import { people, type Position } from './people';
import { attempts } from './quiz';

/*
 * Contests (Hội thi Bí thư chi bộ giỏi, open knowledge contests): contest → levels → rounds.
 * An online round is sat on the attempt engine (subject "round:<id>"); its questions come from the
 * contest's confidential bank, stored as `question_versions` rows with `contest_id` set (see
 * content.ts), so attempts, scoring and review work unchanged and the content sync never touches
 * them. Judged rounds (essay, situation, presentation) score into `contest_round_results.score`.
 */

export const CONTEST_KINDS = ['hoi_thi', 'open'] as const;
export type ContestKind = (typeof CONTEST_KINDS)[number];

export const CONTEST_STATUSES = ['draft', 'open', 'finished', 'archived'] as const;
export type ContestStatus = (typeof CONTEST_STATUSES)[number];

/** How candidates' names appear on published results: in full, as initials, or only as codes. */
export const PUBLISH_NAMES = ['full', 'initials', 'code'] as const;
export type PublishNames = (typeof PUBLISH_NAMES)[number];

export const contests = pgTable(
	'contests',
	{
		id: serial('id').primaryKey(),
		name: text('name').notNull(),
		year: smallint('year').notNull(),
		kind: text('kind').$type<ContestKind>().notNull(),
		/** The organizing unit: organizers whose scope covers it run the contest. */
		orgUnitId: integer('org_unit_id')
			.notNull()
			.references(() => orgUnits.id),
		/** Markdown, rendered with the lessons' sanitizer. */
		rules: text('rules').notNull().default(''),
		status: text('status').$type<ContestStatus>().notNull().default('draft'),
		publishNames: text('publish_names').$type<PublishNames>().notNull().default('full'),
		/** Open contests: any member of the organizing unit's subtree may register themselves. */
		selfRegistration: boolean('self_registration').notNull().default(false),
		createdByUserId: integer('created_by_user_id').references(() => users.id),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
		updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [index('contests_org_idx').on(t.orgUnitId), index('contests_status_idx').on(t.status)]
);

/** Every change to a contest, its levels, rounds, bank, registrations and results, with who and why. */
export const contestAuditLog = pgTable(
	'contest_audit_log',
	{
		id: bigserial('id', { mode: 'number' }).primaryKey(),
		contestId: integer('contest_id')
			.notNull()
			.references(() => contests.id, { onDelete: 'cascade' }),
		at: timestamp('at', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
		actorUserId: integer('actor_user_id').references(() => users.id),
		action: text('action').notNull(),
		targetType: text('target_type'),
		targetId: text('target_id'),
		reason: text('reason'),
		details: jsonb('details').$type<Record<string, unknown>>()
	},
	(t) => [index('contest_audit_log_contest_idx').on(t.contestId, t.at)]
);

export type AdvancementRule =
	| { mode: 'top_overall'; count: number }
	| { mode: 'top_per_unit'; count: number }
	| { mode: 'threshold'; minScore: number };

/**
 * A level (commune, district, province…). `unitKind` is the level's scope: the level runs per unit
 * of that kind inside the contest's organizing unit (each commune ranks its own candidates);
 * null runs it once for the whole organizing unit.
 */
export const contestLevels = pgTable(
	'contest_levels',
	{
		id: serial('id').primaryKey(),
		contestId: integer('contest_id')
			.notNull()
			.references(() => contests.id, { onDelete: 'cascade' }),
		name: text('name').notNull(),
		sortOrder: integer('sort_order').notNull(),
		unitKind: text('unit_kind').$type<OrgKind>(),
		advancement: jsonb('advancement').$type<AdvancementRule>(),
		advancementPublishedAt: timestamp('advancement_published_at', { withTimezone: true }),
		prizesPublishedAt: timestamp('prizes_published_at', { withTimezone: true }),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [uniqueIndex('contest_levels_order_key').on(t.contestId, t.sortOrder)]
);

export const ROUND_KINDS = ['online', 'essay', 'situation', 'presentation'] as const;
export type RoundKind = (typeof ROUND_KINDS)[number];

/** draft: organizers only; scheduled: candidates see it, the window decides; closed: no more starts. */
export const ROUND_STATUSES = ['draft', 'scheduled', 'closed'] as const;
export type RoundStatus = (typeof ROUND_STATUSES)[number];

export const RANK_KEYS = ['correct_desc', 'time_asc', 'prediction_asc', 'submitted_asc'] as const;
export type RoundRankKey = (typeof RANK_KEYS)[number];
export const DEFAULT_RANK_ORDER_VALUE: RoundRankKey[] = [
	'correct_desc',
	'time_asc',
	'prediction_asc',
	'submitted_asc'
];

/** Which of a candidate's attempts counts: the best (most correct, then fastest), then the earliest. */
/**
 * Which attempt counts when several are allowed: the most correct answers, then the fastest, then
 * the earliest (default); or the most correct, then the earliest (time taken does not matter).
 */
export const COUNTING_RULES = ['best_then_earliest', 'correct_then_earliest'] as const;
export type CountingRule = (typeof COUNTING_RULES)[number];

export type RoundDrawRule = { topic?: string; difficulty?: number; count: number };

export const contestRounds = pgTable(
	'contest_rounds',
	{
		id: serial('id').primaryKey(),
		contestId: integer('contest_id')
			.notNull()
			.references(() => contests.id, { onDelete: 'cascade' }),
		levelId: integer('level_id')
			.notNull()
			.references(() => contestLevels.id, { onDelete: 'cascade' }),
		name: text('name').notNull(),
		sortOrder: integer('sort_order').notNull(),
		kind: text('kind').$type<RoundKind>().notNull().default('online'),
		status: text('status').$type<RoundStatus>().notNull().default('draft'),
		opensAt: timestamp('opens_at', { withTimezone: true, precision: 3 }),
		closesAt: timestamp('closes_at', { withTimezone: true, precision: 3 }),
		/** Per candidate: deadline = min(start + duration + extensions, close). */
		durationSeconds: integer('duration_seconds').notNull().default(1800),
		/** null = unlimited (open contests); 1 for the Hội thi. */
		attemptsAllowed: integer('attempts_allowed').default(1),
		counting: text('counting').$type<CountingRule>().notNull().default('best_then_earliest'),
		rankOrder: jsonb('rank_order')
			.$type<RoundRankKey[]>()
			.notNull()
			.default(sql`'["correct_desc","time_asc","prediction_asc","submitted_asc"]'::jsonb`),
		/** Weight of the round's score in the level's overall ranking. */
		weight: real('weight').notNull().default(1),
		questionCount: integer('question_count').notNull().default(30),
		draw: jsonb('draw')
			.$type<RoundDrawRule[]>()
			.notNull()
			.default(sql`'[]'::jsonb`),
		multipleScoring: text('multiple_scoring')
			.$type<'all_or_nothing' | 'partial'>()
			.notNull()
			.default('all_or_nothing'),
		/** Judged rounds: the most a candidate can score. */
		maxScore: real('max_score'),
		predictionQuestion: text('prediction_question'),
		/** Essay rounds: what candidates write about (Markdown), shown when their attempt starts. */
		essayPrompt: text('essay_prompt'),
		predictionActual: integer('prediction_actual'),
		/** Key and explanations become visible to candidates from here; never before the close. */
		reviewOpensAt: timestamp('review_opens_at', { withTimezone: true, precision: 3 }),
		closedAt: timestamp('closed_at', { withTimezone: true, precision: 3 }),
		closedByUserId: integer('closed_by_user_id').references(() => users.id),
		resultsComputedAt: timestamp('results_computed_at', { withTimezone: true, precision: 3 }),
		resultsPublishedAt: timestamp('results_published_at', { withTimezone: true, precision: 3 }),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
		updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [
		index('contest_rounds_level_idx').on(t.levelId, t.sortOrder),
		index('contest_rounds_contest_idx').on(t.contestId),
		check(
			'contest_rounds_window_check',
			sql`${t.closesAt} is null or ${t.opensAt} is null or ${t.closesAt} > ${t.opensAt}`
		),
		check(
			'contest_rounds_review_check',
			sql`${t.reviewOpensAt} is null or (${t.closesAt} is not null and ${t.reviewOpensAt} >= ${t.closesAt})`
		),
		check(
			'contest_rounds_attempts_check',
			sql`${t.attemptsAllowed} is null or ${t.attemptsAllowed} >= 1`
		)
	]
);

export const REGISTRATION_SOURCES = ['unit', 'list', 'self', 'advanced'] as const;
export type RegistrationSource = (typeof REGISTRATION_SOURCES)[number];

/**
 * A candidate in a level. `orgUnitId` is the unit at registration time (moved by a unit merge, like
 * every unit reference); `candidateCode` is unique per contest, for anonymised judging.
 */
export const contestRegistrations = pgTable(
	'contest_registrations',
	{
		id: serial('id').primaryKey(),
		contestId: integer('contest_id')
			.notNull()
			.references(() => contests.id, { onDelete: 'cascade' }),
		levelId: integer('level_id')
			.notNull()
			.references(() => contestLevels.id, { onDelete: 'cascade' }),
		userId: integer('user_id')
			.notNull()
			.references(() => users.id),
		personId: integer('person_id').references(() => people.id),
		orgUnitId: integer('org_unit_id')
			.notNull()
			.references(() => orgUnits.id),
		position: text('position').$type<Position>(),
		source: text('source').$type<RegistrationSource>().notNull(),
		candidateCode: text('candidate_code').notNull(),
		registeredByUserId: integer('registered_by_user_id').references(() => users.id),
		registeredAt: timestamp('registered_at', { withTimezone: true }).notNull().defaultNow(),
		withdrawnAt: timestamp('withdrawn_at', { withTimezone: true })
	},
	(t) => [
		uniqueIndex('contest_registrations_level_user_key').on(t.levelId, t.userId),
		uniqueIndex('contest_registrations_code_key').on(t.contestId, t.candidateCode),
		index('contest_registrations_user_idx').on(t.userId),
		index('contest_registrations_unit_idx').on(t.orgUnitId)
	]
);

/** Extra minutes for one candidate in one round after an incident; reason required, never silent. */
export const contestTimeExtensions = pgTable(
	'contest_time_extensions',
	{
		id: serial('id').primaryKey(),
		roundId: integer('round_id')
			.notNull()
			.references(() => contestRounds.id, { onDelete: 'cascade' }),
		registrationId: integer('registration_id')
			.notNull()
			.references(() => contestRegistrations.id, { onDelete: 'cascade' }),
		attemptId: uuid('attempt_id').references(() => attempts.id),
		minutes: integer('minutes').notNull(),
		reason: text('reason').notNull(),
		byUserId: integer('by_user_id')
			.notNull()
			.references(() => users.id),
		at: timestamp('at', { withTimezone: true, precision: 3 }).notNull().defaultNow()
	},
	(t) => [
		index('contest_time_extensions_round_idx').on(t.roundId, t.registrationId),
		check('contest_time_extensions_minutes_check', sql`${t.minutes} > 0`)
	]
);

/** The candidate's answer to a round's prediction question, per attempt. */
export const contestPredictions = pgTable('contest_predictions', {
	attemptId: uuid('attempt_id')
		.primaryKey()
		.references(() => attempts.id, { onDelete: 'cascade' }),
	roundId: integer('round_id')
		.notNull()
		.references(() => contestRounds.id, { onDelete: 'cascade' }),
	value: integer('value').notNull(),
	savedAt: timestamp('saved_at', { withTimezone: true, precision: 3 }).notNull().defaultNow()
});

/**
 * One candidate's result in one round. Online rounds fill the counting attempt, correct answers,
 * time taken (ms, server clock), prediction and submission time; judged rounds fill `score`.
 * `rank` is computed by the round's rank order; candidates see it once `published`.
 */
export const contestRoundResults = pgTable(
	'contest_round_results',
	{
		roundId: integer('round_id')
			.notNull()
			.references(() => contestRounds.id, { onDelete: 'cascade' }),
		registrationId: integer('registration_id')
			.notNull()
			.references(() => contestRegistrations.id, { onDelete: 'cascade' }),
		attemptId: uuid('attempt_id').references(() => attempts.id),
		correct: integer('correct'),
		score: real('score'),
		maxScore: real('max_score'),
		timeTakenMs: integer('time_taken_ms'),
		prediction: integer('prediction'),
		submittedAt: timestamp('submitted_at', { withTimezone: true, precision: 3 }),
		rank: integer('rank'),
		published: boolean('published').notNull().default(false),
		computedAt: timestamp('computed_at', { withTimezone: true, precision: 3 })
			.notNull()
			.defaultNow()
	},
	(t) => [
		primaryKey({ columns: [t.roundId, t.registrationId] }),
		index('contest_round_results_rank_idx').on(t.roundId, t.rank)
	]
);

/** Whether a candidate advances from a level; manual changes carry a reason and who made them. */
export const contestAdvancements = pgTable(
	'contest_advancements',
	{
		levelId: integer('level_id')
			.notNull()
			.references(() => contestLevels.id, { onDelete: 'cascade' }),
		registrationId: integer('registration_id')
			.notNull()
			.references(() => contestRegistrations.id, { onDelete: 'cascade' }),
		overallRank: integer('overall_rank'),
		overallScore: real('overall_score'),
		advanced: boolean('advanced').notNull(),
		manual: boolean('manual').notNull().default(false),
		reason: text('reason'),
		byUserId: integer('by_user_id').references(() => users.id),
		at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
		/** The registration made in the next level when the advancement was published. */
		nextRegistrationId: integer('next_registration_id').references(() => contestRegistrations.id)
	},
	(t) => [
		primaryKey({ columns: [t.levelId, t.registrationId] }),
		check(
			'contest_advancements_manual_reason_check',
			sql`not ${t.manual} or ${t.reason} is not null`
		)
	]
);

/** Prize bands of a level, in order (Nhất, Nhì, Ba, Khuyến khích; or A, B, C), with their counts. */
export const contestPrizeBands = pgTable(
	'contest_prize_bands',
	{
		id: serial('id').primaryKey(),
		levelId: integer('level_id')
			.notNull()
			.references(() => contestLevels.id, { onDelete: 'cascade' }),
		name: text('name').notNull(),
		sortOrder: integer('sort_order').notNull(),
		count: integer('count').notNull()
	},
	(t) => [uniqueIndex('contest_prize_bands_order_key').on(t.levelId, t.sortOrder)]
);

export const contestAwards = pgTable(
	'contest_awards',
	{
		levelId: integer('level_id')
			.notNull()
			.references(() => contestLevels.id, { onDelete: 'cascade' }),
		registrationId: integer('registration_id')
			.notNull()
			.references(() => contestRegistrations.id, { onDelete: 'cascade' }),
		bandId: integer('band_id')
			.notNull()
			.references(() => contestPrizeBands.id, { onDelete: 'cascade' }),
		rank: integer('rank'),
		certificateNo: text('certificate_no'),
		awardedAt: timestamp('awarded_at', { withTimezone: true }).notNull().defaultNow(),
		byUserId: integer('by_user_id').references(() => users.id)
	},
	(t) => [primaryKey({ columns: [t.levelId, t.registrationId] })]
);

/**
 * An organizer's change to one candidate's prize (a band, or none), with the reason. Kept apart
 * from the awards so that computing the awards again applies it again instead of losing it.
 */
export const contestAwardOverrides = pgTable(
	'contest_award_overrides',
	{
		levelId: integer('level_id')
			.notNull()
			.references(() => contestLevels.id, { onDelete: 'cascade' }),
		registrationId: integer('registration_id')
			.notNull()
			.references(() => contestRegistrations.id, { onDelete: 'cascade' }),
		/** null: no prize. */
		bandId: integer('band_id').references(() => contestPrizeBands.id),
		reason: text('reason').notNull(),
		byUserId: integer('by_user_id').references(() => users.id),
		at: timestamp('at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [primaryKey({ columns: [t.levelId, t.registrationId] })]
);

export const INCIDENT_KINDS = [
	'autosave_failed',
	'disconnected',
	'reconnected',
	'time_extended',
	'candidate_report',
	'other'
] as const;
export type IncidentKind = (typeof INCIDENT_KINDS)[number];

/**
 * Incidents during a round, written by any app instance; the live monitor reads them (and the
 * attempt counts) from the database, polling by `id` or woken by NOTIFY, never from memory.
 */
export const contestIncidents = pgTable(
	'contest_incidents',
	{
		id: bigserial('id', { mode: 'number' }).primaryKey(),
		roundId: integer('round_id')
			.notNull()
			.references(() => contestRounds.id, { onDelete: 'cascade' }),
		userId: integer('user_id')
			.notNull()
			.references(() => users.id),
		attemptId: uuid('attempt_id').references(() => attempts.id),
		kind: text('kind').$type<IncidentKind>().notNull(),
		details: jsonb('details').$type<Record<string, unknown>>(),
		at: timestamp('at', { withTimezone: true, precision: 3 }).notNull().defaultNow()
	},
	(t) => [index('contest_incidents_round_idx').on(t.roundId, t.id)]
);

/** A question read from an organizer's bank file, normalized, between preview and commit. */
export type BankImportQuestion = {
	at: number;
	key: string;
	kind: 'single' | 'multiple' | 'true_false';
	topic: string;
	difficulty: number;
	stem: string;
	options: { text: string; checked: boolean }[];
	explanation: string;
};
export type BankImportProblem = { at: number; message: string };

/**
 * An uploaded bank file between preview and commit. It holds confidential questions: readable by
 * its owner only (re-checked against the contest's scope at commit), cleared once committed.
 */
export const contestBankImports = pgTable(
	'contest_bank_imports',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		contestId: integer('contest_id')
			.notNull()
			.references(() => contests.id, { onDelete: 'cascade' }),
		ownerUserId: integer('owner_user_id')
			.notNull()
			.references(() => users.id),
		fileName: text('file_name').notNull(),
		format: text('format').$type<'markdown' | 'gift' | 'aiken' | 'table'>().notNull(),
		unit: text('unit').$type<'line' | 'row'>().notNull().default('line'),
		questions: jsonb('questions').$type<BankImportQuestion[]>().notNull(),
		problems: jsonb('problems').$type<BankImportProblem[]>().notNull(),
		status: text('status').$type<'pending' | 'committed'>().notNull().default('pending'),
		result: jsonb('result').$type<{ added: number; updated: number; unchanged: number }>(),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
		expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
		committedAt: timestamp('committed_at', { withTimezone: true })
	},
	(t) => [index('contest_bank_imports_owner_idx').on(t.ownerUserId, t.createdAt)]
);

export type Contest = typeof contests.$inferSelect;
export type ContestLevel = typeof contestLevels.$inferSelect;
export type ContestRound = typeof contestRounds.$inferSelect;
export type ContestRegistration = typeof contestRegistrations.$inferSelect;
export type ContestRoundResult = typeof contestRoundResults.$inferSelect;
