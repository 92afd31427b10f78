import { and, eq, isNull } from 'drizzle-orm';
import type { DbOrTx } from '../db/client';
import { orgUnits, type OrgKind } from '../db/schema';
import { compareVietnamese } from '../text/fold';
import type { Day } from './calendar';
import { loadUnitRecords, scoreDistribution, type UnitRecords } from './facts';
import {
	countPerson,
	emptyIndicators,
	indicatorShares,
	loadExtras,
	yearDay,
	type IndicatorShares
} from './indicators';
import {
	evaluateQualification,
	QUALIFICATION_STATUSES,
	requiredModuleIds,
	ruleInForce,
	type Evaluation,
	type QualificationStatus
} from './rules';

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
 * Counts per status under a unit (the caller checked it is in scope), split by child unit: the
 * people and what they did are read in SQL for the whole subtree at once (or given, already
 * read), each evaluated by the one rule function, and counted towards the child whose subtree
 * holds them.
 */
export async function unitRollup(
	db: DbOrTx,
	unit: { id: number; path: string },
	today: Day,
	year = Number(today.slice(0, 4)),
	loaded?: UnitRecords
): Promise<Rollup> {
	const { versions, records, scope } = loaded ?? (await loadUnitRecords(db, unit, today));
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
	const firstYear = year - TREND_YEARS + 1;
	const [children, extras, distribution] = await Promise.all([
		db
			.select({ id: orgUnits.id, code: orgUnits.code, name: orgUnits.name, kind: orgUnits.kind })
			.from(orgUnits)
			.where(and(eq(orgUnits.parentId, unit.id), isNull(orgUnits.mergedIntoId))),
		loadExtras(db, scope, records, firstYear, year),
		scoreDistribution(db, scope, requiredModuleIds(versions))
	]);
	const byChild = new Map(children.map((c) => [c.id, emptyCounts()]));
	const indicatorsByChild = new Map(children.map((c) => [c.id, emptyIndicators()]));
	const total = emptyCounts();
	const totalIndicators = emptyIndicators();
	const trend = Array.from({ length: TREND_YEARS }, () => emptyIndicators());
	const own: Rollup['people'] = [];
	for (const record of records) {
		const evaluation = evaluateQualification(versions, record.facts, today)!;
		const childId = Number(record.unitPath.slice(unit.path.length).split('/')[0]);
		const counts = byChild.get(childId);
		for (const c of counts ? [counts, total] : [total]) {
			c[evaluation.status]++;
			c.total++;
		}
		const childIndicators = indicatorsByChild.get(childId);
		const extra = extras.get(record.personId);
		countPerson(
			childIndicators ? [childIndicators, totalIndicators] : [totalIndicators],
			record,
			extra,
			versions,
			year,
			today,
			yearDay(year, today) === today ? evaluation.status : undefined
		);
		trend.forEach((c, i) => {
			if (firstYear + i !== year) countPerson([c], record, extra, versions, firstYear + i, today);
		});
		if (!counts) own.push({ id: record.personId, fullName: record.fullName, evaluation });
	}
	trend[TREND_YEARS - 1] = totalIndicators;
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
		distribution
	};
}
