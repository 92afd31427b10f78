import { and, eq, isNull } from 'drizzle-orm';
import type { DbOrTx } from '../db/client';
import { orgUnits, type OrgKind } from '../db/schema';
import { compareVietnamese } from '../text/fold';
import type { Day } from './calendar';
import { loadPersonRecords, provinceIdOf } from './facts';
import {
	evaluateQualification,
	QUALIFICATION_STATUSES,
	ruleInForce,
	type Evaluation,
	type QualificationStatus
} from './rules';
import { requiredModuleIds } from './status';
import { ruleVersions } from './store';

export type StatusCounts = Record<QualificationStatus, number> & { total: number };

export type UnitRollup = {
	id: number;
	code: string;
	name: string;
	kind: OrgKind;
	counts: StatusCounts;
	/** Qualified or expiring (still in force) over all tracked people; null when nobody is tracked. */
	share: number | null;
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
};

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
 * people and what they did are read in SQL for the whole subtree at once, each evaluated by the
 * one rule function, and counted towards the child whose subtree holds them.
 */
export async function unitRollup(
	db: DbOrTx,
	unit: { id: number; path: string },
	today: Day
): Promise<Rollup> {
	const versions = await ruleVersions(db, provinceIdOf(unit.path));
	if (!ruleInForce(versions, today)) {
		return { hasRule: false, total: emptyCounts(), share: null, children: [], people: [] };
	}
	const [children, records] = await Promise.all([
		db
			.select({ id: orgUnits.id, code: orgUnits.code, name: orgUnits.name, kind: orgUnits.kind })
			.from(orgUnits)
			.where(and(eq(orgUnits.parentId, unit.id), isNull(orgUnits.mergedIntoId))),
		loadPersonRecords(db, { underPath: unit.path }, requiredModuleIds(versions))
	]);
	const byChild = new Map(children.map((c) => [c.id, emptyCounts()]));
	const total = emptyCounts();
	const own: Rollup['people'] = [];
	for (const record of records) {
		const evaluation = evaluateQualification(versions, record.facts, today)!;
		const childId = Number(record.unitPath.slice(unit.path.length).split('/')[0]);
		const counts = byChild.get(childId);
		for (const c of counts ? [counts, total] : [total]) {
			c[evaluation.status]++;
			c.total++;
		}
		if (!counts) own.push({ id: record.personId, fullName: record.fullName, evaluation });
	}
	return {
		hasRule: true,
		total,
		share: shareQualified(total),
		children: children
			.map((c) => ({ ...c, counts: byChild.get(c.id)!, share: shareQualified(byChild.get(c.id)!) }))
			.sort((a, b) => compareVietnamese(a.code, b.code)),
		people: own.sort((a, b) => compareVietnamese(a.fullName, b.fullName))
	};
}
