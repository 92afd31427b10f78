import { sql, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '../db/client';
import { rowsOf } from '../db/rows';
import { escapeLike } from '../text/fold';
import type { Day } from './calendar';
import { scopeCondition, type PeopleScope } from './facts';
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

/**
 * The people in scope with their summary (`s`): the tables unaliased (`people`, `org_units`), as
 * the scope's condition names them.
 */
export const inScope = (db: DbOrTx, scope: PeopleScope) => sql`
	from people
	join org_units on org_units.id = people.org_unit_id
	join qualification_summaries s on s.person_id = people.id
	where ${scopeCondition(db, scope)}`;

/**
 * A scope as disjoint branches (those under the unit now; those who left it since),
 * so that PostgreSQL estimates each one rather than an `or` of both.
 */
const scopeBranches = (scope: { underPath: string; movedOutSince?: Date }): PeopleScope[] =>
	scope.movedOutSince
		? [{ underPath: scope.underPath }, { leftPath: scope.underPath, since: scope.movedOutSince }]
		: [scope];

/** Counts per child unit (null: the unit's own people) and status, of the people under it now. */
export const statusCountsQuery = (db: DbOrTx, unitPath: string) => sql`
	select ${childOf(unitPath, sql`org_units.path`)} as child, s.status, count(*)::int as n
	${inScope(db, { underPath: unitPath })}
	group by 1, 2`;

export async function statusCounts(db: DbOrTx, scope: PeopleScope & { underPath: string }) {
	const rows = rowsOf<{ child: number | null; status: QualificationStatus; n: number }>(
		await db.execute(statusCountsQuery(db, scope.underPath))
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
			select people.id, people.full_name, s.status, s.reasons, s.expires_on::text,
				s.qualified_under::text, s.rule_from::text
			${inScope(db, { underPath: unit.path })} and people.org_unit_id = ${unit.id}`)
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
export const distributionQuery = (db: DbOrTx, unitPath: string) => sql`
	select array[${sql.join(
		Array.from({ length: 10 }, (_, i) => sql`coalesce(sum(s.score_bands[${i + 1}::int]), 0)::int`),
		sql`, `
	)}] as bands
	${inScope(db, { underPath: unitPath })}`;

export async function distribution(db: DbOrTx, unitPath: string): Promise<number[]> {
	const [row] = rowsOf<{ bands: number[] | string }>(
		await db.execute(distributionQuery(db, unitPath))
	);
	const bands = typeof row.bands === 'string' ? row.bands.slice(1, -1).split(',') : row.bands;
	return bands.map(Number);
}

export type IndicatorRow = { year: number; child: number | null; counts: IndicatorCounts };

/**
 * The indicators per year `from`..`to` and child unit, over the people in `scope` (those under
 * the unit now, and those who left it since the end of `from`, for the years they were there).
 */
export async function indicatorRows(
	db: DbOrTx,
	scope: { underPath: string; movedOutSince?: Date },
	from: number,
	to: number,
	today: Day
): Promise<IndicatorRow[]> {
	const rows = rowsOf<Record<string, number | null>>(
		await db.execute(indicatorQuery(db, scope, from, to, today))
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

/**
 * The indicators in one statement. Each source is counted per (unit, year) on its own, then the
 * units are summed into the child units: the people (one row a person and year, the unit from
 * the few moves in `past`, else their unit now; the status and the qualified periods from the
 * summary), the good ratings, the years with a course ended, the contest entries and prizes.
 */
export function indicatorQuery(
	db: DbOrTx,
	scope: { underPath: string; movedOutSince?: Date },
	from: number,
	to: number,
	today: Day
) {
	const currentYear = Number(today.slice(0, 4));
	const path = scope.underPath;
	const years = Array.from({ length: to - from + 1 }, (_, i) => from + i);
	/** Qualified on the year's day: its last day when past (the periods), else today (status). */
	const qualifiedIn = (year: number, s: SQL) =>
		`${year}-12-31` < today
			? sql`coalesce(${s}.qualified_periods @> ${`${year}-12-31`}::date, false)`
			: sql`${s}.status in ('qualified', 'expiring')`;
	/** The unit a row of person `p` counts for in year `y` (`pl`: the person's past unit). */
	const placed = (person: SQL, year: SQL) => sql`
		join scoped s on s.id = ${person}
		left join past pl on pl.person_id = ${person} and pl.year = ${year}
		join units u on u.id = coalesce(pl.unit_id, s.org_unit_id)`;
	return sql`
		with scoped as materialized (
			${sql.join(
				scopeBranches(scope).map(
					(branch) => sql`
					select people.id, people.org_unit_id, people.birth_year,
						people.education_level in ('university', 'postgraduate') as university,
						people.theory_level in ('elementary', 'intermediate', 'advanced') as theory,
						s.status, s.qualified_periods
					${inScope(db, branch)}`
				),
				sql` union all `
			)}
		),
		-- The units under the unit (merged ones too: past years count there) and their child.
		units as materialized (
			select id, ${childOf(path, sql`path`)} as child from org_units
			where path like ${escapeLike(path) + '%'}
		),
		-- The moves since the first year ended, then for each past year the first move after
		-- its end: the unit that move left is where the person was (where not their unit now).
		moves as materialized (
			select h.id, h.person_id, h.at, coalesce(h.from_unit_id, h.to_unit_id) as unit_id
			from person_unit_history h
			where h.person_id in (select id from scoped)
				and h.at >= make_timestamptz(${from + 1}::int, 1, 1, 0, 0, 0, 'Asia/Ho_Chi_Minh')
		),
		past as materialized (
			select f.person_id, f.year, f.unit_id
			from (
				select distinct on (m.person_id, e.year) m.person_id, e.year, m.unit_id
				from generate_series(${from}::int, least(${to}::int, ${currentYear - 1}::int)) as e(year)
				join moves m on m.at >= make_timestamptz(e.year + 1, 1, 1, 0, 0, 0, 'Asia/Ho_Chi_Minh')
				order by m.person_id, e.year, m.at, m.id
			) f
			join scoped p on p.id = f.person_id
			where f.unit_id <> p.org_unit_id
		),
		moved as materialized (select distinct person_id from past),
		movers as materialized (select s.* from scoped s join moved m on m.person_id = s.id),
		-- Everyone who stayed put: one row a unit, a column a year, then a row a year.
		stayed as (
			select s.org_unit_id as unit_id, count(*) as tracked,
				count(*) filter (where s.university) as university,
				count(*) filter (where s.theory) as theory,
				sum(s.birth_year) as birth_sum, count(s.birth_year) as age_known,
				array[${sql.join(
					years.map((y) => sql`count(*) filter (where ${qualifiedIn(y, sql`s`)})`),
					sql`, `
				)}]::int[] as qualified,
				array[${sql.join(
					years.map((y) => sql`count(*) filter (where ${y}::int - s.birth_year < 40)`),
					sql`, `
				)}]::int[] as under40
			from scoped s
			where s.id not in (select person_id from moved)
			group by 1
		),
		people_years as (
			select u.child, y.year, st.tracked, y.qualified, st.university, st.theory,
				y.year * st.age_known - st.birth_sum as age_sum, st.age_known, y.under40
			from stayed st
			join units u on u.id = st.unit_id
			cross join lateral unnest(${`{${years.join(',')}}`}::int[], st.qualified, st.under40)
				as y(year, qualified, under40)
			union all
			-- Those who moved: a row a person and year, in the unit they were in then.
			select u.child, e.year, count(*),
				count(*) filter (where case when make_date(e.year, 12, 31) < ${today}::date
					then coalesce(s.qualified_periods @> make_date(e.year, 12, 31), false)
					else s.status in ('qualified', 'expiring') end),
				count(*) filter (where s.university), count(*) filter (where s.theory),
				sum(e.year - s.birth_year), count(s.birth_year),
				count(*) filter (where e.year - s.birth_year < 40)
			from movers s
			cross join generate_series(${from}::int, ${to}::int) as e(year)
			left join past pl on pl.person_id = s.id and pl.year = e.year
			join units u on u.id = coalesce(pl.unit_id, s.org_unit_id)
			group by 1, 2
		),
		rated as (
			select u.child, r.year, count(*) as n
			from classification_records r ${placed(sql`r.person_id`, sql`r.year`)}
			where r.year between ${from}::int and ${to}::int and r.level in ('excellent', 'good')
			group by 1, 2
		),
		trained as (
			select u.child, t.year, count(*) as n
			from (
				select distinct person_id, extract(year from end_on)::int as year from training_records
				where person_id in (select id from scoped) and end_on between make_date(${from}::int, 1, 1) and make_date(${to}::int, 12, 31)
			) t ${placed(sql`t.person_id`, sql`t.year`)}
			group by 1, 2
		),
		entered as (
			select u.child, x.year, count(*) as n
			from (
				select distinct coalesce(r.person_id, u.person_id) as person_id, c.year
				from contest_registrations r
				join contests c on c.id = r.contest_id
				join users u on u.id = r.user_id
				join scoped su on su.id = u.person_id
				where r.withdrawn_at is null and c.year between ${from}::int and ${to}::int
			) x ${placed(sql`x.person_id`, sql`x.year`)}
			group by 1, 2
		),
		awarded as (
			select u.child, x.year, count(*) as n
			from (
				select distinct coalesce(r.person_id, u.person_id) as person_id, c.year
				from contest_awards a
				join contest_registrations r on r.id = a.registration_id
				join contest_levels l on l.id = a.level_id
				join contests c on c.id = r.contest_id
				join users u on u.id = r.user_id
				join scoped su on su.id = u.person_id
				where l.prizes_published_at is not null and c.year between ${from}::int and ${to}::int
			) x ${placed(sql`x.person_id`, sql`x.year`)}
			group by 1, 2
		),
		counted as (
			select child, year, tracked, qualified, university, theory, age_sum, age_known, under40,
				0 as rated_well, 0 as trained, 0 as contestants, 0 as prize_winners
			from people_years
			union all select child, year, 0, 0, 0, 0, 0, 0, 0, n, 0, 0, 0 from rated
			union all select child, year, 0, 0, 0, 0, 0, 0, 0, 0, n, 0, 0 from trained
			union all select child, year, 0, 0, 0, 0, 0, 0, 0, 0, 0, n, 0 from entered
			union all select child, year, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, n from awarded
		)
		select c.year, c.child,
			sum(c.tracked)::int as tracked, sum(c.qualified)::int as qualified,
			sum(c.rated_well)::int as rated_well, sum(c.university)::int as university,
			sum(c.theory)::int as theory, coalesce(sum(c.age_sum), 0)::int as age_sum,
			sum(c.age_known)::int as age_known, sum(c.under40)::int as under40,
			sum(c.trained)::int as trained, sum(c.contestants)::int as contestants,
			sum(c.prize_winners)::int as prize_winners
		from counted c
		group by 1, 2`;
}
