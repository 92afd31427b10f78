import { sql, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '../db/client';
import { rowsOf } from '../db/rows';
import type { Position } from '../db/schema';
import { vietnameseSortKey } from '../people/sort-key';
import { compareVietnamese, escapeLike } from '../text/fold';
import type { Day } from './calendar';
import { inScope } from './aggregate';
import { provinceIdOf, scopeCondition } from './facts';
import { ruleVersions } from './store';
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

/** People on a page of the list (the print and the screen show a page; the exports all). */
export const LAGGARDS_PAGE_SIZE = 100;
/** A million pages of 100 is more than any province has people. */
const MAX_PAGE = 1_000_000;
/** Units furthest from qualification shown beside the list (the XLSX export holds them all). */
export const LAGGARD_CELLS_SHOWN = 50;

export const parseLaggardSort = (raw: string | null): LaggardSort =>
	LAGGARD_SORTS.find((s) => s === raw) ?? 'missing';

/** `?page=N`, 1-based: anything but a whole number from 1 up is the first page. */
export const parseLaggardPage = (raw: string | null): number =>
	raw !== null && /^[0-9]+$/.test(raw) && Number(raw) >= 1 ? Number(raw) : 1;

/** Unit codes in Vietnamese order (ICU's: SQL cannot do it on both drivers) as a rank a unit. */
type UnitRank = { unit_id: number; rank: number };
/** The name key of someone whose stored `sort_key` is empty, computed as the people module does. */
type NameKey = { person_id: number; key: string };

const statusRank = sql`array_position(${`{${QUALIFICATION_STATUSES.join(',')}}`}::text[], s.status)`;
const recordset = (rows: object[], columns: SQL) =>
	sql`json_to_recordset(${JSON.stringify(rows)}::json) as ${columns}`;

/** The sort keys' column names: static SQL (no identifier made from text). */
const KEY_COLUMNS = [
	{ bare: sql`k0`, listed: sql`l.k0` },
	{ bare: sql`k1`, listed: sql`l.k1` },
	{ bare: sql`k2`, listed: sql`l.k2` },
	{ bare: sql`k3`, listed: sql`l.k3` }
];

/**
 * The keys of `sort`, as columns k0, k1, …: 'missing' = most reasons first, then status (in
 * `QUALIFICATION_STATUSES` order), then name; 'name' = the Vietnamese sort key byte by byte
 * (`COLLATE "C"`, as `compareSortKeys`), then id; 'unit' = unit code (Vietnamese), then name;
 * 'status' = status, then name. The collation is the column's, so ordering by name keeps it.
 */
function sortKeys(sort: LaggardSort, nameKeys: NameKey[]) {
	const name = nameKeys.length
		? sql`coalesce(nullif(people.sort_key, ''), name_key.key)`
		: sql`people.sort_key`;
	const byName = [sql`(${name} collate "C")`, sql`people.id`];
	const keys = {
		name: byName,
		unit: [sql`unit_rank.rank`, ...byName],
		status: [statusRank, ...byName],
		missing: [sql`jsonb_array_length(s.reasons)`, statusRank, ...byName]
	}[sort];
	const columns = sql.join(
		keys.map((k, i) => sql`${k} as ${KEY_COLUMNS[i].bare}`),
		sql`, `
	);
	// Bare output names inside the statement that makes them, the list's (`l`) outside it.
	const by = (outside: boolean) =>
		sql.join(
			keys.map((_, i) => {
				const named = outside ? KEY_COLUMNS[i].listed : KEY_COLUMNS[i].bare;
				return i === 0 && sort === 'missing' ? sql`${named} desc` : named;
			}),
			sql`, `
		);
	return { columns, by };
}

/**
 * The statements of the list and of the units beside it. `people`: those under the unit not
 * qualified, in the order of `sort`, all of it or a window (sorted on the keys alone; the rows
 * kept are then read whole). `units`: the list's `total` and how many on it have no stored name
 * key (`unkeyed`: the list is read again with their `nameKeys`), with the units that have someone
 * not qualified (null on a row alone when none has), their tracked and qualified counts, lowest
 * share first: all, or the first `unitLimit` with their ties (`readUnits` breaks a tie by the
 * code in Vietnamese order).
 */
export function laggardQueries(
	db: DbOrTx,
	unitPath: string,
	sort: LaggardSort,
	options: {
		unitRanks?: UnitRank[];
		nameKeys?: NameKey[];
		window?: { limit: number; offset: number } | null;
		unitLimit?: number | null;
	} = {}
) {
	const { unitRanks = [], nameKeys = [], window = null, unitLimit = null } = options;
	const keys = sortKeys(sort, nameKeys);
	const joins = [
		sort === 'unit'
			? sql`left join ${recordset(unitRanks, sql`unit_rank(unit_id int, rank int)`)}
				on unit_rank.unit_id = people.org_unit_id`
			: sql``,
		nameKeys.length
			? sql`left join ${recordset(nameKeys, sql`name_key(person_id int, key text)`)}
				on name_key.person_id = people.id`
			: sql``
	];
	const qualified = sql`count(*) filter (where s.status in ('qualified', 'expiring'))`;
	return {
		people: sql`
			select people.id, people.full_name, people.position, people.org_unit_id,
				org_units.code as unit_code, org_units.name as unit_name, s.status, s.reasons,
				s.expires_on::text
			from (select people.id, ${keys.columns}
				from people
				join org_units on org_units.id = people.org_unit_id
				join qualification_summaries s on s.person_id = people.id
				${sql.join(joins, sql` `)}
				where ${scopeCondition(db, { underPath: unitPath })} and s.status <> 'qualified'
				order by ${keys.by(false)}
				${window ? sql`limit ${window.limit}::int offset ${window.offset}::int` : sql``}) l
			join people on people.id = l.id
			join org_units on org_units.id = people.org_unit_id
			join qualification_summaries s on s.person_id = l.id
			order by ${keys.by(true)}`,
		units: sql`
			with per_unit as (
				select org_units.id, org_units.code, org_units.name, count(*)::int as tracked,
					${qualified}::int as qualified,
					count(*) filter (where s.status <> 'qualified') as laggards,
					count(*) filter (where s.status <> 'qualified' and people.sort_key = '') as unkeyed
				${inScope(db, { underPath: unitPath })}
				group by org_units.id, org_units.code, org_units.name)
			select t.total, t.unkeyed, c.id, c.code, c.name, c.tracked, c.qualified
			from (select coalesce(sum(laggards), 0)::int as total,
					coalesce(sum(unkeyed), 0)::int as unkeyed from per_unit) t
			left join lateral (select * from per_unit where qualified < tracked
				order by qualified::float8 / tracked
				${unitLimit === null ? sql`` : sql`fetch first (${unitLimit}::int) rows with ties`}) c
				on true`
	};
}

type Window = { number: number; size: number } | null;

/** The list, or a page of it, as it stands in the order of `sort` (see `laggardQueries`). */
async function readPeople(
	db: DbOrTx,
	unitPath: string,
	sort: LaggardSort,
	order: { unitRanks: UnitRank[]; nameKeys: NameKey[] },
	page: Window
): Promise<Laggard[]> {
	const window = page && { limit: page.size, offset: (page.number - 1) * page.size };
	const rows = rowsOf<{
		id: number;
		full_name: string;
		position: Position;
		org_unit_id: number;
		unit_code: string;
		unit_name: string;
		status: QualificationStatus;
		reasons: Reason[] | string;
		expires_on: Day | null;
	}>(await db.execute(laggardQueries(db, unitPath, sort, { ...order, window }).people));
	return rows.map((r) => ({
		personId: Number(r.id),
		fullName: r.full_name,
		position: r.position,
		unit: { id: Number(r.org_unit_id), code: r.unit_code, name: r.unit_name },
		status: r.status,
		reasons: typeof r.reasons === 'string' ? (JSON.parse(r.reasons) as Reason[]) : r.reasons,
		expiresOn: r.expires_on
	}));
}

/** The list's total, whether some on it lack a stored name key, and the units furthest behind. */
async function readUnits(db: DbOrTx, unitPath: string, limit: number | null) {
	const rows = rowsOf<{
		total: number;
		unkeyed: number;
		id: number | null;
		code: string;
		name: string;
		tracked: number;
		qualified: number;
	}>(await db.execute(laggardQueries(db, unitPath, 'missing', { unitLimit: limit }).units));
	const cells: LaggardCell[] = rows
		.filter((u) => u.id !== null)
		.map((u) => ({
			id: Number(u.id),
			code: u.code,
			name: u.name,
			tracked: Number(u.tracked),
			qualified: Number(u.qualified),
			share: Number(u.qualified) / Number(u.tracked)
		}))
		.sort((a, b) => a.share - b.share || compareVietnamese(a.code, b.code) || a.id - b.id);
	return {
		total: Number(rows[0].total),
		unkeyed: Number(rows[0].unkeyed),
		cells: limit === null ? cells : cells.slice(0, limit)
	};
}

/** Every unit under the path ranked by code in Vietnamese order (codes it holds equal share one). */
async function unitRanksUnder(db: DbOrTx, unitPath: string): Promise<UnitRank[]> {
	const units = rowsOf<{ id: number; code: string }>(
		await db.execute(sql`
			select org_units.id, org_units.code from org_units
			where org_units.path like ${escapeLike(unitPath) + '%'}`)
	).sort((a, b) => compareVietnamese(a.code, b.code));
	let rank = 0;
	return units.map((u, i) => {
		if (i > 0 && compareVietnamese(units[i - 1].code, u.code) !== 0) rank++;
		return { unit_id: Number(u.id), rank };
	});
}

/** The name keys of those on the list without a stored one. */
async function missingNameKeys(db: DbOrTx, unitPath: string): Promise<NameKey[]> {
	const rows = rowsOf<{ id: number; full_name: string }>(
		await db.execute(sql`
			select people.id, people.full_name
			${inScope(db, { underPath: unitPath })}
				and s.status <> 'qualified' and people.sort_key = ''`)
	);
	return rows.map((r) => ({ person_id: Number(r.id), key: vietnameseSortKey(r.full_name) }));
}

/**
 * The list (or a page: past the end, the last) with its total and units, in two statements
 * at once: the list is read again only when the page was past the end or someone on it has no
 * stored name key.
 */
async function readList(
	db: DbOrTx,
	unitPath: string,
	sort: LaggardSort,
	page: Window,
	unitLimit: number | null
) {
	const order = { unitRanks: [] as UnitRank[], nameKeys: [] as NameKey[] };
	const [first, units] = await Promise.all([
		(async () => {
			if (sort === 'unit') order.unitRanks = await unitRanksUnder(db, unitPath);
			return readPeople(db, unitPath, sort, order, page);
		})(),
		readUnits(db, unitPath, unitLimit)
	]);
	const pages = page ? Math.max(1, Math.ceil(units.total / page.size)) : 1;
	const shown = page && { ...page, number: Math.min(page.number, pages) };
	let people = first;
	if (units.unkeyed > 0 || (page && shown!.number !== page.number)) {
		if (units.unkeyed > 0) order.nameKeys = await missingNameKeys(db, unitPath);
		people = await readPeople(db, unitPath, sort, order, shown);
	}
	return { people, total: units.total, page: shown?.number ?? 1, pages, cells: units.cells };
}

/**
 * Everyone under a unit (the caller checked the scope) who is not qualified, with what they
 * miss, in the order of `sort`, and every unit with someone not qualified, furthest from
 * qualification first (the exports). Null without a rule. Refreshes the summaries first.
 */
export async function laggards(
	db: DbOrTx,
	unit: { id: number; path: string },
	today: Day,
	sort: LaggardSort = 'missing'
): Promise<{ people: Laggard[]; cells: LaggardCell[] } | null> {
	const { versions } = await refreshSummaries(db, { underPath: unit.path }, today);
	if (!ruleInForce(versions, today)) return null;
	const { people, cells } = await readList(db, unit.path, sort, null, null);
	return { people, cells };
}

export type LaggardPage = {
	people: Laggard[];
	/** All the people on the list, and the page shown (a page past the end shows the last). */
	total: number;
	page: number;
	pages: number;
	/** The `LAGGARD_CELLS_SHOWN` units furthest from qualification. */
	cells: LaggardCell[];
};

/**
 * A page of the list `laggards` returns whole, in the same order, with the count. Reads the
 * summaries as they are: the caller refreshed them (`refreshForDashboard`, on the primary).
 */
export async function laggardsPage(
	db: DbOrTx,
	unit: { id: number; path: string },
	today: Day,
	sort: LaggardSort,
	page: number,
	pageSize = LAGGARDS_PAGE_SIZE
): Promise<LaggardPage | null> {
	const versions = await ruleVersions(db, provinceIdOf(unit.path));
	if (!ruleInForce(versions, today)) return null;
	// Any page past the end shows the last one: far past it, the offset is kept within SQL's int.
	const number = Math.min(Math.max(1, Math.floor(page)), MAX_PAGE);
	return readList(db, unit.path, sort, { number, size: pageSize }, LAGGARD_CELLS_SHOWN);
}

/** The modules the reasons of these people name (for their titles). */
export const reasonModuleIds = (people: Laggard[]) => [
	...new Set(people.flatMap((p) => p.reasons.flatMap((r) => ('moduleId' in r ? [r.moduleId] : []))))
];
