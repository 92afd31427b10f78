import { randomBytes } from 'node:crypto';
import { and, eq, gt, isNull, lt } from 'drizzle-orm';
import { recordAudit } from '../audit/log';
import type { SessionUser } from '../auth/session';
import type { DbOrTx } from '../db/client';
import { orgImportBatches, type OrgImportRow } from '../db/schema';
import { readTable, type TableReadError } from '../spreadsheet/read';
import { applyImportPlan } from './import-apply';
import { planImport, type ImportPlan, type RowError } from './import-plan';
import { lockOrgTree } from './scope';

export const TREE_IMPORT_LIMITS = { maxBytes: 5 * 1024 * 1024, maxRows: 5000 };
/** How long a previewed file waits for its commit. */
export const IMPORT_BATCH_TTL_MS = 60 * 60_000;

export const TREE_COLUMNS = [
	{ key: 'code', headers: ['Mã', 'Mã đơn vị', 'Code', 'Unit code'], required: true },
	{ key: 'name', headers: ['Tên', 'Tên đơn vị', 'Name', 'Unit name'], required: true },
	{ key: 'kind', headers: ['Loại', 'Loại đơn vị', 'Kind', 'Type'], required: true },
	{
		key: 'parentCode',
		headers: ['Mã đơn vị cấp trên', 'Mã cấp trên', 'Parent code', 'Parent'],
		required: true
	}
];

/** Reads an uploaded tree file (CSV or XLSX) into import rows, or says why it cannot. */
export async function readTreeFile(file: {
	name: string;
	bytes: Uint8Array;
}): Promise<{ ok: true; rows: OrgImportRow[] } | { ok: false; error: TableReadError }> {
	const table = await readTable(file, { ...TREE_IMPORT_LIMITS, columns: TREE_COLUMNS });
	if (!table.ok) return table;
	return {
		ok: true,
		rows: table.rows.map(({ rowNumber, values }) => ({
			rowNumber,
			code: values.code ?? '',
			name: values.name ?? '',
			kind: values.kind ?? '',
			parentCode: values.parentCode ?? ''
		}))
	};
}

/** Keeps a read file until its owner commits it (or it expires); returns the batch id. */
export async function createImportBatch(
	db: DbOrTx,
	owner: SessionUser,
	fileName: string,
	rows: OrgImportRow[],
	now = new Date()
): Promise<string> {
	const id = randomBytes(16).toString('hex');
	await db
		.delete(orgImportBatches)
		.where(lt(orgImportBatches.expiresAt, new Date(now.getTime() - IMPORT_BATCH_TTL_MS)));
	await db.insert(orgImportBatches).values({
		id,
		ownerUserId: owner.id,
		fileName: fileName.slice(0, 200),
		rows,
		createdAt: now,
		expiresAt: new Date(now.getTime() + IMPORT_BATCH_TTL_MS)
	});
	return id;
}

const batchCondition = (owner: SessionUser, id: string, now: Date) =>
	and(
		eq(orgImportBatches.id, id),
		eq(orgImportBatches.ownerUserId, owner.id),
		isNull(orgImportBatches.committedAt),
		gt(orgImportBatches.expiresAt, now)
	);

/** The owner's pending batch with its plan as of now, or null (unknown, someone else's, expired, done). */
export async function previewImportBatch(
	db: DbOrTx,
	owner: SessionUser,
	id: string,
	now = new Date()
): Promise<{ fileName: string; plan: ImportPlan } | null> {
	if (!/^[0-9a-f]{32}$/.test(id)) return null;
	const [batch] = await db
		.select()
		.from(orgImportBatches)
		.where(batchCondition(owner, id, now));
	if (!batch) return null;
	return { fileName: batch.fileName, plan: await planImport(db, owner, batch.rows) };
}

export type CommitResult =
	| { ok: true; created: number; updated: number; moved: number; unchanged: number }
	| { ok: false; error: 'batch_not_found' }
	| { ok: false; error: 'rows_invalid'; errors: RowError[] };

/**
 * Commits a previewed batch all-or-nothing: the plan is made again inside the transaction, under
 * the tree lock and with the committer's current scope, and any row error imports nothing.
 */
export async function commitImportBatch(
	db: DbOrTx,
	owner: SessionUser,
	id: string,
	now = new Date()
): Promise<CommitResult> {
	if (!/^[0-9a-f]{32}$/.test(id)) return { ok: false, error: 'batch_not_found' };
	return db.transaction(async (tx) => {
		await lockOrgTree(tx);
		const [batch] = await tx
			.select()
			.from(orgImportBatches)
			.where(batchCondition(owner, id, now))
			.for('update');
		if (!batch) return { ok: false, error: 'batch_not_found' } as const;
		const plan = await planImport(tx, owner, batch.rows);
		if (plan.errors.length > 0) {
			return { ok: false, error: 'rows_invalid', errors: plan.errors } as const;
		}
		const done = await applyImportPlan(tx, plan);
		await tx.update(orgImportBatches).set({ committedAt: now }).where(eq(orgImportBatches.id, id));
		await recordAudit(tx, {
			actorUserId: owner.id,
			action: 'orgs.import',
			targetType: 'org_import_batch',
			targetId: id,
			details: {
				fileName: batch.fileName,
				rows: batch.rows.length,
				...done,
				unchanged: plan.counts.unchanged
			}
		});
		return { ok: true, ...done, unchanged: plan.counts.unchanged } as const;
	});
}
