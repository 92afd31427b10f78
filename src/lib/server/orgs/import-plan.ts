import { and, inArray, isNull } from 'drizzle-orm';
import { hasRoleAt, scopePaths } from '../auth/access';
import type { SessionUser } from '../auth/session';
import type { DbOrTx } from '../db/client';
import { orgUnits, type OrgImportRow, type OrgKind } from '../db/schema';
import { parseOrgKind } from './kinds';
import { codeProblem, nameProblem, normalizeCode, normalizeName } from './names';
import { inScope } from './scope';

export type ImportErrorCode =
	| 'empty_code'
	| 'invalid_code'
	| 'empty_name'
	| 'name_too_long'
	| 'empty_kind'
	| 'unknown_kind'
	| 'duplicate_code'
	| 'code_merged'
	| 'code_out_of_scope'
	| 'parent_required'
	| 'parent_is_self'
	| 'unknown_parent'
	| 'parent_merged'
	| 'parent_out_of_scope'
	| 'cycle';

/** One problem in one spreadsheet row; `value` is the offending text, `rows`/`codes` give context. */
export type RowError = {
	rowNumber: number;
	error: ImportErrorCode;
	value?: string;
	otherRow?: number;
	codes?: string[];
};

export type Change = 'name' | 'kind' | 'parent';

export type PlannedRow = {
	rowNumber: number;
	code: string;
	name: string;
	kind: OrgKind;
	parentCode: string | null;
	action: 'create' | 'update' | 'unchanged';
	changes: Change[];
	unitId: number | null;
	before: { name: string; kind: OrgKind; parentCode: string | null } | null;
};

export type ImportPlan = {
	rows: PlannedRow[];
	errors: RowError[];
	counts: { create: number; update: number; unchanged: number };
};

type Known = {
	id: number;
	code: string;
	name: string;
	kind: OrgKind;
	parentId: number | null;
	path: string;
};

/**
 * Decides, without changing anything, what a tree file would do for this actor: which rows
 * create a unit, which update one (name, kind, parent) and which change nothing, and every
 * row's problems with its spreadsheet row number. Parents may come after their children.
 */
