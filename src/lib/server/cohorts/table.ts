import { compareVietnamese, foldVietnamese } from '../text/fold';
import { compareSortKeys } from '../people/sort-key';
import { ASSIGNMENT_STATUSES, type AssignmentStatus, type ProgressRow } from './progress';

export const TABLE_SORTS = ['name', 'unit', 'behind'] as const;
export type TableSort = (typeof TABLE_SORTS)[number];

export type TableQuery = {
	q: string;
	status: AssignmentStatus | '';
	unitId: number | null;
	sort: TableSort;
};

/** The table's filter and sort from the URL; anything unknown falls back to the default. */
export function parseTableQuery(params: URLSearchParams): TableQuery {
	const status = params.get('status') ?? '';
	const sort = params.get('sort') ?? '';
	const unit = Number(params.get('unit'));
	return {
		q: (params.get('q') ?? '').trim().slice(0, 100),
		status: (ASSIGNMENT_STATUSES as readonly string[]).includes(status)
			? (status as AssignmentStatus)
			: '',
		unitId: Number.isSafeInteger(unit) && unit > 0 ? unit : null,
		sort: (TABLE_SORTS as readonly string[]).includes(sort) ? (sort as TableSort) : 'name'
	};
}

const undone = (r: ProgressRow) =>
	r.cells.filter((c) => c.status !== 'read' && c.status !== 'passed').length;
const overdue = (r: ProgressRow) => r.cells.filter((c) => c.status === 'overdue').length;

/**
 * Rows matching the filter (name without diacritics, a status in any cell, a unit), sorted by
 * Vietnamese name order (given name first), by unit then name, or most behind first.
 */
export function filterAndSort(rows: ProgressRow[], query: TableQuery): ProgressRow[] {
	const needle = foldVietnamese(query.q);
	const byName = (a: ProgressRow, b: ProgressRow) =>
		compareSortKeys(a.sortKey, b.sortKey) || a.personId - b.personId;
	const sorters: Record<TableSort, (a: ProgressRow, b: ProgressRow) => number> = {
		name: byName,
		unit: (a, b) => compareVietnamese(a.unitName, b.unitName) || byName(a, b),
		behind: (a, b) => overdue(b) - overdue(a) || undone(b) - undone(a) || byName(a, b)
	};
	return rows
		.filter((r) => !needle || foldVietnamese(r.fullName).includes(needle))
		.filter((r) => !query.status || r.cells.some((c) => c.status === query.status))
		.filter((r) => query.unitId === null || r.unitId === query.unitId)
		.sort(sorters[query.sort]);
}

export type ReminderGroup = {
	unitId: number;
	unitCode: string;
	unitName: string;
	people: { personId: number; fullName: string; todo: ProgressRow['cells'] }[];
};

/** Who still has work to do, grouped by cell (what the trainer phones or hands to the commune). */
export function reminderGroups(rows: ProgressRow[]): ReminderGroup[] {
	const groups = new Map<number, ReminderGroup>();
	for (const row of [...rows].sort((a, b) => compareSortKeys(a.sortKey, b.sortKey))) {
		const todo = row.cells.filter((c) => c.status !== 'read' && c.status !== 'passed');
		if (todo.length === 0) continue;
		const g = groups.get(row.unitId) ?? {
			unitId: row.unitId,
			unitCode: row.unitCode,
			unitName: row.unitName,
			people: []
		};
		g.people.push({ personId: row.personId, fullName: row.fullName, todo });
		groups.set(row.unitId, g);
	}
	return [...groups.values()].sort((a, b) => compareVietnamese(a.unitName, b.unitName));
}
