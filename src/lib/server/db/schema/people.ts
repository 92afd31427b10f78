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
		/** Số thẻ đảng viên, normalized (people/validation.ts): optional, unique when present. */
		partyCardNumber: text('party_card_number'),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
		updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [
		index('people_org_idx').on(t.orgUnitId),
		index('people_search_idx').on(t.searchText),
		index('people_sort_idx').on(sql`${t.sortKey} collate "C"`, t.id),
		uniqueIndex('people_party_card_key')
			.on(t.partyCardNumber)
			.where(sql`${t.partyCardNumber} is not null`)
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
	(t) => [
		index('person_unit_history_person_idx').on(t.personId),
		// Past years' figures look for the few moves after a year's end.
		index('person_unit_history_at_idx').on(t.at)
	]
);

export type Person = typeof people.$inferSelect;

/** What a checked row will do to the people table. */
export type ImportAction = 'create' | 'update' | 'move' | 'unchanged';
/** The answer to a row that would give a unit a second secretary. */
export type SecretaryChoice = 'replace' | 'deputy' | 'skip';

/** Someone already in a unit whom a row without a card number could be. */
export type ImportCandidate = {
	id: number;
	fullName: string;
	position: Position;
	partyCardNumber: string | null;
};

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
	partyCardNumber: string | null;
	errors: { code: string; column?: string; value?: string; row?: number }[];
	/** `people`: the candidates an ambiguous row could be (all in the row's unit, so in scope). */
	warnings: { code: string; people?: ImportCandidate[] }[];
	/** Filled by the plan (people/import-plan.ts); absent on batches checked before it existed. */
	action?: ImportAction;
	/**
	 * The person the row names (only ever someone in the importer's scope): by card number, or,
	 * for a row without one, by name and birth year in the same unit (`matchedBy`).
	 */
	personId?: number | null;
	matchedBy?: 'card' | 'name' | null;
	/** Fields an update changes. */
	changes?: string[];
	/** The unit a "move" takes the person from. */
	fromUnit?: { code: string; name: string } | null;
	/** The row would make a second secretary: the unit's current ones, or the earlier row. */
	conflict?: { existing: string[]; row: number | null } | null;
};

export type ImportBatchResult = {
	created: number;
	units: { id: number; count: number }[];
	updated?: number;
	moved?: number;
	unchanged?: number;
	skipped?: number;
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
		result: jsonb('result').$type<ImportBatchResult>(),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
		expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
		committedAt: timestamp('committed_at', { withTimezone: true })
	},
	(t) => [index('people_import_batches_owner_idx').on(t.ownerUserId, t.createdAt)]
);
