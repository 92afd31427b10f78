import { and, eq, isNull } from 'drizzle-orm';
import type { DbOrTx } from '../db/client';
import { orgUnits, type OrgKind } from '../db/schema';
import { compareVietnamese } from '../text/fold';
import { distribution, indicatorRows, ownPeople, statusCounts } from './aggregate';
import type { Day } from './calendar';
import { yearEnd } from './history';
import {
	emptyIndicators,
	indicatorShares,
	type IndicatorCounts,
	type IndicatorShares
} from './indicators';
import {
	QUALIFICATION_STATUSES,
	ruleInForce,
	type Evaluation,
	type QualificationStatus
} from './rules';
import { provinceIdOf } from './facts';
import { ruleVersions } from './store';
import { refreshSummaries } from './summary';
import { refreshUnitRollups } from './unit-rollups';

export type StatusCounts = Record<QualificationStatus, number> & { total: number };

export type UnitRollup = {
	id: number;
	code: string;
	name: string;
	kind: OrgKind;
	counts: StatusCounts;
	/** Qualified or expiring (still in force) over all tracked people; null when nobody is tracked. */
	share: number | null;
	/** The indicators for the year asked for. */
	indicators: IndicatorShares;
};

export type Rollup = {
	/** False when the province has no rule in force: nothing to count against. */
	hasRule: boolean;
	total: StatusCounts;
	share: number | null;
	/** Each live child unit, with everyone under it. */
	children: UnitRollup[];
	/** The tracked people whose unit is this one itself (not a child), with their status. */
	people: { id: number; fullName: string; evaluation: Evaluation }[];
	year: number;
	indicators: IndicatorShares;
	/** The unit's indicators for each of the years before and up to `year`, oldest first. */
	trend: { year: number; indicators: IndicatorShares }[];
	/** Finished practice attempts at the required modules per 10-point band of the score. */
	distribution: number[];
};

export const TREND_YEARS = 5;

export const emptyCounts = (): StatusCounts => ({
	total: 0,
	...(Object.fromEntries(QUALIFICATION_STATUSES.map((s) => [s, 0])) as Record<
		QualificationStatus,
		number
	>)
});

export const shareQualified = (c: StatusCounts) =>
	c.total === 0 ? null : (c.qualified + c.expiring) / c.total;

/**
 * Counts per status under a unit (the caller checked it is in scope), split by child unit, and
 * the indicators: the summaries of the people under it (and of those who left it since the
 * trend's first year) are refreshed first (`summary.ts`), then the rollups of the units changes
 * touched (`unit-rollups.ts`), then their rows are summed (`aggregate.ts`).
 * Past years count people with the unit they were in then (`history.ts`).
 */
export async function unitRollup(
	db: DbOrTx,
	unit: { id: number; path: string },
	today: Day,
	year = Number(today.slice(0, 4)),
	{ refreshed = false }: { refreshed?: boolean } = {}
): Promise<Rollup> {
	const firstYear = year - TREND_YEARS + 1;
	const scope = { underPath: unit.path, movedOutSince: yearEnd(firstYear) };
	// `refreshed`: the caller brought summaries and rollups up to date (`refreshForDashboard`).
	const versions = refreshed
		? await ruleVersions(db, provinceIdOf(unit.path))
		: (await refreshSummaries(db, scope, today)).versions;
	if (!refreshed && ruleInForce(versions, today)) await refreshUnitRollups(db, unit.path, today);
	if (!ruleInForce(versions, today)) {
		const none = indicatorShares(emptyIndicators());
		return {
			hasRule: false,
			total: emptyCounts(),
			share: null,
			children: [],
			people: [],
			year,
			indicators: none,
			trend: [],
			distribution: []
		};
	}
	const [children, statuses, indicators, own, bands] = await Promise.all([
		db
			.select({ id: orgUnits.id, code: orgUnits.code, name: orgUnits.name, kind: orgUnits.kind })
			.from(orgUnits)
			.where(and(eq(orgUnits.parentId, unit.id), isNull(orgUnits.mergedIntoId))),
		statusCounts(db, unit.path),
		indicatorRows(db, unit.path, firstYear, year, today),
		ownPeople(db, unit),
		distribution(db, unit.path)
	]);
	const byChild = new Map(children.map((c) => [c.id, emptyCounts()]));
	const indicatorsByChild = new Map(children.map((c) => [c.id, emptyIndicators()]));
	const total = emptyCounts();
	for (const r of statuses) {
		const counts = r.child === null ? undefined : byChild.get(r.child);
		for (const c of counts ? [counts, total] : [total]) {
			c[r.status] += r.n;
			c.total += r.n;
		}
	}
	const trend = Array.from({ length: TREND_YEARS }, () => emptyIndicators());
	for (const r of indicators) {
		addCounts(trend[r.year - firstYear], r.counts);
		const child = r.year === year && r.child !== null ? indicatorsByChild.get(r.child) : undefined;
		if (child) addCounts(child, r.counts);
	}
	const totalIndicators = trend[TREND_YEARS - 1];
	return {
		hasRule: true,
		total,
		share: shareQualified(total),
		children: children
			.map((c) => ({
				...c,
				counts: byChild.get(c.id)!,
				share: shareQualified(byChild.get(c.id)!),
				indicators: indicatorShares(indicatorsByChild.get(c.id)!)
			}))
			.sort((a, b) => compareVietnamese(a.code, b.code)),
		people: own.sort((a, b) => compareVietnamese(a.fullName, b.fullName)),
		year,
		indicators: indicatorShares(totalIndicators),
		trend: trend.map((c, i) => ({ year: firstYear + i, indicators: indicatorShares(c) })),
		distribution: bands
	};
}

function addCounts(to: IndicatorCounts, from: IndicatorCounts) {
	for (const key of Object.keys(from) as (keyof IndicatorCounts)[]) to[key] += from[key];
}
