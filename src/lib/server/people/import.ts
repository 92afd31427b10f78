import { alias } from 'drizzle-orm/pg-core';
import { and, eq, inArray, lt, sql } from 'drizzle-orm';
import type { Db, DbOrTx } from '../db/client';
import { orgUnits, peopleImportBatches } from '../db/schema';
import { readTable, type TableReadError } from '../spreadsheet/read';
import { log } from '../log';
import {
	IMPORT_COLUMNS,
	IMPORT_MAX_BYTES,
	IMPORT_MAX_ROWS,
	checkImportRows,
	unitCodeKey,
	type KnownUnit
} from './import-rows';
import { planImport } from './import-plan';
import { pathInScope, type Scope } from './scope';

/** How long a checked file waits for its commit. */
export const IMPORT_BATCH_TTL_MS = 24 * 60 * 60 * 1000;
const CHUNK = 500;

const chunks = <T>(list: T[], size = CHUNK) =>
	Array.from({ length: Math.ceil(list.length / size) }, (_, i) =>
		list.slice(i * size, (i + 1) * size)
	);

async function unitsByCode(db: DbOrTx, codes: string[]) {
	const survivor = alias(orgUnits, 'survivor');
	const found = new Map<string, KnownUnit>();
	for (const part of chunks([...new Set(codes)], 1000)) {
		const rows = await db
			.select({
				id: orgUnits.id,
				code: orgUnits.code,
				name: orgUnits.name,
				path: orgUnits.path,
				mergedIntoCode: survivor.code
			})
			.from(orgUnits)
			.leftJoin(survivor, eq(survivor.id, orgUnits.mergedIntoId))
			.where(inArray(sql`upper(${orgUnits.code})`, part));
		for (const row of rows) found.set(unitCodeKey(row.code), row);
	}
	return found;
}

export type PreviewResult = { ok: true; batchId: string } | { ok: false; error: TableReadError };

/**
 * Reads and checks an uploaded people file, writes nothing but a short-lived batch holding the
 * checked rows, and returns its id for the preview page. Whole-file problems (size, row cap,
 * missing columns) come back as an error instead.
 */
export async function previewImport(
	db: Db,
	input: { file: { name: string; bytes: Uint8Array }; scope: Scope; actorUserId: number },
	now = new Date()
): Promise<PreviewResult> {
	const table = await readTable(input.file, {
		maxBytes: IMPORT_MAX_BYTES,
		maxRows: IMPORT_MAX_ROWS,
		columns: IMPORT_COLUMNS
	});
	if (!table.ok) return table;
	const units = await unitsByCode(
		db,
		table.rows.map((r) => unitCodeKey(r.values.unitCode ?? '')).filter(Boolean)
	);
	const rows = checkImportRows(table.rows, units, input.scope, now);
	await planImport(db, rows, input.scope);
	const errorCount = rows.filter((r) => r.errors.length > 0).length;
	await db.delete(peopleImportBatches).where(lt(peopleImportBatches.expiresAt, now));
	const [batch] = await db
		.insert(peopleImportBatches)
		.values({
			ownerUserId: input.actorUserId,
			fileName: input.file.name.slice(0, 200),
			format: table.format,
			rows,
			errorCount,
			expiresAt: new Date(now.getTime() + IMPORT_BATCH_TTL_MS)
		})
		.returning({ id: peopleImportBatches.id });
	log.info(
		{ batchId: batch.id, rows: rows.length, errorCount, actorUserId: input.actorUserId },
		'people import checked'
	);
	return { ok: true, batchId: batch.id };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A batch, only for its owner: null for anyone else and for an unknown id. */
export async function getImportBatch(db: DbOrTx, batchId: string, ownerUserId: number) {
	if (!UUID.test(batchId)) return null;
	const [batch] = await db
		.select()
		.from(peopleImportBatches)
		.where(
			and(eq(peopleImportBatches.id, batchId), eq(peopleImportBatches.ownerUserId, ownerUserId))
		);
	if (!batch) return null;
	const expired = batch.status === 'pending' && batch.expiresAt <= new Date();
	return { ...batch, expired };
}

export const PREVIEW_PAGE_SIZE = 200;

/**
 * What the preview page shows: the batch summary, one page of rows (all, or only those with
 * errors or warnings) and, once committed, the units that received people.
 */
export async function importBatchView(
	db: DbOrTx,
	input: {
		batchId: string;
		ownerUserId: number;
		scope: Scope;
		show: 'all' | 'problems';
		page: number;
	}
) {
	const batch = await getImportBatch(db, input.batchId, input.ownerUserId);
	if (!batch) return null;
	const listed =
		input.show === 'problems'
			? batch.rows.filter((r) => r.errors.length > 0 || r.warnings.length > 0 || r.conflict)
			: batch.rows;
	const actions = { create: 0, update: 0, move: 0, unchanged: 0 };
	for (const r of batch.rows) if (r.action) actions[r.action]++;
	const pages = Math.max(1, Math.ceil(listed.length / PREVIEW_PAGE_SIZE));
	const page = Math.min(Math.max(1, input.page), pages);
	const start = (page - 1) * PREVIEW_PAGE_SIZE;
	const unitIds = batch.result?.units.map((u) => u.id) ?? [];
	const units =
		unitIds.length === 0
			? []
			: await db
					.select({
						id: orgUnits.id,
						code: orgUnits.code,
						name: orgUnits.name,
						path: orgUnits.path
					})
					.from(orgUnits)
					.where(inArray(orgUnits.id, unitIds));
	return {
		id: batch.id,
		fileName: batch.fileName,
		status: batch.status,
		expired: batch.expired,
		total: batch.rows.length,
		errorCount: batch.errorCount,
		warningCount: batch.rows.filter((r) => r.warnings.length > 0).length,
		show: input.show,
		page,
		pages,
		from: listed.length === 0 ? 0 : start + 1,
		to: Math.min(start + PREVIEW_PAGE_SIZE, listed.length),
		listed: listed.length,
		rows: listed.slice(start, start + PREVIEW_PAGE_SIZE),
		actions,
		// Every row that needs a choice, on one form whatever page of rows is shown.
		conflicts: batch.rows
			.filter((r) => r.conflict)
			.map((r) => ({
				rowNumber: r.rowNumber,
				fullName: r.fullName,
				unitName: r.unitName,
				unitCode: r.unitCode,
				conflict: r.conflict!
			})),
		created: batch.result?.created ?? 0,
		summary: batch.result
			? {
					created: batch.result.created,
					updated: batch.result.updated ?? 0,
					moved: batch.result.moved ?? 0,
					unchanged: batch.result.unchanged ?? 0,
					skipped: batch.result.skipped ?? 0
				}
			: null,
		// Units that moved out of the scope since are left out rather than named.
		units: (batch.result?.units ?? []).flatMap((u) => {
			const unit = units.find((x) => x.id === u.id);
			return unit && pathInScope(unit.path, input.scope)
				? [{ id: unit.id, code: unit.code, name: unit.name, count: u.count }]
				: [];
		})
	};
}
