import { getTableName, sql, type Column } from 'drizzle-orm';
import type { DbOrTx } from '../db/client';
import {
	classificationRecords,
	cohorts,
	contestRegistrations,
	contests,
	people,
	personUnitHistory,
	roleGrants
} from '../db/schema';
import { rowsOf } from './scope';

export type MergeContext = { fromId: number; toId: number; actorUserId: number | null };

/**
 * A column that says which unit a row *currently* belongs to. When a unit is merged, every such
 * row moves to the survivor.
 */
export type UnitReference = {
	/** The key under which the number of moved rows is recorded in `org_merges.moved`. */
	key: string;
	column: Column;
	/**
	 * Columns that are unique together with this one: a row that would duplicate one the survivor
	 * already has is removed instead of moved (counted as `<key>Collapsed`).
	 */
	uniqueWith?: Column[];
	/** Runs before the rows move, e.g. to write history rows. */
	beforeMove?: (tx: DbOrTx, ctx: MergeContext) => Promise<void>;
};

/**
 * Every table whose rows move to the survivor when units merge. A new table that points at an
 * org unit adds one line here (or to `UNIT_HISTORY_COLUMNS` when the column records the past);
 * `unit-references.test.ts` fails until every column referencing `org_units` is in one list.
 */
export const UNIT_REFERENCES: UnitReference[] = [
	{ key: 'people', column: people.orgUnitId, beforeMove: recordMergeInPersonHistory },
	{ key: 'classificationRecords', column: classificationRecords.orgUnitId },
	{
		key: 'roleGrants',
		column: roleGrants.orgUnitId,
		uniqueWith: [roleGrants.userId, roleGrants.role]
	},
	// A contest organized by a merged unit is organized by the survivor; a candidate registered
	// from a merged unit competes for the survivor (registrations and results are kept).
	{ key: 'contests', column: contests.orgUnitId },
	{ key: 'contestRegistrations', column: contestRegistrations.orgUnitId },
	// A training class of a merged unit is run for the survivor.
	{ key: 'cohorts', column: cohorts.orgUnitId }
];

/**
 * Columns that record the past and keep naming the merged unit on purpose (it stays in the
 * table, marked merged, so they still resolve). `table.column` as in the database.
 */
export const UNIT_HISTORY_COLUMNS = [
	'person_unit_history.from_unit_id',
	'person_unit_history.to_unit_id',
	'audit_log.org_unit_id',
	'org_merges.survivor_id',
	'org_merges.merged_id',
	'org_units.parent_id',
	'org_units.merged_into_id',
	// A province's rule stays the rule it set; its people follow the survivor's rule.
	'qualification_rule_versions.org_unit_id',
	// Each unit's own counts (past years stay with the merged unit); the merge's moves are logged
	// by triggers and both units computed again (qualification/README.md, "Unit rollups").
	'qualification_unit_rollups.unit_id',
	'qualification_unit_years.unit_id',
	'qualification_rollup_changes.unit_id'
];

async function recordMergeInPersonHistory(tx: DbOrTx, ctx: MergeContext) {
	await tx.execute(sql`
		insert into ${personUnitHistory} (person_id, from_unit_id, to_unit_id, reason, actor_user_id)
		select ${people.id}, ${ctx.fromId}::int, ${ctx.toId}::int, 'merge', ${ctx.actorUserId}::int
		from ${people} where ${people.orgUnitId} = ${ctx.fromId}::int`);
}

const col = (c: Column) => sql.identifier(c.name);

/** How many rows of `ref` point at the unit now. */
export async function countReferences(tx: DbOrTx, ref: UnitReference, unitId: number) {
	const [row] = rowsOf<{ n: number }>(
		await tx.execute(
			sql`select count(*)::int as n from ${ref.column.table} where ${col(ref.column)} = ${unitId}::int`
		)
	);
	return Number(row?.n ?? 0);
}

/** Moves the rows of `ref` from one unit to another; returns { moved, collapsed }. */
export async function moveReferences(tx: DbOrTx, ref: UnitReference, ctx: MergeContext) {
	const table = sql.identifier(getTableName(ref.column.table));
	let collapsed = 0;
	if (ref.uniqueWith?.length) {
		const same = sql.join(
			ref.uniqueWith.map((c) => sql`b.${col(c)} is not distinct from a.${col(c)}`),
			sql` and `
		);
		const removed = rowsOf(
			await tx.execute(sql`
				delete from ${table} as a
				where a.${col(ref.column)} = ${ctx.fromId}::int
				and exists (select 1 from ${table} as b where b.${col(ref.column)} = ${ctx.toId}::int and ${same})
				returning 1`)
		);
		collapsed = removed.length;
	}
	await ref.beforeMove?.(tx, ctx);
	const moved = rowsOf(
		await tx.execute(sql`
			update ${table} set ${col(ref.column)} = ${ctx.toId}::int
			where ${col(ref.column)} = ${ctx.fromId}::int
			returning 1`)
	);
	return { moved: moved.length, collapsed };
}
