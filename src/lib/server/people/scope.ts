import { and, eq, inArray, isNull } from 'drizzle-orm';
import type { DbOrTx } from '../db/client';
import { orgUnits, type OrgKind } from '../db/schema';
import { inScope, isPathInScope } from '../orgs/scope';

/** Subtree roots (materialized paths) a manager may see, from `scopePaths(user, 'manager')`. */
export type Scope = string[];

/** The same scope tests as the org tree uses, under the names this module reads best with. */
export const pathInScope = (path: string, scope: Scope) => isPathInScope(scope, path);
export const unitInScope = (scope: Scope) => inScope(scope);

export type ScopedUnit = {
	id: number;
	code: string;
	name: string;
	kind: OrgKind;
	path: string;
	depth: number;
};

const unitColumns = {
	id: orgUnits.id,
	code: orgUnits.code,
	name: orgUnits.name,
	kind: orgUnits.kind,
	path: orgUnits.path,
	depth: orgUnits.depth
};

/** A live (not merged) unit, if it lies in the scope; null otherwise, whether it exists or not. */
export async function getUnitInScope(
	db: DbOrTx,
	id: number,
	scope: Scope
): Promise<ScopedUnit | null> {
	const [row] = await db
		.select(unitColumns)
		.from(orgUnits)
		.where(and(eq(orgUnits.id, id), isNull(orgUnits.mergedIntoId), unitInScope(scope)));
	return row ?? null;
}

const byCode = new Intl.Collator('vi', { numeric: true }).compare;

/** Every live unit in the scope, in tree order (each unit followed by its children, by code). */
export async function listUnitsInScope(db: DbOrTx, scope: Scope): Promise<ScopedUnit[]> {
	const rows = await db
		.select({ ...unitColumns, parentId: orgUnits.parentId })
		.from(orgUnits)
		.where(and(isNull(orgUnits.mergedIntoId), unitInScope(scope)));
	const ids = new Set(rows.map((r) => r.id));
	const children = new Map<number | null, typeof rows>();
	for (const row of rows) {
		const parent = row.parentId !== null && ids.has(row.parentId) ? row.parentId : null;
		children.set(parent, [...(children.get(parent) ?? []), row]);
	}
	const ordered: ScopedUnit[] = [];
	const visit = (parent: number | null) => {
		for (const row of (children.get(parent) ?? []).sort((a, b) => byCode(a.code, b.code))) {
			const { parentId: _p, ...unit } = row;
			ordered.push(unit);
			visit(row.id);
		}
	};
	visit(null);
	return ordered;
}

/** The units on a path, root first ("/1/4/17/" → province, commune, cell). */
export async function unitAncestry(db: DbOrTx, path: string) {
	const ids = path.split('/').filter(Boolean).map(Number);
	if (ids.length === 0) return [];
	const rows = await db
		.select({ id: orgUnits.id, code: orgUnits.code, name: orgUnits.name, kind: orgUnits.kind })
		.from(orgUnits)
		.where(inArray(orgUnits.id, ids));
	return ids.map((id) => rows.find((r) => r.id === id)).filter((r) => r !== undefined);
}
