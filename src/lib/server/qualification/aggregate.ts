import { sql } from 'drizzle-orm';
import type { DbOrTx } from '../db/client';
import { rowsOf } from '../db/rows';
import { escapeLike } from '../text/fold';
import type { Day } from './calendar';
import { scopeCondition, type PeopleScope } from './facts';
import type { IndicatorCounts } from './indicators';
import { QUALIFICATION_STATUSES, type Evaluation, type QualificationStatus } from './rules';
import { rollupYears, unitYearsQuery } from './unit-rollups';

/*
 * The dashboard's figures: sums by child unit of the unit rollups (`unit-rollups.ts`, refreshed
 * first), which count each unit's people from their summaries (`summary.ts`). A person's unit
 * in a year is where they were when it ended (`history.ts`) for past years and their unit now
 * for the current one.
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

/** The units under a unit (itself and merged ones too: past years count there). */
const unitsUnder = (unitPath: string) => sql`org_units.path like ${escapeLike(unitPath) + '%'}`;

/**
 * Counts per child unit (null: the unit's own people) and status of the people under it now,
 * summed from the unit rollups.
 */
export const statusCountsQuery = (unitPath: string) => sql`
	select ${childOf(unitPath, sql`org_units.path`)} as child,
		array[${sql.join(
			QUALIFICATION_STATUSES.map((_, i) => sql`sum(r.statuses[${i + 1}::int])`),
			sql`, `
		)}]::int[] as statuses
	from qualification_unit_rollups r join org_units on org_units.id = r.unit_id
	where ${unitsUnder(unitPath)}
	group by 1`;

export async function statusCounts(db: DbOrTx, unitPath: string) {
	const rows = rowsOf<{ child: number | null; statuses: number[] | string }>(
		await db.execute(statusCountsQuery(unitPath))
	);
	return rows.flatMap((r) =>
		intArray(r.statuses).map((n, i) => ({
			child: r.child === null ? null : Number(r.child),
			status: QUALIFICATION_STATUSES[i] as QualificationStatus,
			n
		}))
	);
}

/** postgres.js returns int[] as an array, PGlite (through `execute`) may as its text form. */
const intArray = (value: number[] | string) =>
	(typeof value === 'string' ? value.slice(1, -1).split(',') : value).map(Number);

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
export const distributionQuery = (unitPath: string) => sql`
	select array[${sql.join(
		Array.from({ length: 10 }, (_, i) => sql`coalesce(sum(r.score_bands[${i + 1}::int]), 0)`),
		sql`, `
	)}]::int[] as bands
	from qualification_unit_rollups r join org_units on org_units.id = r.unit_id
	where ${unitsUnder(unitPath)}`;

export async function distribution(db: DbOrTx, unitPath: string): Promise<number[]> {
	const [row] = rowsOf<{ bands: number[] | string }>(await db.execute(distributionQuery(unitPath)));
	return intArray(row.bands);
}

export type IndicatorRow = { year: number; child: number | null; counts: IndicatorCounts };

/**
 * The indicators per year `from`..`to` and child unit of a unit: the unit rollups' rows summed,
 * or, for years the rollups do not hold, the same counts computed for the units under it now.
 */
export const indicatorQuery = (unitPath: string, from: number, to: number, today: Day) => {
	const held = rollupYears(today);
	const rows =
		from >= held.from && to <= held.to
			? sql`qualification_unit_years`
			: sql`(${unitYearsQuery(sql`select id from org_units where ${unitsUnder(unitPath)}`, from, to, today)})`;
	return sql`
		select y.year, ${childOf(unitPath, sql`org_units.path`)} as child,
			sum(y.tracked)::int as tracked, sum(y.qualified)::int as qualified,
			sum(y.rated_well)::int as rated_well, sum(y.university)::int as university,
			sum(y.theory)::int as theory, sum(y.age_sum)::int as age_sum,
			sum(y.age_known)::int as age_known, sum(y.under40)::int as under40,
			sum(y.trained)::int as trained, sum(y.contestants)::int as contestants,
			sum(y.prize_winners)::int as prize_winners
		from ${rows} y join org_units on org_units.id = y.unit_id
		where ${unitsUnder(unitPath)} and y.year between ${from}::int and ${to}::int
		group by 1, 2`;
};

export async function indicatorRows(
	db: DbOrTx,
	unitPath: string,
	from: number,
	to: number,
	today: Day
): Promise<IndicatorRow[]> {
	const rows = rowsOf<Record<string, number | null>>(
		await db.execute(indicatorQuery(unitPath, from, to, today))
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
