import { sql } from 'drizzle-orm';
import {
	index,
	integer,
	jsonb,
	pgTable,
	serial,
	smallint,
	text,
	timestamp,
	uniqueIndex,
	uuid
} from 'drizzle-orm/pg-core';
import { orgUnits } from './orgs';

export const POSITIONS = ['secretary', 'deputy_secretary', 'committee_member', 'member'] as const;
export type Position = (typeof POSITIONS)[number];

export const EDUCATION_LEVELS = [
	'lower_secondary',
	'upper_secondary',
	'vocational',
	'college',
	'university',
	'postgraduate'
] as const;
export type EducationLevel = (typeof EDUCATION_LEVELS)[number];

export const THEORY_LEVELS = ['none', 'elementary', 'intermediate', 'advanced'] as const;
export type TheoryLevel = (typeof THEORY_LEVELS)[number];

export const CLASSIFICATIONS = ['excellent', 'good', 'completed', 'not_completed'] as const;
export type Classification = (typeof CLASSIFICATIONS)[number];

/**
 * A party member known to the platform. `searchText` is the name folded for diacritic-free search;
 * `sortKey` encodes Vietnamese alphabetical order (given name first) as plain bytes, so lists sort
 * the same on both drivers with `COLLATE "C"` (see people/sort-key.ts).
 */
export const people = pgTable(
	'people',
	{
		id: serial('id').primaryKey(),
		orgUnitId: integer('org_unit_id')
			.notNull()
			.references(() => orgUnits.id),
		fullName: text('full_name').notNull(),
		searchText: text('search_text').notNull(),
		sortKey: text('sort_key').notNull().default(''),
		position: text('position').$type<Position>().notNull().default('member'),
		birthYear: smallint('birth_year'),
		gender: text('gender').$type<'male' | 'female'>(),
		educationLevel: text('education_level').$type<EducationLevel>(),
		theoryLevel: text('theory_level').$type<TheoryLevel>(),
		phone: text('phone'),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
		updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [
		index('people_org_idx').on(t.orgUnitId),
		index('people_search_idx').on(t.searchText),
		index('people_sort_idx').on(sql`${t.sortKey} collate "C"`, t.id)
	]
);

/** Annual quality classification of a person; `orgUnitId` is the unit that rated them. */
export const classificationRecords = pgTable(
	'classification_records',
	{
		id: serial('id').primaryKey(),
		personId: integer('person_id')
			.notNull()
			.references(() => people.id, { onDelete: 'cascade' }),
		year: smallint('year').notNull(),
		level: text('level').$type<Classification>().notNull(),
		orgUnitId: integer('org_unit_id')
			.notNull()
			.references(() => orgUnits.id),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [uniqueIndex('classification_person_year_key').on(t.personId, t.year)]
);

/** Every move of a person between units (transfers, merges), so the history survives. */
export const personUnitHistory = pgTable(
	'person_unit_history',
	{
		id: serial('id').primaryKey(),
		personId: integer('person_id')
			.notNull()
			.references(() => people.id, { onDelete: 'cascade' }),
		fromUnitId: integer('from_unit_id').references(() => orgUnits.id),
		toUnitId: integer('to_unit_id')
			.notNull()
			.references(() => orgUnits.id),
		reason: text('reason').$type<'created' | 'transfer' | 'merge' | 'import'>().notNull(),
		actorUserId: integer('actor_user_id'),
		at: timestamp('at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [index('person_unit_history_person_idx').on(t.personId)]
);

export type Person = typeof people.$inferSelect;

/** One row of an uploaded people file, as checked for the preview (values already normalized). */
export type ImportRow = {
	rowNumber: number;
	fullName: string;
	unitCode: string;
	orgUnitId: number | null;
	unitName: string | null;
	position: Position;
	birthYear: number | null;
	gender: 'male' | 'female' | null;
	educationLevel: EducationLevel | null;
	theoryLevel: TheoryLevel | null;
	phone: string | null;
	errors: { code: string; column?: string; value?: string; row?: number }[];
	warnings: { code: string }[];
};

/**
 * An uploaded people file between preview and commit: kept in the database (not in memory) so any
 * app instance can commit it; only its owner can, and only once (`status`), before `expiresAt`.
 */
export const peopleImportBatches = pgTable(
	'people_import_batches',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		ownerUserId: integer('owner_user_id').notNull(),
		fileName: text('file_name').notNull(),
		format: text('format').$type<'csv' | 'xlsx'>().notNull(),
		rows: jsonb('rows').$type<ImportRow[]>().notNull(),
		errorCount: integer('error_count').notNull(),
		status: text('status').$type<'pending' | 'committed'>().notNull().default('pending'),
		result: jsonb('result').$type<{ created: number; units: { id: number; count: number }[] }>(),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
		expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
		committedAt: timestamp('committed_at', { withTimezone: true })
	},
	(t) => [index('people_import_batches_owner_idx').on(t.ownerUserId, t.createdAt)]
);
