import { sql } from 'drizzle-orm';
import type { DbOrTx } from '../db/client';
import { rowsOf } from '../orgs/scope';

const depthOf = (path: string) => path.split('/').filter(Boolean).length - 1;

/**
 * Unit kinds that run a level set to "each commune or ward": since the 2025 reform the
 * commune-level party committees (communes, wards, special zones) and the grassroots committees of
 * agencies are the grassroots level. Any other kind runs alone.
 */
export const COMMUNE_LEVEL_KINDS = ['commune', 'ward', 'special_zone', 'grassroots'] as const;

/**
 * The SQL expression for the unit a registration (alias `r`, its own unit `u`) counts under in
 * per-unit figures (monitor, quotas, prizes, exports). A level run per unit kind (its `unit_kind`)
 * groups by the candidate's nearest unit of that kind within the organizing unit (the commune of
 * a cell; the grassroots committee of an agency's cell, not the agency); otherwise, or when the
 * candidate has no such unit, by the organizing unit's direct sub-unit containing the candidate's
 * unit, or the organizing unit itself.
 */
export function groupingUnitSql(
	contestUnit: { id: number; path: string },
	pathColumn = sql`u.path`
) {
	// Ancestor at depth d of a unit with path "/1/4/17/" is split_part(path, '/', d + 2).
	const part = depthOf(contestUnit.path) + 3;
	const communeKinds = `{${COMMUNE_LEVEL_KINDS.join(',')}}`;
	return sql`coalesce(
		(select a.id from contest_levels l
			join org_units a
				on a.id = any(string_to_array(trim(both '/' from ${pathColumn}), '/')::int[])
			where l.id = r.level_id and l.unit_kind is not null
				and a.kind = any(case when l.unit_kind = 'commune' then ${communeKinds}::text[]
					else array[l.unit_kind] end)
				and starts_with(a.path, ${contestUnit.path})
			order by length(a.path) desc limit 1),
		nullif(split_part(${pathColumn}, '/', ${part}), '')::int,
		${contestUnit.id})`;
}

/** Registration id → grouping unit id, for a level's candidates. */
export async function groupingUnits(
	db: DbOrTx,
	levelId: number,
	contestUnit: { id: number; path: string }
): Promise<Map<number, number>> {
	const result = await db.execute(sql`
		select r.id, ${groupingUnitSql(contestUnit)} as unit_id
		from contest_registrations r join org_units u on u.id = r.org_unit_id
		where r.level_id = ${levelId}
	`);
	return new Map(
		rowsOf<{ id: number; unit_id: number }>(result).map((r) => [Number(r.id), Number(r.unit_id)])
	);
}

export type CandidateInfo = {
	registrationId: number;
	code: string;
	name: string;
	unitName: string;
	groupName: string;
	groupId: number;
};

/** Who the candidates are (name, code, own unit, grouping unit), for pages and exports. */
export async function candidateInfo(
	db: DbOrTx,
	registrationIds: number[],
	contestUnit: { id: number; path: string }
): Promise<Map<number, CandidateInfo>> {
	const out = new Map<number, CandidateInfo>();
	for (let i = 0; i < registrationIds.length; i += 5000) {
		const ids = registrationIds.slice(i, i + 5000);
		const result = await db.execute(sql`
			select r.id, r.candidate_code, coalesce(p.full_name, us.display_name) as name,
				u.name as unit_name, g.id as group_id, g.name as group_name
			from contest_registrations r
			join users us on us.id = r.user_id
			left join people p on p.id = r.person_id
			join org_units u on u.id = r.org_unit_id
			join org_units g on g.id = ${groupingUnitSql(contestUnit)}
			where r.id = any(${`{${ids.join(',')}}`}::int[])
		`);
		for (const r of rowsOf<{
			id: number;
			candidate_code: string;
			name: string;
			unit_name: string;
			group_id: number;
			group_name: string;
		}>(result)) {
			out.set(Number(r.id), {
				registrationId: Number(r.id),
				code: r.candidate_code,
				name: r.name,
				unitName: r.unit_name,
				groupId: Number(r.group_id),
				groupName: r.group_name
			});
		}
	}
	return out;
}

/**
 * The registration at this level with this candidate number (as printed on cards and lists:
 * case and surrounding spaces do not matter), or null.
 */
export async function registrationByCode(
	db: DbOrTx,
	levelId: number,
	code: string
): Promise<number | null> {
	const wanted = code.trim().toUpperCase();
	if (!/^[A-Z0-9]{1,32}$/.test(wanted)) return null;
	const result = await db.execute(sql`
		select id from contest_registrations
		where level_id = ${levelId} and upper(candidate_code) = ${wanted}
		limit 1
	`);
	const row = rowsOf<{ id: number }>(result)[0];
	return row ? Number(row.id) : null;
}
