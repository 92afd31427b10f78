import {
	date,
	index,
	integer,
	pgTable,
	primaryKey,
	serial,
	text,
	timestamp,
	uniqueIndex
} from 'drizzle-orm/pg-core';
import { users } from './auth';
import { modules } from './content';
import { orgUnits } from './orgs';
import { people } from './people';

/**
 * A training class (cohorts/README.md). It belongs to a unit (`orgUnitId`): its trainers hold the
 * trainer role over that unit and its members are people of that unit's subtree.
 */
export const cohorts = pgTable(
	'cohorts',
	{
		id: serial('id').primaryKey(),
		orgUnitId: integer('org_unit_id')
			.notNull()
			.references(() => orgUnits.id),
		name: text('name').notNull(),
		startsOn: date('starts_on', { mode: 'string' }).notNull(),
		endsOn: date('ends_on', { mode: 'string' }).notNull(),
		createdByUserId: integer('created_by_user_id').references(() => users.id),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [index('cohorts_unit_idx').on(t.orgUnitId)]
);

/** Who runs a cohort: only these trainers (and admins over its unit) see it. */
export const cohortTrainers = pgTable(
	'cohort_trainers',
	{
		cohortId: integer('cohort_id')
			.notNull()
			.references(() => cohorts.id, { onDelete: 'cascade' }),
		userId: integer('user_id')
			.notNull()
			.references(() => users.id)
	},
	(t) => [
		primaryKey({ columns: [t.cohortId, t.userId] }),
		index('cohort_trainers_user_idx').on(t.userId)
	]
);

export const cohortMembers = pgTable(
	'cohort_members',
	{
		cohortId: integer('cohort_id')
			.notNull()
			.references(() => cohorts.id, { onDelete: 'cascade' }),
		personId: integer('person_id')
			.notNull()
			.references(() => people.id),
		addedAt: timestamp('added_at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [
		primaryKey({ columns: [t.cohortId, t.personId] }),
		index('cohort_members_person_idx').on(t.personId)
	]
);

export const ASSIGNMENT_KINDS = ['read', 'pass'] as const;
/** `read`: every current lesson of the module completed; `pass`: its practice quiz passed. */
export type AssignmentKind = (typeof ASSIGNMENT_KINDS)[number];

export const cohortAssignments = pgTable(
	'cohort_assignments',
	{
		id: serial('id').primaryKey(),
		cohortId: integer('cohort_id')
			.notNull()
			.references(() => cohorts.id, { onDelete: 'cascade' }),
		moduleId: text('module_id')
			.notNull()
			.references(() => modules.id),
		kind: text('kind').$type<AssignmentKind>().notNull(),
		/** A Vietnamese calendar day: the work is due by the end of it. */
		dueOn: date('due_on', { mode: 'string' }).notNull(),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [uniqueIndex('cohort_assignments_key').on(t.cohortId, t.moduleId, t.kind)]
);

export type Cohort = typeof cohorts.$inferSelect;
export type CohortAssignment = typeof cohortAssignments.$inferSelect;
