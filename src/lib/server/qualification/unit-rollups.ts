import { sql, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '../db/client';
import { rowsOf } from '../db/rows';
import { escapeLike } from '../text/fold';
import type { Day } from './calendar';
import { TRACKED_POSITIONS } from './facts';
import { QUALIFICATION_STATUSES } from './rules';
import { isReplica } from './summary';

/*
 * Unit rollups (qualification/README.md, "Unit rollups"): the dashboard's counts per unit (and
 * per year), kept in `qualification_unit_rollups` and `qualification_unit_years`, so that a
 * province's view sums 3,000 units' rows instead of counting 25,000 people, their ratings,
 * courses and contest entries. Triggers on every table the counts read log the people and units
 * a change touches (`qualification_rollup_changes`, in the writer's transaction); a dashboard read
 * first computes again the units those changes touch and the units of its scope not computed
 * this year (`refreshUnitRollups`).
 */

/** The dashboard offers this year and the four before, each with a five-year trend. */
const HELD_YEARS = 9;

/** The years the rollups hold, computed in `today`'s year. */
export const rollupYears = (today: Day) => {
	const to = Number(today.slice(0, 4));
	return { from: to - HELD_YEARS + 1, to };
};

const tracked = sql`people.position in (${sql.join(
	TRACKED_POSITIONS.map((p) => sql`${p}`),
	sql`, `
)})`;

/**
 * The indicator counts per (unit, year `from`..`to`) of the units `unitIds` (a query of one
 * column): each tracked person with a summary counts in the unit they were in when the year
 * ended (the first move after its end left that unit; `history.ts`), else in their unit now;
 * as qualified when a qualified period holds the year's last day, or, for the current year, by
 * today's status. Each source (the people, the good ratings, the years with a course ended,
 * the contest entries and the published prizes) is counted per (unit, year) on its own.
 */
export function unitYearsQuery(unitIds: SQL, from: number, to: number, today: Day) {
	const currentYear = Number(today.slice(0, 4));
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
		join target u on u.id = coalesce(pl.unit_id, s.org_unit_id)`;
	return sql`
		with target as materialized (${unitIds}),
		-- The people in the units now, and those whose history passed through one of them.
		scoped as materialized (
			select people.id, people.org_unit_id, people.birth_year,
				people.education_level in ('university', 'postgraduate') as university,
				people.theory_level in ('elementary', 'intermediate', 'advanced') as theory,
				s.status, s.qualified_periods
			from people join qualification_summaries s on s.person_id = people.id
			where ${tracked} and people.id in (
				select p.id from people p join target t on t.id = p.org_unit_id
				union select h.person_id from person_unit_history h join target t on t.id = h.from_unit_id
				union select h.person_id from person_unit_history h join target t on t.id = h.to_unit_id)
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
				and s.org_unit_id in (select id from target)
			group by 1
		),
		people_years as (
			select st.unit_id, y.year, st.tracked, y.qualified, st.university, st.theory,
				y.year * st.age_known - st.birth_sum as age_sum, st.age_known, y.under40
			from stayed st
			cross join lateral unnest(${`{${years.join(',')}}`}::int[], st.qualified, st.under40)
				as y(year, qualified, under40)
			union all
			-- Those who moved: a row a person and year, in the unit they were in then.
			select u.id, e.year, count(*),
				count(*) filter (where case when make_date(e.year, 12, 31) < ${today}::date
					then coalesce(s.qualified_periods @> make_date(e.year, 12, 31), false)
					else s.status in ('qualified', 'expiring') end),
				count(*) filter (where s.university), count(*) filter (where s.theory),
				sum(e.year - s.birth_year), count(s.birth_year),
				count(*) filter (where e.year - s.birth_year < 40)
			from movers s
			cross join generate_series(${from}::int, ${to}::int) as e(year)
			left join past pl on pl.person_id = s.id and pl.year = e.year
			join target u on u.id = coalesce(pl.unit_id, s.org_unit_id)
			group by 1, 2
		),
		rated as (
			select u.id as unit_id, r.year, count(*) as n
			from classification_records r ${placed(sql`r.person_id`, sql`r.year`)}
			where r.year between ${from}::int and ${to}::int and r.level in ('excellent', 'good')
			group by 1, 2
		),
		trained as (
			select u.id as unit_id, t.year, count(*) as n
			from (
				select distinct person_id, extract(year from end_on)::int as year from training_records
				where person_id in (select id from scoped) and end_on between make_date(${from}::int, 1, 1) and make_date(${to}::int, 12, 31)
			) t ${placed(sql`t.person_id`, sql`t.year`)}
			group by 1, 2
		),
		entered as (
			select u.id as unit_id, x.year, count(*) as n
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
			select u.id as unit_id, x.year, count(*) as n
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
			select unit_id, year, tracked, qualified, university, theory, age_sum, age_known, under40,
				0 as rated_well, 0 as trained, 0 as contestants, 0 as prize_winners
			from people_years
			union all select unit_id, year, 0, 0, 0, 0, 0, 0, 0, n, 0, 0, 0 from rated
			union all select unit_id, year, 0, 0, 0, 0, 0, 0, 0, 0, n, 0, 0 from trained
			union all select unit_id, year, 0, 0, 0, 0, 0, 0, 0, 0, 0, n, 0 from entered
			union all select unit_id, year, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, n from awarded
		)
		select c.unit_id, c.year,
			sum(c.tracked)::int as tracked, sum(c.qualified)::int as qualified,
			sum(c.rated_well)::int as rated_well, sum(c.university)::int as university,
			sum(c.theory)::int as theory, coalesce(sum(c.age_sum), 0)::int as age_sum,
			sum(c.age_known)::int as age_known, sum(c.under40)::int as under40,
			sum(c.trained)::int as trained, sum(c.contestants)::int as contestants,
			sum(c.prize_winners)::int as prize_winners
		from counted c
		group by 1, 2`;
}

/**
 * Computes again, in one transaction on the primary, the rollups of the units the logged
 * changes touch (their people's units now and in their history; the log rows are deleted in the
 * same transaction, so a change committed meanwhile stays logged for the next read) and those
 * under `unitPath` not computed in `today`'s year. Returns how many units it computed; nothing
 * on a read-only replica (the route refreshed the primary first).
 */
export async function refreshUnitRollups(db: DbOrTx, unitPath: string, today: Day) {
	const { from, to } = rollupYears(today);
	const pending = rowsOf<{ pending: boolean }>(
		await db.execute(sql`
			select exists (select from qualification_rollup_changes)
				or exists (
					select from org_units o
					left join qualification_unit_rollups r on r.unit_id = o.id
					where o.path like ${escapeLike(unitPath) + '%'}
						and (r.unit_id is null or r.computed_year <> ${to}::int)
				) as pending`)
	);
	if (!pending[0]?.pending || (await isReplica(db))) return 0;
	return db.transaction(async (tx) => {
		const ids = rowsOf<{ id: number }>(
			await tx.execute(sql`
				with changed as (
					delete from qualification_rollup_changes returning person_id, unit_id
				),
				touched as (
					select unit_id as id from changed
					union select p.org_unit_id from people p join changed c on c.person_id = p.id
					union select h.from_unit_id from person_unit_history h join changed c on c.person_id = h.person_id
					union select h.to_unit_id from person_unit_history h join changed c on c.person_id = h.person_id
					union select o.id from org_units o
						left join qualification_unit_rollups r on r.unit_id = o.id
						where o.path like ${escapeLike(unitPath) + '%'}
							and (r.unit_id is null or r.computed_year <> ${to}::int)
				)
				select o.id from org_units o join touched t on t.id = o.id order by o.id`)
		).map((r) => Number(r.id));
		if (ids.length === 0) return 0;
		const target = sql`select unnest(${`{${ids.join(',')}}`}::int[]) as id`;
		await tx.execute(sql`delete from qualification_unit_years
			where unit_id = any(${`{${ids.join(',')}}`}::int[])`);
		await tx.execute(sql`
			insert into qualification_unit_years (unit_id, year, tracked, qualified, rated_well,
				university, theory, age_sum, age_known, under40, trained, contestants, prize_winners)
			select * from (${unitYearsQuery(target, from, to, today)}) y order by unit_id, year`);
		await tx.execute(sql`
			insert into qualification_unit_rollups (unit_id, computed_year, statuses, score_bands)
			select t.id, ${to}::int,
				array[${sql.join(
					QUALIFICATION_STATUSES.map(
						(status) => sql`count(s.person_id) filter (where s.status = ${status})`
					),
					sql`, `
				)}]::int[],
				array[${sql.join(
					Array.from({ length: 10 }, (_, i) => sql`coalesce(sum(s.score_bands[${i + 1}::int]), 0)`),
					sql`, `
				)}]::int[]
			from (${target}) t
			left join people on people.org_unit_id = t.id and ${tracked}
			left join qualification_summaries s on s.person_id = people.id
			group by t.id
			order by t.id
			on conflict (unit_id) do update set computed_year = excluded.computed_year,
				statuses = excluded.statuses, score_bands = excluded.score_bands`);
		return ids.length;
	});
}
