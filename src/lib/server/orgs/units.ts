import { and, eq, isNull, sql } from 'drizzle-orm';
import type { DbOrTx } from '../db/client';
import { orgUnits, type OrgKind, type OrgUnit } from '../db/schema';
import { foldVietnamese } from '../text/fold';

export type NewOrgUnit = { code: string; name: string; kind: OrgKind; parentId: number | null };

/** Creates a unit under its parent, computing its materialized path. */
export async function createOrgUnit(db: DbOrTx, unit: NewOrgUnit): Promise<OrgUnit> {
	const parent = unit.parentId === null ? null : await getOrgUnit(db, unit.parentId);
	if (unit.parentId !== null && !parent) throw new Error(`parent unit ${unit.parentId} not found`);
	const [row] = await db
		.insert(orgUnits)
		.values({
			code: unit.code,
			name: unit.name,
			searchText: foldVietnamese(unit.name),
			kind: unit.kind,
			parentId: unit.parentId,
			path: '/',
			depth: parent ? parent.depth + 1 : 0
		})
		.returning({ id: orgUnits.id });
	const [created] = await db
		.update(orgUnits)
		.set({ path: `${parent?.path ?? '/'}${row.id}/` })
		.where(eq(orgUnits.id, row.id))
		.returning();
	return created;
}

export async function getOrgUnit(db: DbOrTx, id: number): Promise<OrgUnit | null> {
	const [row] = await db.select().from(orgUnits).where(eq(orgUnits.id, id));
	return row ?? null;
}

export async function getOrgUnitByCode(db: DbOrTx, code: string): Promise<OrgUnit | null> {
	const [row] = await db.select().from(orgUnits).where(eq(orgUnits.code, code));
	return row ?? null;
}

/** Live (not merged) units in the subtree rooted at `path`, the root included. */
export function subtreeCondition(path: string) {
	return and(sql`${orgUnits.path} like ${path + '%'}`, isNull(orgUnits.mergedIntoId));
}
