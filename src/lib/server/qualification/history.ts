import { and, gte, like, sql, type SQLWrapper } from 'drizzle-orm';
import type { DbOrTx } from '../db/client';
import { orgUnits, personUnitHistory } from '../db/schema';
import { rowsOf } from '../orgs/scope';
import { escapeLike } from '../text/fold';

/*
 * A year's figures stay with the unit a person was in when the year ended; the current year's
 * follow the person (the issue, for the 2025 merges and for transfers). Where someone was is read
 * from `person_unit_history` (every creation, transfer and merge writes a row): the unit on a day
 * is the one the first move after that day left (or, for someone created later, the first unit
 * they had); with no move since, it is the unit they are in now.
 */

/** The instant a year ends in Vietnam (UTC+7): 1 January of the next year, 00:00 there. */
export const yearEnd = (year: number) => new Date(Date.UTC(year + 1, 0, 1) - 7 * 3_600_000);

/** People who left a unit under `path` (transfer or merge) since `since`, as a subquery. */
export const movedOutOf = (db: DbOrTx, path: string, since: Date) =>
	db
		.select({ personId: personUnitHistory.personId })
		.from(personUnitHistory)
		.innerJoin(orgUnits, sql`${orgUnits.id} = ${personUnitHistory.fromUnitId}`)
		.where(and(like(orgUnits.path, escapeLike(path) + '%'), gte(personUnitHistory.at, since)));

/**
 * For the people of `personIds` (a subquery) and each year `from`..`to`, the path of the unit
 * they were in when the year ended, where it differs from their unit now: person → year → path.
 */
export async function pastUnitPaths(
	db: DbOrTx,
	personIds: SQLWrapper,
	from: number,
	to: number
): Promise<Map<number, Map<number, string>>> {
	const paths = new Map<number, Map<number, string>>();
	if (from > to) return paths;
	const rows = rowsOf<{ person_id: number; year: number; path: string }>(
		await db.execute(sql`
			select h.person_id, e.year, o.path
			from generate_series(${from}::int, ${to}::int) as e(year)
			join lateral (
				select distinct on (h.person_id) h.person_id,
					coalesce(h.from_unit_id, h.to_unit_id) as unit_id
				from person_unit_history h
				where h.person_id in (${personIds})
					and h.at >= make_timestamptz(e.year + 1, 1, 1, 0, 0, 0, 'Asia/Ho_Chi_Minh')
				order by h.person_id, h.at, h.id
			) h on true
			join people p on p.id = h.person_id
			join org_units o on o.id = h.unit_id
			where h.unit_id <> p.org_unit_id`)
	);
	for (const r of rows) {
		const id = Number(r.person_id);
		const byYear = paths.get(id) ?? new Map<number, string>();
		paths.set(id, byYear);
		byYear.set(Number(r.year), r.path);
	}
	return paths;
}
