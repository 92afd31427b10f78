import {
	bigserial,
	customType,
	date,
	index,
	integer,
	jsonb,
	pgTable,
	primaryKey,
	serial,
	smallint,
	text,
	timestamp,
	uniqueIndex
} from 'drizzle-orm/pg-core';
import { orgUnits } from './orgs';
import { people, type TheoryLevel } from './people';
import type { QualificationStatus, Reason } from '../../qualification/rules';

/**
 * One version of a province's qualification rule (qualification/README.md). Versions are only
 * added, never changed: each applies from `effectiveFrom` (a Vietnamese calendar day) until the
 * next one, so past results keep the rule they were earned under.
 */
export const qualificationRuleVersions = pgTable(
	'qualification_rule_versions',
	{
		id: serial('id').primaryKey(),
		/** The province (root unit) the rule applies to. */
		orgUnitId: integer('org_unit_id')
			.notNull()
			.references(() => orgUnits.id),
		effectiveFrom: date('effective_from', { mode: 'string' }).notNull(),
		requiredModules: jsonb('required_modules').$type<string[]>().notNull(),
		passPercent: smallint('pass_percent').notNull(),
		validityYears: smallint('validity_years').notNull(),
		minTheoryLevel: text('min_theory_level').$type<TheoryLevel>(),
		/** Optional: a training course ended within this many years (null: not required). */
		trainingWithinYears: smallint('training_within_years'),
		createdByUserId: integer('created_by_user_id'),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [uniqueIndex('qualification_rule_versions_unit_from_key').on(t.orgUnitId, t.effectiveFrom)]
);

export type QualificationRuleVersion = typeof qualificationRuleVersions.$inferSelect;

/**
 * A training course a person attended (tên lớp, đơn vị tổ chức, dates, hours, certificate),
 * entered by staff on the person page or imported; every change is in the audit log.
 */
export const trainingRecords = pgTable(
	'training_records',
	{
		id: serial('id').primaryKey(),
		personId: integer('person_id')
			.notNull()
			.references(() => people.id, { onDelete: 'cascade' }),
		name: text('name').notNull(),
		organizer: text('organizer').notNull(),
		startOn: date('start_on', { mode: 'string' }).notNull(),
		endOn: date('end_on', { mode: 'string' }).notNull(),
		hours: smallint('hours').notNull(),
		certificateNumber: text('certificate_number'),
		createdByUserId: integer('created_by_user_id'),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [index('training_records_person_idx').on(t.personId, t.endOn)]
);

export type TrainingRecord = typeof trainingRecords.$inferSelect;

/** A day set as PostgreSQL writes it (`{[2024-01-01,2026-01-01),[2026-03-01,)}`). */
const dateMultirange = customType<{ data: string; driverData: string }>({
	dataType: () => 'datemultirange'
});

/**
 * Each person's evaluation, kept so that dashboards count a `group by` instead of evaluating
 * everyone (qualification/README.md, "The summary"). A row is fresh on a day when it was
 * evaluated on or before that day and `staleOn` (the first day the evaluation may change by time
 * alone) is later. Whatever changes a person's facts bumps `generation` and clears `evaluatedOn`
 * in the same transaction; the next dashboard read evaluates them again, and stores the result
 * only if `generation` is unchanged (so a change made while it evaluated is not lost).
 */
export const qualificationSummaries = pgTable('qualification_summaries', {
	personId: integer('person_id')
		.primaryKey()
		.references(() => people.id, { onDelete: 'cascade' }),
	generation: integer('generation').notNull().default(0),
	/** The day evaluated on; null: to evaluate again. */
	evaluatedOn: date('evaluated_on', { mode: 'string' }),
	/** The first day after `evaluatedOn` the evaluation may differ (null: not by time alone). */
	staleOn: date('stale_on', { mode: 'string' }),
	status: text('status').$type<QualificationStatus>(),
	reasons: jsonb('reasons').$type<Reason[]>(),
	expiresOn: date('expires_on', { mode: 'string' }),
	qualifiedUnder: date('qualified_under', { mode: 'string' }),
	ruleFrom: date('rule_from', { mode: 'string' }),
	/** The days the person counted as qualified (or expiring), for past years' figures. */
	qualifiedPeriods: dateMultirange('qualified_periods'),
	/** Finished practice attempts at the required modules per 10-point band of the score. */
	scoreBands: integer('score_bands').array()
});

const count = (name: string) => integer(name).notNull().default(0);

/**
 * The dashboard's indicator counts per unit and year, of the tracked people who counted in that
 * unit that year (qualification/README.md, "Unit rollups"): a province's view sums these rows
 * by child unit instead of counting its people, ratings, courses and contest entries.
 */
export const qualificationUnitYears = pgTable(
	'qualification_unit_years',
	{
		unitId: integer('unit_id')
			.notNull()
			.references(() => orgUnits.id, { onDelete: 'cascade' }),
		year: integer('year').notNull(),
		tracked: count('tracked'),
		qualified: count('qualified'),
		ratedWell: count('rated_well'),
		university: count('university'),
		theory: count('theory'),
		ageSum: count('age_sum'),
		ageKnown: count('age_known'),
		under40: count('under40'),
		trained: count('trained'),
		contestants: count('contestants'),
		prizeWinners: count('prize_winners')
	},
	(t) => [primaryKey({ columns: [t.unitId, t.year] })]
);

/**
 * A unit's rollup: computed in `computedYear` (a new year computes every unit again: last year's
 * figures then count the qualified periods at 31/12), today's status counts of the people in the
 * unit itself (in `QUALIFICATION_STATUSES` order) and their practice score bands.
 */
export const qualificationUnitRollups = pgTable('qualification_unit_rollups', {
	unitId: integer('unit_id')
		.primaryKey()
		.references(() => orgUnits.id, { onDelete: 'cascade' }),
	computedYear: integer('computed_year').notNull(),
	statuses: integer('statuses').array().notNull(),
	scoreBands: integer('score_bands').array().notNull()
});

/**
 * People and units whose rollups a change touched, written by triggers on every table the figures
 * read (migration `0010_rollup_triggers`), in the writer's transaction; the next dashboard read
 * deletes them and computes those units again (`unit-rollups.ts`). No foreign keys: a deleted
 * person's old units still have to be computed again.
 */
export const qualificationRollupChanges = pgTable('qualification_rollup_changes', {
	id: bigserial('id', { mode: 'number' }).primaryKey(),
	personId: integer('person_id'),
	unitId: integer('unit_id')
});
