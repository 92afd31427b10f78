import { asc, eq, inArray } from 'drizzle-orm';
import type { DbOrTx } from '../db/client';
import { contestRoundResults, contestRounds, type ContestLevel } from '../db/schema';
import type { Standing } from './advancement';
import { rankOverall, type RoundScores } from './overall';
import { groupingUnits } from './candidates';

/**
 * A level's standings across its rounds, for advancement and prizes: each round's computed
 * results (an online round's score out of its questions, a judged round's score out of its
 * maximum), combined by the rounds' weights. Ties on the total are broken by the rounds' own
 * ranks, the last round first (the final decides); with one online round the standings are exactly
 * that round's ranking.
 */
export async function levelStandings(
	db: DbOrTx,
	level: Pick<ContestLevel, 'id'>,
	contestUnit: { id: number; path: string }
): Promise<{ standings: Standing[]; rounds: { id: number; name: string; computed: boolean }[] }> {
	const rounds = await db
		.select()
		.from(contestRounds)
		.where(eq(contestRounds.levelId, level.id))
		.orderBy(asc(contestRounds.sortOrder), asc(contestRounds.id));
	const computed = rounds.filter((r) => r.resultsComputedAt !== null);
	const results = computed.length
		? await db
				.select()
				.from(contestRoundResults)
				.where(
					inArray(
						contestRoundResults.roundId,
						computed.map((r) => r.id)
					)
				)
		: [];
	const unitOf = await groupingUnits(db, level.id, contestUnit);

	const scores: RoundScores[] = computed.map((round) => {
		const own = results.filter((r) => r.roundId === round.id && r.score !== null);
		const maxScore =
			round.kind === 'online'
				? Math.max(1, ...own.map((r) => r.maxScore ?? 0), round.questionCount)
				: (round.maxScore ?? Math.max(1, ...own.map((r) => r.score ?? 0)));
		return {
			roundId: String(round.id),
			weight: round.weight,
			maxScore,
			scores: own.map((r) => ({
				candidateId: String(r.registrationId),
				unitId: String(unitOf.get(r.registrationId) ?? 0),
				score: r.score ?? 0,
				rank: r.rank ?? undefined
			}))
		};
	});
	const overall = rankOverall(scores, {
		tiebreakRounds: [...computed].reverse().map((r) => String(r.id))
	});
	return {
		standings: overall.map((e) => ({
			candidateId: e.candidateId,
			unitId: e.unitId,
			rank: e.rank,
			score: e.total
		})),
		rounds: rounds.map((r) => ({ id: r.id, name: r.name, computed: r.resultsComputedAt !== null }))
	};
}
