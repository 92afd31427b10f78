import { sql } from 'drizzle-orm';
import type { DbOrTx } from '../db/client';
import { rowsOf } from '../db/rows';
import type { Position } from '../db/schema';
import { compareSortKeys, vietnameseSortKey } from '../people/sort-key';
import { compareVietnamese } from '../text/fold';
import type { Day } from './calendar';
import { inScope } from './aggregate';
import { refreshSummaries } from './summary';
import {
	QUALIFICATION_STATUSES,
	ruleInForce,
	type QualificationStatus,
	type Reason
} from './rules';

export type Laggard = {
	personId: number;
	fullName: string;
	position: Position;
	unit: { id: number; code: string; name: string };
	status: QualificationStatus;
	reasons: Reason[];
	expiresOn: Day | null;
};

export type LaggardCell = {
	id: number;
	code: string;
	name: string;
	tracked: number;
	qualified: number;
	share: number;
};

export const LAGGARD_SORTS = ['missing', 'name', 'unit', 'status'] as const;
export type LaggardSort = (typeof LAGGARD_SORTS)[number];

export const parseLaggardSort = (raw: string | null): LaggardSort =>
	LAGGARD_SORTS.find((s) => s === raw) ?? 'missing';

/** Furthest from qualification first: not started, in progress, expired, expiring. */
const statusRank = (s: QualificationStatus) => QUALIFICATION_STATUSES.indexOf(s);

function comparator(sort: LaggardSort) {
	const byName = (a: Laggard & { key: string }, b: Laggard & { key: string }) =>
		compareSortKeys(a.key, b.key) || a.personId - b.personId;
	const byUnit = (a: Laggard, b: Laggard) => compareVietnamese(a.unit.code, b.unit.code);
	switch (sort) {
		case 'name':
			return byName;
		case 'unit':
			return (a: Laggard & { key: string }, b: Laggard & { key: string }) =>
				byUnit(a, b) || byName(a, b);
		case 'status':
			return (a: Laggard & { key: string }, b: Laggard & { key: string }) =>
				statusRank(a.status) - statusRank(b.status) || byName(a, b);
		default:
			return (a: Laggard & { key: string }, b: Laggard & { key: string }) =>
				b.reasons.length - a.reasons.length ||
				statusRank(a.status) - statusRank(b.status) ||
				byName(a, b);
	}
}

/** The people not qualified under a unit now, and per unit the tracked and qualified counts. */
export function laggardQueries(db: DbOrTx, unitPath: string) {
	const scope = { underPath: unitPath };
	return {
		people: sql`
			select people.id, people.full_name, people.position, people.sort_key,
				people.org_unit_id, s.status, s.reasons, s.expires_on::text
			${inScope(db, scope)} and s.status <> 'qualified'`,
		units: sql`
			select org_units.id, org_units.code, org_units.name, count(*)::int as tracked,
				count(*) filter (where s.status in ('qualified', 'expiring'))::int as qualified
			${inScope(db, scope)}
			group by org_units.id, org_units.code, org_units.name`
	};
}

/**
 * Who under a unit (the caller checked the scope) is not qualified, with what they miss, and the
 * units whose people are furthest from qualification (lowest share first). Null without a rule.
 * Read from the summaries (`summary.ts`), refreshed first.
 */
export async function laggards(
	db: DbOrTx,
	unit: { id: number; path: string },
	today: Day,
	sort: LaggardSort = 'missing'
): Promise<{ people: Laggard[]; cells: LaggardCell[] } | null> {
	const scope = { underPath: unit.path };
	const { versions } = await refreshSummaries(db, scope, today);
	if (!ruleInForce(versions, today)) return null;
	const queries = laggardQueries(db, unit.path);
	const [people, units] = await Promise.all([
		db.execute(queries.people),
		db.execute(queries.units)
	]);
	const unitRows = rowsOf<{
		id: number;
		code: string;
		name: string;
		tracked: number;
		qualified: number;
	}>(units);
	const unitById = new Map(
		unitRows.map((u) => [Number(u.id), { id: Number(u.id), code: u.code, name: u.name }])
	);
	const rows = rowsOf<{
		id: number;
		full_name: string;
		position: Position;
		sort_key: string;
		org_unit_id: number;
		status: QualificationStatus;
		reasons: Reason[] | string;
		expires_on: Day | null;
	}>(people).map((r) => ({
		personId: Number(r.id),
		fullName: r.full_name,
		position: r.position,
		unit: unitById.get(Number(r.org_unit_id))!,
		status: r.status,
		reasons: typeof r.reasons === 'string' ? (JSON.parse(r.reasons) as Reason[]) : r.reasons,
		expiresOn: r.expires_on,
		key: r.sort_key || vietnameseSortKey(r.full_name)
	}));
	rows.sort(comparator(sort));
	return {
		people: rows.map(({ key: _key, ...rest }) => rest),
		cells: unitRows
			.map((u) => ({
				...unitById.get(Number(u.id))!,
				tracked: Number(u.tracked),
				qualified: Number(u.qualified),
				share: Number(u.qualified) / Number(u.tracked)
			}))
			.filter((c) => c.qualified < c.tracked)
			.sort((a, b) => a.share - b.share || compareVietnamese(a.code, b.code))
	};
}
