import { and, eq, isNull, like, sql } from 'drizzle-orm';
import type { DbOrTx } from '../db/client';
import { orgUnits, type OrgKind, type OrgUnit } from '../db/schema';
import { escapeLike, foldVietnamese } from '../text/fold';
import { normalizeCode, normalizeName } from './names';

export type NewOrgUnit = { code: string; name: string; kind: OrgKind; parentId: number | null };

/** Creates a unit under its parent, computing its materialized path. */
export async function createOrgUnit(db: DbOrTx, unit: NewOrgUnit): Promise<OrgUnit> {
	const parent = unit.parentId === null ? null : await getOrgUnit(db, unit.parentId);
	if (unit.parentId !== null && !parent) throw new Error(`parent unit ${unit.parentId} not found`);
	const name = normalizeName(unit.name);
	const [row] = await db
		.insert(orgUnits)
		.values({
			code: normalizeCode(unit.code),
			name,
			searchText: foldVietnamese(name),
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
	if (!Number.isSafeInteger(id) || id <= 0 || id > 2_147_483_647) return null;
	const [row] = await db.select().from(orgUnits).where(eq(orgUnits.id, id));
	return row ?? null;
}

export async function getOrgUnitByCode(db: DbOrTx, code: string): Promise<OrgUnit | null> {
	const [row] = await db
		.select()
		.from(orgUnits)
		.where(eq(orgUnits.code, normalizeCode(code)));
	return row ?? null;
}

/** Live (not merged) units in the subtree rooted at `path`, the root included. */
export function subtreeCondition(path: string) {
	return and(sql`${orgUnits.path} like ${path + '%'}`, isNull(orgUnits.mergedIntoId));
}

type Placed = Pick<OrgUnit, 'id' | 'path' | 'depth'>;

/**
 * Puts `unit` and its whole subtree under `parent` in one statement: every descendant's path
 * prefix and depth are rewritten together, so the tree is never seen half-moved. The caller has
 * checked that `parent` is not inside the subtree and holds the tree lock.
 */
export async function relocateSubtree(db: DbOrTx, unit: Placed, parent: Placed): Promise<number> {
	const newPath = `${parent.path}${unit.id}/`;
	const rows = await db
		.update(orgUnits)
		.set({
			path: sql`${newPath}::text || substr(${orgUnits.path}, ${unit.path.length + 1}::int)`,
			depth: sql`${orgUnits.depth} + ${parent.depth + 1 - unit.depth}::int`,
			parentId: sql`case when ${orgUnits.id} = ${unit.id}::int then ${parent.id}::int else ${orgUnits.parentId} end`,
			updatedAt: sql`case when ${orgUnits.id} = ${unit.id}::int then now() else ${orgUnits.updatedAt} end`
		})
		.where(like(orgUnits.path, escapeLike(unit.path) + '%'))
		.returning({ id: orgUnits.id });
	return rows.length;
}
