/**
 * Ranking of an online round's entries and which attempt counts. Pure functions: the caller reads
 * the entries (one per candidate) and stores the ranks.
 *
 * Default order (`DEFAULT_RANK_ORDER`): correct answers desc → time taken asc (milliseconds, server
 * clock) → prediction closeness asc (no prediction ranks after every prediction) → submission time
 * asc. Entries equal on every key of the round's order share a rank and the next rank skips
 * (competition ranking: 1, 1, 3). The order is configurable per round; keys left out of it do not
 * separate entries.
 */

import type { CountingRule } from '../db/schema';

export type RankKey = 'correct_desc' | 'time_asc' | 'prediction_asc' | 'submitted_asc';

export const RANK_KEYS: readonly RankKey[] = [
	'correct_desc',
	'time_asc',
	'prediction_asc',
	'submitted_asc'
];

export const DEFAULT_RANK_ORDER: RankKey[] = [
	'correct_desc',
	'time_asc',
	'prediction_asc',
	'submitted_asc'
];

export interface RankInput {
	candidateId: string;
	unitId: string;
	correct: number;
	timeTakenMs: number;
	/** |prediction − actual|; null = no prediction, which ranks after every prediction. */
	predictionDistance: number | null;
	submittedAt: Date;
}

export interface Ranked extends RankInput {
	rank: number;
}

/** A round's stored order, checked: known keys, no repeats, correct answers first. */
export function parseRankOrder(value: unknown): RankKey[] {
	if (value == null) return [...DEFAULT_RANK_ORDER];
	if (!Array.isArray(value) || value.length === 0) throw new Error('rank order: a list of keys');
	const seen = new Set<string>();
	for (const key of value) {
		if (typeof key !== 'string' || !RANK_KEYS.includes(key as RankKey)) {
			throw new Error(`rank order: unknown key ${String(key)}`);
		}
		if (seen.has(key)) throw new Error(`rank order: ${key} twice`);
		seen.add(key);
	}
	if (value[0] !== 'correct_desc') throw new Error('rank order: correct answers come first');
	return value as RankKey[];
}

/**
 * One number per key, smaller is better, so the comparator is a loop over precomputed columns
 * (no Date or null handling inside the sort). No prediction is +Infinity, hence `<`, not `−`.
 */
function keyColumn(entries: readonly RankInput[], key: RankKey): Float64Array {
	const column = new Float64Array(entries.length);
	for (let i = 0; i < entries.length; i++) {
		const e = entries[i];
		switch (key) {
			case 'correct_desc':
				column[i] = -e.correct;
				break;
			case 'time_asc':
				column[i] = e.timeTakenMs;
				break;
			case 'prediction_asc':
				column[i] =
					e.predictionDistance == null ? Number.POSITIVE_INFINITY : Math.abs(e.predictionDistance);
				break;
			case 'submitted_asc':
				column[i] = e.submittedAt.getTime();
				break;
		}
		if (Number.isNaN(column[i]))
			throw new Error(`rank: ${key} of ${e.candidateId} is not a number`);
	}
	return column;
}

/**
 * Ranks entries by the order; returns them best first with `rank` (ties share it). Entries tied
 * on every key are listed by candidate id so the output is deterministic. O(n log n).
 */
export function rankEntries<T extends RankInput>(
	entries: readonly T[],
	order: readonly RankKey[] = DEFAULT_RANK_ORDER
): (T & { rank: number })[] {
	const columns = order.map((key) => keyColumn(entries, key));
	const tied = (a: number, b: number): number => {
		for (const column of columns) {
			const x = column[a];
			const y = column[b];
			if (x !== y) return x < y ? -1 : 1;
		}
		return 0;
	};
	const index = Array.from({ length: entries.length }, (_, i) => i);
	index.sort((a, b) => {
		const d = tied(a, b);
		if (d !== 0) return d;
		const ia = entries[a].candidateId;
		const ib = entries[b].candidateId;
		return ia < ib ? -1 : ia > ib ? 1 : 0;
	});
	const ranked: (T & { rank: number })[] = new Array(index.length);
	for (let pos = 0; pos < index.length; pos++) {
		const i = index[pos];
		const rank = pos > 0 && tied(index[pos - 1], i) === 0 ? ranked[pos - 1].rank : pos + 1;
		ranked[pos] = { ...entries[i], rank };
	}
	return ranked;
}

export interface AttemptOutcome {
	attemptId: string;
	correct: number;
	timeTakenMs: number;
	submittedAt: Date;
}

/**
 * How "best" is decided among a candidate's attempts. `correct_then_time` (the default, as the
 * round ranks): most correct answers, then the fastest, then the earliest submitted — the attempt
 * that would rank best counts. `correct`: most correct, then the earliest, for rules that do not
 * let a candidate improve a full score's time by sitting the round again.
 */
export type BestAttemptRule = 'correct' | 'correct_then_time';

/** A round's stored counting rule, as `countingAttempt` applies it. */
export const bestAttemptRule = (counting: CountingRule): BestAttemptRule =>
	counting === 'correct_then_earliest' ? 'correct' : 'correct_then_time';

/** The attempt that counts for a candidate: the best, then the earliest; null when none. */
export function countingAttempt(
	attempts: readonly AttemptOutcome[],
	rule: BestAttemptRule = 'correct_then_time'
): AttemptOutcome | null {
	let best: AttemptOutcome | null = null;
	for (const a of attempts) {
		if (best === null || attemptBetter(a, best, rule)) best = a;
	}
	return best;
}

function attemptBetter(a: AttemptOutcome, b: AttemptOutcome, rule: BestAttemptRule): boolean {
	if (a.correct !== b.correct) return a.correct > b.correct;
	if (rule === 'correct_then_time' && a.timeTakenMs !== b.timeTakenMs) {
		return a.timeTakenMs < b.timeTakenMs;
	}
	const ta = a.submittedAt.getTime();
	const tb = b.submittedAt.getTime();
	if (ta !== tb) return ta < tb;
	return a.attemptId < b.attemptId;
}

/** |prediction − actual| for the prediction tiebreak; null when the candidate gave none. */
export function predictionDistance(prediction: number | null | undefined, actual: number) {
	return prediction == null ? null : Math.abs(prediction - actual);
}
