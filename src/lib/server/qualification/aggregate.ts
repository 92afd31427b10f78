import { sql } from 'drizzle-orm';
import type { DbOrTx } from '../db/client';
import { rowsOf } from '../db/rows';
import type { Day } from './calendar';
import { scopedPersonIds, type PeopleScope } from './facts';
import type { IndicatorCounts } from './indicators';
import type { Evaluation, QualificationStatus } from './rules';

/*
 * The dashboard's figures counted in SQL over the summaries (`summary.ts`, refreshed first): a
 * person's unit in a year is where they were when it ended (`history.ts`) for past years and
 * their unit now for the current one; a person counts as qualified in a past year when a
 * qualified period holds its last day, and by today's status otherwise (`indicators.yearDay`).
 */

/** The child of `path` under `unitPath` a path lies in ('' → the unit itself: null). */
const childOf = (unitPath: string, path: ReturnType<typeof sql>) =>
	sql`nullif(split_part(substr(${path}, ${unitPath.length + 1}::int), '/', 1), '')::int`;

const under = (unitPath: string, path: ReturnType<typeof sql>) =>
	sql`left(${path}, ${unitPath.length}::int) = ${unitPath}`;

/** Counts per child unit (null: the unit's own people) and status, of the people under it now. */
export async function statusCounts(db: DbOrTx, scope: PeopleScope & { underPath: string }) {
	const rows = rowsOf<{ child: number | null; status: QualificationStatus; n: number }>(
		await db.execute(sql`
			select ${childOf(scope.underPath, sql`o.path`)} as child, s.status, count(*)::int as n
			from people p
			join org_units o on o.id = p.org_unit_id
			join qualification_summaries s on s.person_id = p.id
			where p.id in (${scopedPersonIds(db, { underPath: scope.underPath })})
			group by 1, 2`)
	);
	return rows.map((r) => ({
		child: r.child === null ? null : Number(r.child),
		status: r.status,
		n: Number(r.n)
	}));
}

/** The tracked people whose unit is this one itself, with their evaluation. */
export async function ownPeople(db: DbOrTx, unit: { id: number; path: string }) {
	const rows = rowsOf<{
		id: number;
		full_name: string;
		status: QualificationStatus;
		reasons: Evaluation['reasons'];
		expires_on: Day | null;
		qualified_under: Day | null;
		rule_from: Day;
	}>(
		await db.execute(sql`
			select p.id, p.full_name, s.status, s.reasons, s.expires_on::text, s.qualified_under::text,
				s.rule_from::text
			from people p
			join qualification_summaries s on s.person_id = p.id
			where p.org_unit_id = ${unit.id}
				and p.id in (${scopedPersonIds(db, { underPath: unit.path })})`)
	);
	return rows.map((r) => ({
		id: Number(r.id),
		fullName: r.full_name,
		evaluation: {
			status: r.status,
			reasons: typeof r.reasons === 'string' ? JSON.parse(r.reasons) : r.reasons,
			expiresOn: r.expires_on,
			qualifiedUnder: r.qualified_under,
			ruleFrom: r.rule_from
		} satisfies Evaluation
	}));
}

/** Finished practice attempts at the required modules per 10-point band, under the unit now. */
export async function distribution(db: DbOrTx, unitPath: string): Promise<number[]> {
	const rows = rowsOf<{ band: number; n: number }>(
		await db.execute(sql`
			select b.band, sum(s.score_bands[b.band + 1])::int as n
			from qualification_summaries s
			cross join generate_series(0, 9) as b(band)
			where s.person_id in (${scopedPersonIds(db, { underPath: unitPath })})
			group by b.band`)
	);
	const bands = Array.from({ length: 10 }, () => 0);
	for (const r of rows) bands[Number(r.band)] = Number(r.n ?? 0);
	return bands;
}

export type IndicatorRow = { year: number; child: number | null; counts: IndicatorCounts };

/**
 * The indicators per year `from`..`to` and child unit, over the people in `scope` (those under
 * the unit now, and those who left it since the end of `from`, for the years they were there).
 */
