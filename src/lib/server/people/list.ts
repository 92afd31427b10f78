import { and, count, eq, sql, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '../db/client';
import { orgUnits, people, POSITIONS, users, type Position } from '../db/schema';
import { escapeLike, foldVietnamese } from '../text/fold';
import { getUnitInScope, unitInScope, type Scope, type ScopedUnit } from './scope';

export const PAGE_SIZE = 50;
const MAX_SEARCH_TERMS = 6;

export type PeopleFilters = {
	q: string;
	unitId: number | null;
	position: Position | null;
	page: number;
};

const positiveInt = (text: string | null) => {
	const n = Number(text);
	return text && Number.isSafeInteger(n) && n > 0 ? n : null;
};

/** Filters from a query string; anything malformed is treated as absent, never as an error. */
export function parsePeopleFilters(params: URLSearchParams): PeopleFilters {
	const position = params.get('position');
	return {
		q: (params.get('q') ?? '').trim().slice(0, 100),
		unitId: positiveInt(params.get('unit')),
		position: POSITIONS.includes(position as Position) ? (position as Position) : null,
		page: positiveInt(params.get('page')) ?? 1
	};
}

export type AccountStatus = 'active' | 'pending' | 'disabled' | 'none';

const accountStatus = sql<AccountStatus>`case
	when ${users.id} is null then 'none'
	when ${users.disabledAt} is not null then 'disabled'
	when ${users.passwordHash} is null then 'pending'
	else 'active' end`;

function peopleConditions(scope: Scope, filters: PeopleFilters, unit: ScopedUnit | null) {
	const conditions: SQL[] = [unitInScope(scope)];
	if (unit) conditions.push(sql`${orgUnits.path} like ${unit.path + '%'}`);
	if (filters.position) conditions.push(eq(people.position, filters.position));
	const terms = foldVietnamese(filters.q).split(' ').filter(Boolean).slice(0, MAX_SEARCH_TERMS);
	for (const term of terms) {
		conditions.push(sql`${people.searchText} like ${'%' + escapeLike(term) + '%'}`);
	}
	return and(...conditions);
}

const listColumns = {
	id: people.id,
	fullName: people.fullName,
	position: people.position,
	birthYear: people.birthYear,
	unitId: orgUnits.id,
	unitCode: orgUnits.code,
	unitName: orgUnits.name,
	username: users.username,
	account: accountStatus
};

export type PeopleListRow = {
	id: number;
	fullName: string;
	position: Position;
	birthYear: number | null;
	unitId: number;
	unitCode: string;
	unitName: string;
	username: string | null;
	account: AccountStatus;
};

export type PeoplePage = {
	rows: PeopleListRow[];
	total: number;
	page: number;
	pages: number;
	unit: ScopedUnit | null;
};

/**
 * One page of the people a manager may see, searched without diacritics ("nguyen" finds
 * "Nguyễn") and in Vietnamese order. Null when the unit filter names a unit outside the scope.
 */
export async function listPeople(
	db: DbOrTx,
	scope: Scope,
	filters: PeopleFilters
): Promise<PeoplePage | null> {
	const unit = filters.unitId === null ? null : await getUnitInScope(db, filters.unitId, scope);
	if (filters.unitId !== null && !unit) return null;
	const where = peopleConditions(scope, filters, unit);
	const [{ total }] = await db
		.select({ total: count() })
		.from(people)
		.innerJoin(orgUnits, eq(orgUnits.id, people.orgUnitId))
		.where(where);
	const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
	const page = Math.min(filters.page, pages);
	const rows = await db
		.select(listColumns)
		.from(people)
		.innerJoin(orgUnits, eq(orgUnits.id, people.orgUnitId))
		.leftJoin(users, eq(users.personId, people.id))
		.where(where)
		.orderBy(sql`${people.sortKey} collate "C"`, people.id)
		.limit(PAGE_SIZE)
		.offset((page - 1) * PAGE_SIZE);
	return { rows, total, page, pages, unit };
}

export const EXPORT_MAX_ROWS = 100_000;

/** Every person matching the filters (no paging), with the columns of an export. */
export async function listPeopleForExport(db: DbOrTx, scope: Scope, filters: PeopleFilters) {
	const unit = filters.unitId === null ? null : await getUnitInScope(db, filters.unitId, scope);
	if (filters.unitId !== null && !unit) return null;
	const rows = await db
		.select({
			...listColumns,
			gender: people.gender,
			educationLevel: people.educationLevel,
			theoryLevel: people.theoryLevel,
			phone: people.phone,
			partyCardNumber: people.partyCardNumber
		})
		.from(people)
		.innerJoin(orgUnits, eq(orgUnits.id, people.orgUnitId))
		.leftJoin(users, eq(users.personId, people.id))
		.where(peopleConditions(scope, filters, unit))
		.orderBy(sql`${people.sortKey} collate "C"`, people.id)
		.limit(EXPORT_MAX_ROWS);
	return { rows, unit };
}

export type PeopleExportRow = NonNullable<
	Awaited<ReturnType<typeof listPeopleForExport>>
>['rows'][number];
