import { and, count, eq, inArray, isNull, like, ne, notLike, or, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { DbOrTx } from '../db/client';
import { orgUnits, people, type OrgKind } from '../db/schema';
import { compareVietnamese, escapeLike, foldVietnamese } from '../text/fold';
import { inScope } from './scope';

export type TreeNode = {
	id: number;
	code: string;
	name: string;
	kind: OrgKind;
	/** Live child units, whether or not they are shown. */
	childCount: number;
	/** People in the unit itself and in its whole subtree. */
	peopleDirect: number;
	peopleTotal: number;
	children: TreeNode[];
};

export type ScopeTree = { roots: TreeNode[]; unitCount: number; shownDepth: number | null };

type Row = {
	id: number;
	code: string;
	name: string;
	kind: OrgKind;
	parentId: number | null;
	path: string;
	depth: number;
};

/** Siblings in Vietnamese alphabetical order (Ă after A, Đ after D, "tổ 2" before "tổ 10"), then code. */
const bySiblingOrder = (a: { name: string; code: string }, b: { name: string; code: string }) =>
	compareVietnamese(a.name, b.name) || compareVietnamese(a.code, b.code);

/**
 * The live units under the given scope roots, as nested nodes in Vietnamese order, with people
 * counts. A very large tree is cut at the depth that keeps at most `maxNodes` units on the
 * page (`shownDepth`); nodes at the cut still report their `childCount`.
 */
export async function listScopeTree(
	db: DbOrTx,
	paths: string[],
	{ maxNodes = 1500 } = {}
): Promise<ScopeTree> {
	const rows: Row[] = await db
		.select({
			id: orgUnits.id,
			code: orgUnits.code,
			name: orgUnits.name,
			kind: orgUnits.kind,
			parentId: orgUnits.parentId,
			path: orgUnits.path,
			depth: orgUnits.depth
		})
		.from(orgUnits)
		.where(and(inScope(paths), isNull(orgUnits.mergedIntoId)));
	const direct = await peopleCountsByUnit(db, paths);

	const nodes = new Map<number, TreeNode & { row: Row }>();
	for (const row of rows) {
		const n = direct.get(row.id) ?? 0;
		nodes.set(row.id, {
			...pick(row),
			childCount: 0,
			peopleDirect: n,
			peopleTotal: 0,
			children: [],
			row
		});
	}
	for (const node of nodes.values()) {
		// Each person counts in every ancestor's total (ancestors are the ids in the path).
		for (const id of node.row.path.split('/').filter(Boolean).map(Number)) {
			const ancestor = nodes.get(id);
			if (ancestor) ancestor.peopleTotal += node.peopleDirect;
		}
		if (node.row.parentId !== null) {
			const parent = nodes.get(node.row.parentId);
			if (parent) parent.childCount++;
		}
	}

	const roots = [...nodes.values()].filter((n) => paths.includes(n.row.path));
	const relDepth = (n: { row: Row }) => {
		const root = roots.find((r) => n.row.path.startsWith(r.row.path));
		return root ? n.row.depth - root.row.depth : 0;
	};
	const perDepth: number[] = [];
	for (const n of nodes.values()) perDepth[relDepth(n)] = (perDepth[relDepth(n)] ?? 0) + 1;
	let shownDepth: number | null = null;
	if (nodes.size > maxNodes) {
		let total = 0;
		shownDepth = 0;
		for (let d = 0; d < perDepth.length; d++) {
			total += perDepth[d] ?? 0;
			if (total > maxNodes) break;
			shownDepth = d;
		}
	}
	for (const node of nodes.values()) {
		if (node.row.parentId === null || (shownDepth !== null && relDepth(node) > shownDepth))
			continue;
		if (paths.includes(node.row.path)) continue;
		nodes.get(node.row.parentId)?.children.push(node);
	}
	const strip = (n: TreeNode & { row?: Row }): TreeNode => ({
		id: n.id,
		code: n.code,
		name: n.name,
		kind: n.kind,
		childCount: n.childCount,
		peopleDirect: n.peopleDirect,
		peopleTotal: n.peopleTotal,
		children: n.children.sort(bySiblingOrder).map(strip)
	});
	return { roots: roots.sort(bySiblingOrder).map(strip), unitCount: nodes.size, shownDepth };
}

const pick = (r: Row) => ({ id: r.id, code: r.code, name: r.name, kind: r.kind });

async function peopleCountsByUnit(db: DbOrTx, paths: string[]): Promise<Map<number, number>> {
	const rows = await db
		.select({ unitId: people.orgUnitId, n: count() })
		.from(people)
		.innerJoin(orgUnits, eq(orgUnits.id, people.orgUnitId))
		.where(inScope(paths))
		.groupBy(people.orgUnitId);
	return new Map(rows.map((r) => [r.unitId, Number(r.n)]));
}

export type UnitMatch = {
	id: number;
	code: string;
	name: string;
	kind: OrgKind;
	parentName: string | null;
};

/**
 * Live units in scope whose name (without diacritics: "tan lap" finds "Tân Lập") or code contains
 * the query, in Vietnamese order. With `all`, an empty query lists every unit (of `kinds`).
 */
export async function searchUnits(
	db: DbOrTx,
	paths: string[],
	query: string,
	{ limit = 100, kinds, all = false }: { limit?: number; kinds?: OrgKind[]; all?: boolean } = {}
): Promise<{ matches: UnitMatch[]; more: boolean }> {
	const folded = foldVietnamese(query);
	if (folded === '' && !all) return { matches: [], more: false };
	const pattern = '%' + escapeLike(folded) + '%';
	const parent = alias(orgUnits, 'parent_unit');
	const rows = await db
		.select({
			id: orgUnits.id,
			code: orgUnits.code,
			name: orgUnits.name,
			kind: orgUnits.kind,
			parentName: parent.name
		})
		.from(orgUnits)
		.leftJoin(parent, eq(parent.id, orgUnits.parentId))
		.where(
			and(
				inScope(paths),
				isNull(orgUnits.mergedIntoId),
				kinds ? inArray(orgUnits.kind, kinds) : undefined,
				or(like(orgUnits.searchText, pattern), like(sql`lower(${orgUnits.code})`, pattern))
			)
		)
		.orderBy(orgUnits.depth, orgUnits.code)
		.limit(limit + 1);
	return { matches: rows.slice(0, limit).sort(bySiblingOrder), more: rows.length > limit };
}

/** Units a unit could move under: live, in scope, not cells, not inside the unit's own subtree. */
export async function moveTargets(
	db: DbOrTx,
	paths: string[],
	unit: { path: string },
	limit = 500
): Promise<{ code: string; name: string }[]> {
	const rows = await db
		.select({ code: orgUnits.code, name: orgUnits.name })
		.from(orgUnits)
		.where(
			and(
				inScope(paths),
				isNull(orgUnits.mergedIntoId),
				ne(orgUnits.kind, 'cell'),
				notLike(orgUnits.path, escapeLike(unit.path) + '%')
			)
		)
		.orderBy(orgUnits.depth, orgUnits.code)
		.limit(limit);
	return rows.sort(bySiblingOrder);
}
