import { and, isNull, like } from 'drizzle-orm';
import type { DbOrTx } from '../db/client';
import { orgUnits, type Position } from '../db/schema';
import { compareSortKeys, vietnameseSortKey } from '../people/sort-key';
import { escapeLike, compareVietnamese } from '../text/fold';
import type { Day } from './calendar';
import { loadUnitRecords, type UnitRecords } from './facts';
import {
	evaluateQualification,
	QUALIFICATION_STATUSES,
	ruleInForce,
	type QualificationStatus,
	type Reason
} from './rules';

export type Laggard = {
	personId: number;
	fullName: string;
	position: Position;
	unit: { id: number; code: string; name: string };
	status: QualificationStatus;
	reasons: Reason[];
	expiresOn: Day | null;
};

export type LaggardCell = {
	id: number;
	code: string;
	name: string;
	tracked: number;
	qualified: number;
	share: number;
};

export const LAGGARD_SORTS = ['missing', 'name', 'unit', 'status'] as const;
export type LaggardSort = (typeof LAGGARD_SORTS)[number];

export const parseLaggardSort = (raw: string | null): LaggardSort =>
	LAGGARD_SORTS.find((s) => s === raw) ?? 'missing';

/** Furthest from qualification first: not started, in progress, expired, expiring. */
const statusRank = (s: QualificationStatus) => QUALIFICATION_STATUSES.indexOf(s);

function comparator(sort: LaggardSort) {
	const byName = (a: Laggard & { key: string }, b: Laggard & { key: string }) =>
		compareSortKeys(a.key, b.key) || a.personId - b.personId;
	const byUnit = (a: Laggard, b: Laggard) => compareVietnamese(a.unit.code, b.unit.code);
	switch (sort) {
		case 'name':
			return byName;
		case 'unit':
			return (a: Laggard & { key: string }, b: Laggard & { key: string }) =>
				byUnit(a, b) || byName(a, b);
		case 'status':
			return (a: Laggard & { key: string }, b: Laggard & { key: string }) =>
				statusRank(a.status) - statusRank(b.status) || byName(a, b);
		default:
			return (a: Laggard & { key: string }, b: Laggard & { key: string }) =>
				b.reasons.length - a.reasons.length ||
				statusRank(a.status) - statusRank(b.status) ||
				byName(a, b);
	}
}

/**
 * Who under a unit (the caller checked the scope) is not qualified, with what they miss, and the
 * units whose people are furthest from qualification (lowest share first). Null without a rule.
 * `loaded`: the unit's people already read (the export shares one read with the rollup).
 */
export async function laggards(
	db: DbOrTx,
	unit: { id: number; path: string },
	today: Day,
	sort: LaggardSort = 'missing',
	loaded?: UnitRecords
): Promise<{ people: Laggard[]; cells: LaggardCell[] } | null> {
	const { versions, records } = loaded ?? (await loadUnitRecords(db, unit, today));
	if (!ruleInForce(versions, today)) return null;
	const units = await db
		.select({ id: orgUnits.id, code: orgUnits.code, name: orgUnits.name })
		.from(orgUnits)
		.where(and(like(orgUnits.path, escapeLike(unit.path) + '%'), isNull(orgUnits.mergedIntoId)));
	const unitById = new Map(units.map((u) => [u.id, u]));
	const cells = new Map<number, LaggardCell>();
	const rows: (Laggard & { key: string })[] = [];
	// Only the people under the unit now (the records may hold some who left, for past years).
	for (const r of records.filter((x) => x.unitPath.startsWith(unit.path))) {
		const e = evaluateQualification(versions, r.facts, today)!;
		const u = unitById.get(r.orgUnitId)!;
		const cell = cells.get(u.id) ?? { ...u, tracked: 0, qualified: 0, share: 0 };
		cells.set(u.id, cell);
		cell.tracked++;
		if (e.status === 'qualified') {
			cell.qualified++;
			continue;
		}
		if (e.status === 'expiring') cell.qualified++;
		rows.push({
			personId: r.personId,
			fullName: r.fullName,
			position: r.position,
			unit: u,
			status: e.status,
			reasons: e.reasons,
			expiresOn: e.expiresOn,
			key: vietnameseSortKey(r.fullName)
		});
	}
	rows.sort(comparator(sort));
	return {
		people: rows.map(({ key: _key, ...rest }) => rest),
		cells: [...cells.values()]
			.map((c) => ({ ...c, share: c.qualified / c.tracked }))
			.filter((c) => c.qualified < c.tracked)
			.sort((a, b) => a.share - b.share || compareVietnamese(a.code, b.code))
	};
}
