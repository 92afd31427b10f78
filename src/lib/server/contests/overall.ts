/**
 * Overall ranking of a level across its rounds. Every round contributes a score on its own scale
 * (an online round: correct answers out of its questions; a judged round of the next issue: the
 * panel's score out of its maximum), so judged rounds plug in as one more `RoundScores`.
 *
 * A round contributes `weight × score / maxScore`; the total is their sum, compared at 6 decimal
 * places so that equal totals reached by different sums of floating-point terms are equal. A
 * candidate absent from a round scores 0 in it. Ties on the total are broken by the ranks in the
 * `tiebreakRounds` given (in that order; absent from that round = after everyone in it), then
 * share a rank (1, 1, 3).
 */

export interface RoundScore {
	candidateId: string;
	unitId: string;
	score: number;
	/** The candidate's rank in that round (for the tiebreak by round); omitted = not ranked. */
	rank?: number;
}

export interface RoundScores {
	roundId: string;
	weight: number;
	maxScore: number;
	scores: readonly RoundScore[];
}

export interface OverallEntry {
	candidateId: string;
	unitId: string;
	/** Weighted total, rounded to 6 decimal places. */
	total: number;
	/** Raw score per round id; null = absent from that round. */
	perRound: Record<string, number | null>;
	rank: number;
}

export interface OverallOptions {
	tiebreakRounds?: readonly string[];
}

const SCALE = 1e6;

export function rankOverall(
	rounds: readonly RoundScores[],
	options: OverallOptions = {}
): OverallEntry[] {
	const roundIds = new Set<string>();
	for (const round of rounds) {
		if (roundIds.has(round.roundId)) throw new Error(`overall: round ${round.roundId} twice`);
		roundIds.add(round.roundId);
		if (!(round.weight >= 0) || !Number.isFinite(round.weight)) {
			throw new Error(`overall: weight of ${round.roundId} must be a number ≥ 0`);
		}
		if (!(round.maxScore > 0) || !Number.isFinite(round.maxScore)) {
			throw new Error(`overall: maximum of ${round.roundId} must be > 0`);
		}
	}
	const tiebreaks = options.tiebreakRounds ?? [];
	for (const id of tiebreaks) {
		if (!roundIds.has(id)) throw new Error(`overall: tiebreak round ${id} is not a round`);
	}

	interface Acc {
		candidateId: string;
		unitId: string;
		sum: number;
		perRound: Record<string, number | null>;
		ranks: number[];
	}
	const byCandidate = new Map<string, Acc>();
	const emptyRounds = () => Object.fromEntries(rounds.map((r) => [r.roundId, null]));
	rounds.forEach((round) => {
		for (const s of round.scores) {
			let acc = byCandidate.get(s.candidateId);
			if (!acc) {
				acc = {
					candidateId: s.candidateId,
					unitId: s.unitId,
					sum: 0,
					perRound: emptyRounds(),
					ranks: tiebreaks.map(() => Number.POSITIVE_INFINITY)
				};
				byCandidate.set(s.candidateId, acc);
			}
			if (acc.perRound[round.roundId] !== null) {
				throw new Error(`overall: ${s.candidateId} twice in round ${round.roundId}`);
			}
			acc.perRound[round.roundId] = s.score;
			acc.sum += (round.weight * s.score) / round.maxScore;
			const t = tiebreaks.indexOf(round.roundId);
			if (t >= 0 && s.rank != null) acc.ranks[t] = s.rank;
		}
	});

	const list = [...byCandidate.values()].map((a) => ({
		...a,
		scaled: Math.round(a.sum * SCALE)
	}));
	const compare = (a: (typeof list)[number], b: (typeof list)[number]) => {
		if (a.scaled !== b.scaled) return b.scaled - a.scaled;
		for (let i = 0; i < tiebreaks.length; i++) {
			if (a.ranks[i] !== b.ranks[i]) return a.ranks[i] < b.ranks[i] ? -1 : 1;
		}
		return 0;
	};
	list.sort(
		(a, b) =>
			compare(a, b) || (a.candidateId < b.candidateId ? -1 : a.candidateId > b.candidateId ? 1 : 0)
	);
	const out: OverallEntry[] = [];
	list.forEach((a, pos) => {
		const rank = pos > 0 && compare(list[pos - 1], a) === 0 ? out[pos - 1].rank : pos + 1;
		out.push({
			candidateId: a.candidateId,
			unitId: a.unitId,
			total: a.scaled / SCALE,
			perRound: a.perRound,
			rank
		});
	});
	return out;
}

/** Competition ranks from plain scores (higher is better), e.g. for a judged round's tiebreak. */
export function rankScores<T extends { score: number }>(
	entries: readonly T[]
): (T & { rank: number })[] {
	const sorted = [...entries].sort((a, b) => b.score - a.score);
	const out: (T & { rank: number })[] = [];
	sorted.forEach((e, pos) => {
		const rank = pos > 0 && sorted[pos - 1].score === e.score ? out[pos - 1].rank : pos + 1;
		out.push({ ...e, rank });
	});
	return out;
}
