import { and, asc, eq, isNotNull, ne } from 'drizzle-orm';
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

export type PublicRoundResults = {
	id: number;
	name: string;
	levelName: string;
	publishedAt: string;
	rows: {
		rank: number | null;
		name: string;
		unitName: string;
		correct: number | null;
		timeTakenMs: number | null;
		score: number | null;
	}[];
};

export type PublicContestResults = {
	contest: { id: number; name: string; year: number; unitName: string };
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
			unitName: orgUnits.name,
			publishNames: contests.publishNames
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
			publishedAt: contestRounds.resultsPublishedAt
		})
		.from(contestRounds)
		.innerJoin(contestLevels, eq(contestLevels.id, contestRounds.levelId))
		.where(and(eq(contestRounds.contestId, contestId), isNotNull(contestRounds.resultsPublishedAt)))
		.orderBy(asc(contestLevels.sortOrder), asc(contestRounds.sortOrder));
	const out: PublicRoundResults[] = [];
	for (const round of rounds) {
		const rows = await db
			.select({
				rank: contestRoundResults.rank,
				displayName: users.displayName,
				code: contestRegistrations.candidateCode,
				unitName: orgUnits.name,
				correct: contestRoundResults.correct,
				timeTakenMs: contestRoundResults.timeTakenMs,
				score: contestRoundResults.score
			})
			.from(contestRoundResults)
			.innerJoin(
				contestRegistrations,
				eq(contestRegistrations.id, contestRoundResults.registrationId)
			)
			.innerJoin(users, eq(users.id, contestRegistrations.userId))
			.innerJoin(orgUnits, eq(orgUnits.id, contestRegistrations.orgUnitId))
			.where(
				and(eq(contestRoundResults.roundId, round.id), eq(contestRoundResults.published, true))
			)
			.orderBy(asc(contestRoundResults.rank), asc(contestRegistrations.candidateCode))
			.limit(5000);
		out.push({
			id: round.id,
			name: round.name,
			levelName: round.levelName,
			publishedAt: round.publishedAt!.toISOString(),
			rows: rows.map((r) => ({
				rank: r.rank,
				name: publishedName(contest.publishNames, r.displayName, r.code),
				unitName: r.unitName,
				correct: r.correct,
				timeTakenMs: r.timeTakenMs,
				score: r.score
			}))
		});
	}
	return {
		contest: { id: contest.id, name: contest.name, year: contest.year, unitName: contest.unitName },
		rounds: out
	};
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
