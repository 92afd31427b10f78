import { sql, type SQL } from 'drizzle-orm';
import type { Db, DbOrTx } from './client';
import { rowsOf } from '../orgs/scope';

/**
 * Moves every row of the embedded database (PGlite) to an empty PostgreSQL database with the same
 * schema (both migrated by the caller): tables in foreign-key order, in ONE transaction on the
 * target (a failure leaves it empty), sequences set past the copied ids, then the rows of every
 * table counted on both sides. Rows travel as JSON (`json_agg` on the source,
 * `json_populate_recordset` on the target), so every column type converts through its own text
 * form. Table and column names come from the source database's catalog, never from a request.
 */

export type TableInfo = {
	name: string;
	columns: string[];
	primaryKey: string[];
	/** Columns referring to the same table (org_units.parent_id): copied as null, then set. */
	selfReferences: string[];
};

export type MoveReport = { table: string; source: number; target: number }[];

/**
 * Tables computed from the others (qualification/README.md, "Unit rollups"): not copied. The
 * copy's inserts fire the triggers that log changes; the log is emptied at the end, and the
 * first dashboard read on the target computes every unit's rollup again.
 */
export const DERIVED_TABLES = [
	'qualification_rollup_changes',
	'qualification_unit_rollups',
	'qualification_unit_years'
];

const BATCH = 2000;

const ident = (name: string) => sql.identifier(name);
const list = (names: string[]) =>
	sql.join(
		names.map((n) => ident(n)),
		sql`, `
	);

/** The public schema's tables, parents before children (foreign keys), with their columns. */
export async function tablesInOrder(db: DbOrTx): Promise<TableInfo[]> {
	const tables = rowsOf<{ name: string }>(
		await db.execute(sql`
			select c.relname as name from pg_class c join pg_namespace n on n.oid = c.relnamespace
			where n.nspname = 'public' and c.relkind in ('r', 'p') order by c.relname`)
	).map((t) => t.name);
	const columns = rowsOf<{ table: string; column: string; generated: boolean }>(
		await db.execute(sql`
			select c.relname as table, a.attname as column, a.attgenerated <> '' as generated
			from pg_attribute a join pg_class c on c.oid = a.attrelid
			join pg_namespace n on n.oid = c.relnamespace
			where n.nspname = 'public' and c.relkind in ('r', 'p') and a.attnum > 0 and not a.attisdropped
			order by c.relname, a.attnum`)
	);
	const constraints = rowsOf<{
		kind: string;
		table: string;
		parent: string | null;
		columns: string[];
	}>(
		await db.execute(sql`
			select con.contype::text as kind, c.relname as table, p.relname as parent,
				array(select a.attname::text from unnest(con.conkey) with ordinality k(attnum, i)
					join pg_attribute a on a.attrelid = con.conrelid and a.attnum = k.attnum order by k.i) as columns
			from pg_constraint con
			join pg_class c on c.oid = con.conrelid
			join pg_namespace n on n.oid = c.relnamespace
			left join pg_class p on p.oid = con.confrelid
			where n.nspname = 'public' and con.contype in ('p', 'f')`)
	);
	const info = new Map<string, TableInfo>(
		tables.map((name) => [
			name,
			{
				name,
				columns: columns.filter((c) => c.table === name && !c.generated).map((c) => c.column),
				primaryKey: constraints.find((c) => c.table === name && c.kind === 'p')?.columns ?? [],
				selfReferences: constraints
					.filter((c) => c.kind === 'f' && c.table === name && c.parent === name)
					.flatMap((c) => c.columns)
			}
		])
	);
	const parents = new Map<string, Set<string>>(tables.map((t) => [t, new Set()]));
	for (const c of constraints) {
		if (c.kind === 'f' && c.parent && c.parent !== c.table) parents.get(c.table)?.add(c.parent);
	}
	const ordered: TableInfo[] = [];
	const done = new Set<string>();
	while (done.size < tables.length) {
		const ready = tables.filter(
			(t) => !done.has(t) && [...parents.get(t)!].every((p) => done.has(p))
		);
		if (ready.length === 0) {
			const left = tables.filter((t) => !done.has(t));
			throw new Error(`foreign keys form a cycle among: ${left.join(', ')}`);
		}
		for (const t of ready) {
			done.add(t);
			ordered.push(info.get(t)!);
		}
	}
	return ordered;
}

export async function countRows(db: DbOrTx, table: string): Promise<number> {
	const [row] = rowsOf<{ n: number }>(
		await db.execute(sql`select count(*)::int as n from ${ident(table)}`)
	);
	return row.n;
}

