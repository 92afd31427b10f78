import { eq, inArray, sql } from 'drizzle-orm';
import type { DbOrTx } from '../db/client';
import { orgUnits } from '../db/schema';
import { foldVietnamese } from '../text/fold';
import type { ImportPlan, PlannedRow } from './import-plan';
import { getOrgUnitByCode, relocateSubtree } from './units';

const INSERT_CHUNK = 500;

/**
 * Writes an error-free plan inside the caller's transaction (which holds the tree lock). Rows go
 * level by level, parents before children: new units are inserted in bulk and their paths set
 * from their parents in one statement; moved units take their subtrees along.
 */
export async function applyImportPlan(tx: DbOrTx, plan: ImportPlan) {
	if (plan.errors.length > 0) throw new Error('refusing to apply an import plan with errors');
	const byCode = new Map(plan.rows.map((r) => [r.code, r]));
	const level = new Map<string, number>();
	const levelOf = (row: PlannedRow): number => {
		const known = level.get(row.code);
		if (known !== undefined) return known;
		const parent = row.parentCode ? byCode.get(row.parentCode) : undefined;
		const l = parent && parent.action !== 'unchanged' ? levelOf(parent) + 1 : 0;
		level.set(row.code, l);
		return l;
	};
	const levels: PlannedRow[][] = [];
	for (const row of plan.rows) (levels[levelOf(row)] ??= []).push(row);

	let created = 0;
	let updated = 0;
	let moved = 0;
	for (const rows of levels) {
		if (!rows) continue;
		for (const row of rows) {
			if (row.action !== 'update') continue;
			if (row.changes.includes('name') || row.changes.includes('kind')) {
				await tx
					.update(orgUnits)
					.set({
						name: row.name,
						searchText: foldVietnamese(row.name),
						kind: row.kind,
						updatedAt: new Date()
					})
					.where(eq(orgUnits.id, row.unitId!));
			}
			if (row.changes.includes('parent')) {
				const unit = (await getOrgUnitByCode(tx, row.code))!;
				const parent = (await getOrgUnitByCode(tx, row.parentCode!))!;
				await relocateSubtree(tx, unit, parent);
				moved++;
			}
			updated++;
		}
		const creates = rows.filter((r) => r.action === 'create');
		for (let i = 0; i < creates.length; i += INSERT_CHUNK) {
			const chunk = creates.slice(i, i + INSERT_CHUNK);
			const parentCodes = [...new Set(chunk.map((r) => r.parentCode!))];
			const parents = await tx
				.select({ id: orgUnits.id, code: orgUnits.code })
				.from(orgUnits)
				.where(inArray(orgUnits.code, parentCodes));
			const parentId = new Map(parents.map((p) => [p.code, p.id]));
			const inserted = await tx
				.insert(orgUnits)
				.values(
					chunk.map((r) => ({
						code: r.code,
						name: r.name,
						searchText: foldVietnamese(r.name),
						kind: r.kind,
						parentId: parentId.get(r.parentCode!)!,
						path: '/',
						depth: 0
					}))
				)
				.returning({ id: orgUnits.id });
			const ids = inserted.map((r) => r.id);
			await tx.execute(sql`
				update ${orgUnits} set path = p.path || ${orgUnits.id}::text || '/', depth = p.depth + 1
				from ${orgUnits} as p
				where p.id = ${orgUnits.parentId} and ${inArray(orgUnits.id, ids)}`);
			created += inserted.length;
		}
	}
	return { created, updated, moved };
}