export async function planImport(
	db: DbOrTx,
	actor: SessionUser,
	input: OrgImportRow[]
): Promise<ImportPlan> {
	const paths = scopePaths(actor, 'manager');
	const errors: RowError[] = [];
	const fail = (e: RowError) => errors.push(e);

	const live: Known[] = await db
		.select({
			id: orgUnits.id,
			code: orgUnits.code,
			name: orgUnits.name,
			kind: orgUnits.kind,
			parentId: orgUnits.parentId,
			path: orgUnits.path
		})
		.from(orgUnits)
		.where(and(inScope(paths), isNull(orgUnits.mergedIntoId)));
	const byCode = new Map(live.map((u) => [u.code, u]));
	const byId = new Map(live.map((u) => [u.id, u]));

	type Parsed = {
		row: OrgImportRow;
		code: string;
		name: string;
		kind: OrgKind | null;
		parent: string;
	};
	const parsed: Parsed[] = [];
	const firstRowOf = new Map<string, number>();
	for (const row of input) {
		const code = normalizeCode(row.code);
		const name = normalizeName(row.name);
		const parent = normalizeCode(row.parentCode);
		let ok = true;
		const codeErr = codeProblem(code);
		if (codeErr) {
			fail({ rowNumber: row.rowNumber, error: codeErr, value: row.code });
			ok = false;
		} else if (firstRowOf.has(code)) {
			fail({
				rowNumber: row.rowNumber,
				error: 'duplicate_code',
				value: code,
				otherRow: firstRowOf.get(code)
			});
			ok = false;
		} else firstRowOf.set(code, row.rowNumber);
		const nameErr = nameProblem(name);
		if (nameErr) {
			fail({ rowNumber: row.rowNumber, error: nameErr });
			ok = false;
		}
		const kind = row.kind.trim() === '' ? null : parseOrgKind(row.kind);
		if (row.kind.trim() !== '' && !kind) {
			fail({ rowNumber: row.rowNumber, error: 'unknown_kind', value: row.kind });
			ok = false;
		}
		if (parent !== '' && parent === code) {
			fail({ rowNumber: row.rowNumber, error: 'parent_is_self', value: parent });
			ok = false;
		}
		if (ok) parsed.push({ row, code, name, kind, parent });
	}

	// Codes the actor does not manage (or that were merged away) still exist: say so precisely.
	const inFile = new Set(parsed.map((p) => p.code));
	const unknownCodes = [
		...new Set(parsed.flatMap((p) => [p.code, p.parent]).filter((c) => c && !byCode.has(c)))
	];
	const elsewhere = new Map<string, { merged: boolean; inScope: boolean }>();
	for (let i = 0; i < unknownCodes.length; i += 1000) {
		const rows = await db
			.select({ code: orgUnits.code, path: orgUnits.path, mergedIntoId: orgUnits.mergedIntoId })
			.from(orgUnits)
			.where(inArray(orgUnits.code, unknownCodes.slice(i, i + 1000)));
		for (const r of rows) {
			elsewhere.set(r.code, {
				merged: r.mergedIntoId !== null,
				inScope: hasRoleAt(actor, 'manager', r.path)
			});
		}
	}

	// Parents of scope roots lie outside the scope: known by code only to recognise "no change".
	const outsideIds = [...new Set(live.map((u) => u.parentId))].filter(
		(id): id is number => id !== null && !byId.has(id)
	);
	const outsideCode = new Map<number, string>();
	if (outsideIds.length) {
		const rows = await db
			.select({ id: orgUnits.id, code: orgUnits.code })
			.from(orgUnits)
			.where(inArray(orgUnits.id, outsideIds));
		for (const r of rows) outsideCode.set(r.id, r.code);
	}
	const parentCodeOf = (u: Known) =>
		u.parentId === null
			? null
			: (byId.get(u.parentId)?.code ?? outsideCode.get(u.parentId) ?? null);

	const planned: PlannedRow[] = [];
	const finalParent = new Map<string, string | null>();
	for (const p of parsed) {
		const n = p.row.rowNumber;
		const existing = byCode.get(p.code) ?? null;
		const other = elsewhere.get(p.code);
		if (!existing && other) {
			fail({
				rowNumber: n,
				error: other.inScope && other.merged ? 'code_merged' : 'code_out_of_scope',
				value: p.code
			});
			continue;
		}
		const currentParent = existing ? parentCodeOf(existing) : null;
		const keepsParent = existing !== null && (p.parent === '' || p.parent === currentParent);
		if (!existing && p.parent === '') {
			fail({ rowNumber: n, error: 'parent_required' });
			continue;
		}
		// A parent exists in the tree (in scope, merged or elsewhere) or is created by this file.
		const at = elsewhere.get(p.parent);
		if (!keepsParent && !byCode.has(p.parent) && (at || !inFile.has(p.parent))) {
			const error = !at ? 'unknown_parent' : !at.inScope ? 'parent_out_of_scope' : 'parent_merged';
			fail({ rowNumber: n, error, value: p.parent });
			continue;
		}
		if (!existing && !p.kind) {
			fail({ rowNumber: n, error: 'empty_kind' });
			continue;
		}
		const kind = p.kind ?? existing!.kind;
		const parentCode = keepsParent ? currentParent : p.parent;
		const changes: Change[] = [];
		if (existing) {
			if (existing.name !== p.name) changes.push('name');
			if (existing.kind !== kind) changes.push('kind');
			if (!keepsParent) changes.push('parent');
		}
		finalParent.set(p.code, parentCode);
		const shownParent = (code: string | null) => (code && byCode.has(code) ? code : null);
		planned.push({
			rowNumber: n,
			code: p.code,
			name: p.name,
			kind,
			parentCode: keepsParent ? shownParent(currentParent) : parentCode,
			action: !existing ? 'create' : changes.length ? 'update' : 'unchanged',
			changes,
			unitId: existing?.id ?? null,
			before: existing
				? { name: existing.name, kind: existing.kind, parentCode: shownParent(currentParent) }
				: null
		});
	}

	// The tree after the import must stay a tree: walk each row's new ancestors looking for itself.
	const parentOf = (code: string): string | null => {
		if (finalParent.has(code)) return finalParent.get(code)!;
		const u = byCode.get(code);
		return u?.parentId ? (byId.get(u.parentId)?.code ?? null) : null;
	};
	const inCycle = new Set<string>();
	for (const row of planned) {
		if (!row.changes.includes('parent') && row.action !== 'create') continue;
		const chain = [row.code];
		const seen = new Set(chain);
		for (let cur = parentOf(row.code); cur !== null; cur = parentOf(cur)) {
			if (cur === row.code) {
				fail({ rowNumber: row.rowNumber, error: 'cycle', codes: [...chain, row.code] });
				inCycle.add(row.code);
				break;
			}
			if (seen.has(cur)) break;
			seen.add(cur);
			chain.push(cur);
		}
	}

	errors.sort((a, b) => a.rowNumber - b.rowNumber);
	const rows = planned.filter((r) => !inCycle.has(r.code));
	return {
		rows,
		errors,
		counts: {
			create: rows.filter((r) => r.action === 'create').length,
			update: rows.filter((r) => r.action === 'update').length,
			unchanged: rows.filter((r) => r.action === 'unchanged').length
		}
	};
}