async function copyTable(source: Db, target: DbOrTx, table: TableInfo) {
	if (table.primaryKey.length === 0 && table.selfReferences.length > 0) {
		throw new Error(`${table.name}: a self-reference without a primary key cannot be copied`);
	}
	const order = table.primaryKey.length > 0 ? table.primaryKey : table.columns;
	const selectList = sql.join(
		table.columns.map((c) => (table.selfReferences.includes(c) ? sql`null` : ident(c))),
		sql`, `
	);
	let copied = 0;
	for (let offset = 0; ; offset += BATCH) {
		const [batch] = rowsOf<{ rows: string }>(
			await source.execute(sql`
				select coalesce(json_agg(x), '[]')::text as rows from (
					select ${list(table.columns)} from ${ident(table.name)}
					order by ${list(order)} limit ${BATCH} offset ${offset}) x`)
		);
		const rows = JSON.parse(batch.rows) as unknown[];
		if (rows.length === 0) break;
		const records: SQL = sql`json_populate_recordset(null::${ident(table.name)}, ${batch.rows}::json)`;
		await target.execute(
			sql`insert into ${ident(table.name)} (${list(table.columns)}) select ${selectList} from ${records}`
		);
		if (table.selfReferences.length > 0) {
			// Now that every row of the batch exists, the references to rows of this table.
			const set = sql.join(
				table.selfReferences.map((c) => sql`${ident(c)} = s.${ident(c)}`),
				sql`, `
			);
			const match = sql.join(
				table.primaryKey.map((c) => sql`t.${ident(c)} = s.${ident(c)}`),
				sql` and `
			);
			await target.execute(
				sql`update ${ident(table.name)} t set ${set} from ${records} s where ${match}`
			);
		}
		copied += rows.length;
		if (rows.length < BATCH) break;
	}
	return copied;
}

/** Sets every serial/identity sequence of the target past the highest copied value. */
async function resetSequences(target: DbOrTx) {
	const sequences = rowsOf<{ table: string; column: string; sequence: string }>(
		await target.execute(sql`
			select c.relname as table, a.attname as column,
				pg_get_serial_sequence(quote_ident(c.relname), a.attname) as sequence
			from pg_attribute a join pg_class c on c.oid = a.attrelid
			join pg_namespace n on n.oid = c.relnamespace
			where n.nspname = 'public' and c.relkind = 'r' and a.attnum > 0 and not a.attisdropped
				and pg_get_serial_sequence(quote_ident(c.relname), a.attname) is not null`)
	);
	for (const s of sequences) {
		await target.execute(sql`
			select setval(${s.sequence}::regclass,
				coalesce((select max(${ident(s.column)}) from ${ident(s.table)}), 0) + 1, false)`);
	}
	return sequences.length;
}

/**
 * Copies everything from `source` to `target` (both migrated to the same schema). Refuses a
 * target that holds any row. Returns the per-table counts of both sides after the copy.
 */
export async function moveDatabase(
	source: Db,
	target: Db,
	say: (line: string) => void = () => {}
): Promise<{ tables: MoveReport; sequences: number; mismatches: string[] }> {
	const tables = (await tablesInOrder(source)).filter((t) => !DERIVED_TABLES.includes(t.name));
	const targetTables = new Set((await tablesInOrder(target)).map((t) => t.name));
	const missing = tables.filter((t) => !targetTables.has(t.name)).map((t) => t.name);
	if (missing.length > 0) {
		throw new Error(
			`the target lacks tables ${missing.join(', ')}: is it migrated to this version?`
		);
	}
	for (const t of tables) {
		if ((await countRows(target, t.name)) > 0) {
			throw new Error(`the target is not empty (table ${t.name} has rows): give an empty database`);
		}
	}
	let sequences = 0;
	await target.transaction(async (tx) => {
		for (const t of tables) {
			const copied = await copyTable(source, tx, t);
			if (copied > 0) say(`${t.name}: ${copied} rows`);
		}
		for (const derived of DERIVED_TABLES) await tx.execute(sql`delete from ${ident(derived)}`);
		sequences = await resetSequences(tx);
	});
	const report: MoveReport = [];
	for (const t of tables) {
		report.push({
			table: t.name,
			source: await countRows(source, t.name),
			target: await countRows(target, t.name)
		});
	}
	const mismatches = report
		.filter((r) => r.source !== r.target)
		.map((r) => `${r.table}: ${r.source} in the embedded database, ${r.target} in PostgreSQL`);
	return { tables: report, sequences, mismatches };
}