export async function indicatorRows(
	db: DbOrTx,
	scope: PeopleScope & { underPath: string },
	from: number,
	to: number,
	today: Day
): Promise<IndicatorRow[]> {
	const currentYear = Number(today.slice(0, 4));
	const path = scope.underPath;
	const rows = rowsOf<Record<string, number | null>>(
		await db.execute(sql`
		with scoped as materialized (
			select p.id, p.org_unit_id, p.birth_year, p.education_level, p.theory_level, o.path,
				s.status, s.qualified_periods
			from people p
			join org_units o on o.id = p.org_unit_id
			left join qualification_summaries s on s.person_id = p.id
			where p.id in (${scopedPersonIds(db, scope)})
		),
		past as (
			select h.person_id, e.year, o.path
			from generate_series(${from}::int, least(${to}::int, ${currentYear - 1}::int)) as e(year)
			join lateral (
				select distinct on (h.person_id) h.person_id,
					coalesce(h.from_unit_id, h.to_unit_id) as unit_id
				from person_unit_history h
				where h.at >= make_timestamptz(e.year + 1, 1, 1, 0, 0, 0, 'Asia/Ho_Chi_Minh')
					and h.person_id in (select id from scoped)
				order by h.person_id, h.at, h.id
			) h on true
			join scoped p on p.id = h.person_id
			join org_units o on o.id = h.unit_id
			where h.unit_id <> p.org_unit_id
		),
		rated as (
			select person_id, array_agg(year) as years from classification_records
			where person_id in (select id from scoped) and year between ${from}::int and ${to}::int
				and level in ('excellent', 'good')
			group by person_id
		),
		trained as (
			select person_id, array_agg(distinct extract(year from end_on)::int) as years
			from training_records
			where person_id in (select id from scoped)
			group by person_id
		),
		entered as (
			select coalesce(r.person_id, u.person_id) as person_id, array_agg(distinct c.year) as years
			from contest_registrations r
			join contests c on c.id = r.contest_id
			join users u on u.id = r.user_id
			where u.person_id in (select id from scoped) and r.withdrawn_at is null
				and c.year between ${from}::int and ${to}::int
			group by 1
		),
		awarded as (
			select coalesce(r.person_id, u.person_id) as person_id, array_agg(distinct c.year) as years
			from contest_awards a
			join contest_registrations r on r.id = a.registration_id
			join contest_levels l on l.id = a.level_id
			join contests c on c.id = r.contest_id
			join users u on u.id = r.user_id
			where u.person_id in (select id from scoped) and l.prizes_published_at is not null
				and c.year between ${from}::int and ${to}::int
			group by 1
		),
		placed as (
			select s.*, e.year,
				case when e.year < ${currentYear}::int then coalesce(past.path, s.path) else s.path end
					as at_path
			from scoped s
			cross join generate_series(${from}::int, ${to}::int) as e(year)
			left join past on past.person_id = s.id and past.year = e.year
		)
		select x.year, ${childOf(path, sql`x.at_path`)} as child,
			count(*)::int as tracked,
			count(*) filter (where case when make_date(x.year, 12, 31) < ${today}::date
				then coalesce(x.qualified_periods @> make_date(x.year, 12, 31), false)
				else x.status in ('qualified', 'expiring') end)::int as qualified,
			count(*) filter (where x.year = any(r.years))::int as rated_well,
			count(*) filter (where x.education_level in ('university', 'postgraduate'))::int
				as university,
			count(*) filter (where x.theory_level in ('elementary', 'intermediate', 'advanced'))::int
				as theory,
			coalesce(sum(x.year - x.birth_year), 0)::int as age_sum,
			count(x.birth_year)::int as age_known,
			count(*) filter (where x.year - x.birth_year < 40)::int as under40,
			count(*) filter (where x.year = any(t.years))::int as trained,
			count(*) filter (where x.year = any(en.years))::int as contestants,
			count(*) filter (where x.year = any(aw.years))::int as prize_winners
		from placed x
		left join rated r on r.person_id = x.id
		left join trained t on t.person_id = x.id
		left join entered en on en.person_id = x.id
		left join awarded aw on aw.person_id = x.id
		where ${under(path, sql`x.at_path`)}
		group by 1, 2`)
	);
	return rows.map((r) => ({
		year: Number(r.year),
		child: r.child === null ? null : Number(r.child),
		counts: {
			tracked: Number(r.tracked),
			qualified: Number(r.qualified),
			ratedWell: Number(r.rated_well),
			university: Number(r.university),
			theory: Number(r.theory),
			ageSum: Number(r.age_sum),
			ageKnown: Number(r.age_known),
			under40: Number(r.under40),
			trained: Number(r.trained),
			contestants: Number(r.contestants),
			prizeWinners: Number(r.prize_winners)
		}
	}));
}
