import { sql } from 'drizzle-orm';
import {
	type AnyPgColumn,
	index,
	integer,
	jsonb,
	pgTable,
	serial,
	text,
	timestamp,
	uniqueIndex
} from 'drizzle-orm/pg-core';

export const ORG_KINDS = [
	'province',
	'committee',
	'commune',
	'ward',
	'special_zone',
	'agency',
	'grassroots',
	'cell'
] as const;
export type OrgKind = (typeof ORG_KINDS)[number];

/**
 * The party organisation tree. `path` is the materialized path of ids ("/1/4/17/"), so a
 * subtree is `path LIKE '/1/4/%'`. Merged units are kept (with `mergedIntoId`) so history that
 * names them still resolves; they are hidden from the live tree.
 */
export const orgUnits = pgTable(
	'org_units',
	{
		id: serial('id').primaryKey(),
		code: text('code').notNull(),
		name: text('name').notNull(),
		searchText: text('search_text').notNull().default(''),
		kind: text('kind').$type<OrgKind>().notNull(),
		parentId: integer('parent_id').references((): AnyPgColumn => orgUnits.id),
		path: text('path').notNull(),
		depth: integer('depth').notNull().default(0),
		mergedIntoId: integer('merged_into_id').references((): AnyPgColumn => orgUnits.id),
		mergedAt: timestamp('merged_at', { withTimezone: true }),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
		updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [
		uniqueIndex('org_units_code_key').on(t.code),
		index('org_units_parent_idx').on(t.parentId),
		index('org_units_path_idx').using('btree', sql`${t.path} text_pattern_ops`)
	]
);

/** One row a merge: what was merged into what, by whom, and what moved. */
export const orgMerges = pgTable(
	'org_merges',
	{
		id: serial('id').primaryKey(),
		survivorId: integer('survivor_id')
			.notNull()
			.references(() => orgUnits.id),
		mergedId: integer('merged_id')
			.notNull()
			.references(() => orgUnits.id),
		mergedCode: text('merged_code').notNull(),
		mergedName: text('merged_name').notNull(),
		actorUserId: integer('actor_user_id'),
		moved: jsonb('moved').$type<Record<string, number>>().notNull(),
		mergedAt: timestamp('merged_at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [index('org_merges_survivor_idx').on(t.survivorId)]
);

export type OrgUnit = typeof orgUnits.$inferSelect;

/** The normalized rows of one tree import, one object a spreadsheet row. */
export type OrgImportRow = {
	rowNumber: number;
	code: string;
	name: string;
	kind: string;
	parentCode: string;
};

/**
 * An uploaded tree file between its preview and its commit: short-lived, readable only by its
 * owner, and re-checked (scope and content) when committed.
 */
export const orgImportBatches = pgTable(
	'org_import_batches',
	{
		id: text('id').primaryKey(),
		ownerUserId: integer('owner_user_id').notNull(),
		fileName: text('file_name').notNull(),
		rows: jsonb('rows').$type<OrgImportRow[]>().notNull(),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
		expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
		committedAt: timestamp('committed_at', { withTimezone: true })
	},
	(t) => [index('org_import_batches_owner_idx').on(t.ownerUserId)]
);
