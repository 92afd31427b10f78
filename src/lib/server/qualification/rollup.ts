import { and, eq, isNull } from 'drizzle-orm';
import type { DbOrTx } from '../db/client';
import { orgUnits, type OrgKind } from '../db/schema';
import { compareVietnamese } from '../text/fold';
import type { Day } from './calendar';
import {
	loadUnitRecords,
	scopedPersonIds,
	scoreDistribution,
	type PersonRecord,
	type UnitRecords
} from './facts';
import { pastUnitPaths } from './history';
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
 * holds them. Past years count people with the unit they were in then (`history.ts`).
 */
export async function unitRollup(
	db: DbOrTx,
	unit: { id: number; path: string },
	today: Day,
	year = Number(today.slice(0, 4)),
	loaded?: UnitRecords
): Promise<Rollup> {
	const firstYear = year - TREND_YEARS + 1;
	const currentYear = Number(today.slice(0, 4));
	const { versions, records, scope } =
		loaded ?? (await loadUnitRecords(db, unit, today, firstYear));
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
	const [children, extras, distribution, pastPaths] = await Promise.all([
		db
			.select({ id: orgUnits.id, code: orgUnits.code, name: orgUnits.name, kind: orgUnits.kind })
			.from(orgUnits)
			.where(and(eq(orgUnits.parentId, unit.id), isNull(orgUnits.mergedIntoId))),
		loadExtras(db, scope, records, firstYear, year),
		scoreDistribution(db, { underPath: unit.path }, requiredModuleIds(versions)),
		pastUnitPaths(db, scopedPersonIds(db, scope), firstYear, Math.min(year, currentYear - 1))
	]);
	/** Where a person counts in a year: a past year's unit, or (this year) the unit now. */
	const pathIn = (record: PersonRecord, y: number) =>
		(y < currentYear && pastPaths.get(record.personId)?.get(y)) || record.unitPath;
	const under = (path: string) => path.startsWith(unit.path);
	const childOf = (path: string) => Number(path.slice(unit.path.length).split('/')[0]);
	const byChild = new Map(children.map((c) => [c.id, emptyCounts()]));
	const indicatorsByChild = new Map(children.map((c) => [c.id, emptyIndicators()]));
	const total = emptyCounts();
	const totalIndicators = emptyIndicators();
	const trend = Array.from({ length: TREND_YEARS }, () => emptyIndicators());
	const own: Rollup['people'] = [];
	for (const record of records) {
		let evaluation: Evaluation | undefined;
		if (under(record.unitPath)) {
			evaluation = evaluateQualification(versions, record.facts, today)!;
			const counts = byChild.get(childOf(record.unitPath));
			for (const c of counts ? [counts, total] : [total]) {
				c[evaluation.status]++;
				c.total++;
			}
			if (!counts) own.push({ id: record.personId, fullName: record.fullName, evaluation });
		}
		const extra = extras.get(record.personId);
		trend.forEach((c, i) => {
			const y = firstYear + i;
			const path = pathIn(record, y);
			if (!under(path)) return;
			const child = y === year ? indicatorsByChild.get(childOf(path)) : undefined;
			const targets = y !== year ? [c] : child ? [child, totalIndicators] : [totalIndicators];
			const known = evaluation && yearDay(y, today) === today ? evaluation.status : undefined;
			countPerson(targets, record, extra, versions, y, today, known);
		});
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
