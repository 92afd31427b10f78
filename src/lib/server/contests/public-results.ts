import { and, asc, eq, inArray, isNotNull, ne, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { DbOrTx } from '../db/client';
import {
	contestLevels,
	contestRegistrations,
	contestRoundResults,
	contestRounds,
	contests,
	orgUnits,
	users,
	type PublishNames
} from '../db/schema';
import { compareVietnamese } from '../text/fold';
import { groupingUnitSql } from './candidates';

/** "Nguyễn Văn Đức" → "N. V. Đ." */
export const initials = (name: string) =>
	name
		.split(/\s+/)
		.filter(Boolean)
		.map((w) => `${[...w][0].toUpperCase()}.`)
		.join(' ');

export function publishedName(mode: PublishNames, displayName: string, code: string) {
	if (mode === 'full') return displayName;
	if (mode === 'initials') return `${initials(displayName)} (${code})`;
	return code;
}

export type PublicResultRow = {
	rank: number | null;
	name: string;
	unitName: string;
	correct: number | null;
	timeTakenMs: number | null;
	score: number | null;
};

export type PublicRoundResults = {
	id: number;
	name: string;
	levelName: string;
	publishedAt: string;
	/**
	 * The rows in rank order: for a level run per unit (its ranks restart in each unit), by unit,
	 * the units named and in Vietnamese order; for a level ranked as a whole, one unnamed group.
	 */
	groups: { unitId: number | null; unitName: string | null; rows: PublicResultRow[] }[];
};

export type PublicContestResults = {
	/** The organizing unit is not named: the public page names candidates' units only. */
	contest: { id: number; name: string; year: number };
	rounds: PublicRoundResults[];
};

/**
 * A contest's published results, for anyone: only rounds whose results the organizers published,
 * only published rows, names as the contest publishes them. null for a draft contest.
 */
export async function publicContestResults(
	db: DbOrTx,
	contestId: number
): Promise<PublicContestResults | null> {
	if (!Number.isSafeInteger(contestId)) return null;
	const [contest] = await db
		.select({
			id: contests.id,
			name: contests.name,
			year: contests.year,
			publishNames: contests.publishNames,
			unitId: orgUnits.id,
			unitPath: orgUnits.path
		})
		.from(contests)
		.innerJoin(orgUnits, eq(orgUnits.id, contests.orgUnitId))
		.where(and(eq(contests.id, contestId), ne(contests.status, 'draft')));
	if (!contest) return null;
	const rounds = await db
		.select({
			id: contestRounds.id,
			name: contestRounds.name,
			levelName: contestLevels.name,
			perUnit: isNotNull(contestLevels.unitKind),
			publishedAt: contestRounds.resultsPublishedAt
		})
		.from(contestRounds)
		.innerJoin(contestLevels, eq(contestLevels.id, contestRounds.levelId))
		.where(and(eq(contestRounds.contestId, contestId), isNotNull(contestRounds.resultsPublishedAt)))
		.orderBy(asc(contestLevels.sortOrder), asc(contestRounds.sortOrder));
	const contestUnit = { id: contest.unitId, path: contest.unitPath };
	const out: PublicRoundResults[] = [];
	for (const round of rounds) {
		// Aliased as the grouping expression expects: the registration `r`, its unit `u`.
		const r = alias(contestRegistrations, 'r');
		const u = alias(orgUnits, 'u');
		const rows = await db
			.select({
				rank: contestRoundResults.rank,
				displayName: users.displayName,
				code: r.candidateCode,
				unitName: u.name,
				correct: contestRoundResults.correct,
				timeTakenMs: contestRoundResults.timeTakenMs,
				score: contestRoundResults.score,
				groupId: round.perUnit
					? sql<number>`${groupingUnitSql(contestUnit)}`.mapWith(Number)
					: sql<null>`null`
			})
			.from(contestRoundResults)
			.innerJoin(r, eq(r.id, contestRoundResults.registrationId))
			.innerJoin(users, eq(users.id, r.userId))
			.innerJoin(u, eq(u.id, r.orgUnitId))
			.where(
				and(eq(contestRoundResults.roundId, round.id), eq(contestRoundResults.published, true))
			)
			.orderBy(asc(contestRoundResults.rank), asc(r.candidateCode))
			.limit(5000);
		const shown = rows.map((row) => ({
			groupId: row.groupId,
			row: {
				rank: row.rank,
				name: publishedName(contest.publishNames, row.displayName, row.code),
				unitName: row.unitName,
				correct: row.correct,
				timeTakenMs: row.timeTakenMs,
				score: row.score
			}
		}));
		out.push({
			id: round.id,
			name: round.name,
			levelName: round.levelName,
			publishedAt: round.publishedAt!.toISOString(),
			groups: round.perUnit
				? await byUnit(db, shown)
				: [{ unitId: null, unitName: null, rows: shown.map((s) => s.row) }]
		});
	}
	return {
		contest: { id: contest.id, name: contest.name, year: contest.year },
		rounds: out
	};
}

/** Rows (in rank order) by their grouping unit, the units named and in Vietnamese order. */
async function byUnit(db: DbOrTx, rows: { groupId: number | null; row: PublicResultRow }[]) {
	const groups = new Map<number, PublicResultRow[]>();
	for (const { groupId, row } of rows) {
		if (groupId === null) continue;
		groups.set(groupId, [...(groups.get(groupId) ?? []), row]);
	}
	if (groups.size === 0) return [];
	const names = await db
		.select({ id: orgUnits.id, name: orgUnits.name })
		.from(orgUnits)
		.where(inArray(orgUnits.id, [...groups.keys()]));
	return names
		.map((unit) => ({ unitId: unit.id, unitName: unit.name, rows: groups.get(unit.id)! }))
		.sort((a, b) => compareVietnamese(a.unitName, b.unitName) || a.unitId - b.unitId);
}

/** Contests with at least one published round, newest first, for the public results index. */
export async function contestsWithPublishedResults(db: DbOrTx) {
	return db
		.selectDistinct({ id: contests.id, name: contests.name, year: contests.year })
		.from(contests)
		.innerJoin(contestRounds, eq(contestRounds.contestId, contests.id))
		.where(and(ne(contests.status, 'draft'), isNotNull(contestRounds.resultsPublishedAt)))
		.orderBy(asc(contests.year), asc(contests.id));
}
