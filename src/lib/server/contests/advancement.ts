/**
 * Who advances to the next level: a proposal computed from the standings (a round's ranking or the
 * level's overall ranking), which the organizer adjusts candidate by candidate with a reason
 * before publishing.
 *
 * Rules: top N overall, top N per unit (quota), or a score threshold; top N and quota may also
 * require a minimum score. Ties at the cut: `include` (the default) lets every candidate sharing
 * the N-th rank advance, so more than N may advance; `exclude` lets a tied group advance only when
 * all of it fits, so fewer than N may advance. There is no fair way to cut a tied group exactly, so
 * neither policy does: the rows of such a group are marked `tiedAtCut` and the organizer decides
 * with a logged reason.
 */

export type TiePolicy = 'include' | 'exclude';

export type AdvancementRule =
	| { kind: 'top'; count: number; ties?: TiePolicy; minScore?: number }
	| { kind: 'quota'; perUnit: number; ties?: TiePolicy; minScore?: number }
	| { kind: 'threshold'; minScore: number };

export interface Standing {
	candidateId: string;
	unitId: string;
	rank: number;
	score: number;
}

export interface AdvancementRow extends Standing {
	/** Rank among the candidates of the same unit (competition ranking). */
	unitRank: number;
	/** What the rule decided. */
	automatic: boolean;
	/** The candidate's tied group straddles the cut (N overall or N in the unit). */
	tiedAtCut: boolean;
	/** The decision after the organizer's adjustments. */
	advances: boolean;
	/** The organizer's reason when the decision differs from the rule's. */
	reason: string | null;
}

export interface Adjustment {
	candidateId: string;
	advance: boolean;
	reason: string;
}

function unitRanks(standings: readonly Standing[]): Map<string, number> {
	const byUnit = new Map<string, Standing[]>();
	for (const s of standings) {
		const list = byUnit.get(s.unitId);
		if (list) list.push(s);
		else byUnit.set(s.unitId, [s]);
	}
	const out = new Map<string, number>();
	for (const list of byUnit.values()) {
		list.sort((a, b) => a.rank - b.rank);
		list.forEach((s, i) => {
			const prev = list[i - 1];
			out.set(s.candidateId, i > 0 && prev.rank === s.rank ? out.get(prev.candidateId)! : i + 1);
		});
	}
	return out;
}

/** Size of each tied group, keyed by `${group}\u0000${rank}`. */
function groupSizes(
	standings: readonly Standing[],
	groupOf: (s: Standing) => string,
	rankOf: (s: Standing) => number
): Map<string, number> {
	const sizes = new Map<string, number>();
	for (const s of standings) {
		const key = `${groupOf(s)}\u0000${rankOf(s)}`;
		sizes.set(key, (sizes.get(key) ?? 0) + 1);
	}
	return sizes;
}

function checkCount(value: number, what: string) {
	if (!Number.isInteger(value) || value < 0) throw new Error(`advancement: ${what} must be ≥ 0`);
}

/**
 * The rule as it applies to a level run per unit (each commune ranks its own candidates): "the
 * top N" is then the top N of each unit.
 */
export function ruleForLevel(rule: AdvancementRule, runPerUnit: boolean): AdvancementRule {
	if (!runPerUnit || rule.kind !== 'top') return rule;
	const { count, ...rest } = rule;
	return { ...rest, kind: 'quota', perUnit: count };
}

export function proposeAdvancement(
	standings: readonly Standing[],
	rule: AdvancementRule
): AdvancementRow[] {
	const seen = new Set<string>();
	for (const s of standings) {
		if (seen.has(s.candidateId)) throw new Error(`advancement: ${s.candidateId} twice`);
		seen.add(s.candidateId);
	}
	const inUnit = unitRanks(standings);
	const minScore = rule.minScore ?? Number.NEGATIVE_INFINITY;
	// Candidates below the minimum score are out of the competition for places, so ranks and tied
	// groups are counted among the eligible ones only.
	const eligible = standings.filter((s) => s.score >= minScore);
	const eligibleIds = new Set(eligible.map((s) => s.candidateId));

	let decide: (s: Standing) => { advances: boolean; tiedAtCut: boolean };
	if (rule.kind === 'threshold') {
		decide = () => ({ advances: true, tiedAtCut: false });
	} else {
		const perUnit = rule.kind === 'quota';
		const limit = perUnit ? rule.perUnit : rule.count;
		checkCount(limit, perUnit ? 'quota per unit' : 'number advancing');
		const ties = rule.ties ?? 'include';
		const placeRanks = perUnit ? unitRanks(eligible) : overallPlaces(eligible);
		const groupOf = perUnit ? (s: Standing) => s.unitId : () => '';
		const rankOf = (s: Standing) => placeRanks.get(s.candidateId)!;
		const sizes = groupSizes(eligible, groupOf, rankOf);
		decide = (s) => {
			const place = rankOf(s);
			const last = place + sizes.get(`${groupOf(s)}\u0000${place}`)! - 1;
			const tiedAtCut = place <= limit && last > limit;
			const advances = ties === 'include' ? place <= limit : last <= limit;
			return { advances, tiedAtCut };
		};
	}

	return [...standings]
		.sort((a, b) => a.rank - b.rank || (a.candidateId < b.candidateId ? -1 : 1))
		.map((s) => {
			const { advances, tiedAtCut } = eligibleIds.has(s.candidateId)
				? decide(s)
				: { advances: false, tiedAtCut: false };
			return {
				...s,
				unitRank: inUnit.get(s.candidateId)!,
				automatic: advances,
				tiedAtCut,
				advances,
				reason: null
			};
		});
}

/** Competition places among the given standings (their ranks re-counted without the others). */
function overallPlaces(standings: readonly Standing[]): Map<string, number> {
	const sorted = [...standings].sort((a, b) => a.rank - b.rank);
	const out = new Map<string, number>();
	sorted.forEach((s, i) => {
		const prev = sorted[i - 1];
		out.set(s.candidateId, i > 0 && prev.rank === s.rank ? out.get(prev.candidateId)! : i + 1);
	});
	return out;
}

/**
 * The organizer's changes to a proposal: each needs a reason and must name a candidate in it. An
 * adjustment that agrees with the rule is kept as a no-op with no reason shown.
 */
export function applyAdjustments(
	rows: readonly AdvancementRow[],
	adjustments: readonly Adjustment[]
): AdvancementRow[] {
	const byId = new Map(adjustments.map((a) => [a.candidateId, a]));
	if (byId.size !== adjustments.length)
		throw new Error('advancement: one candidate adjusted twice');
	const known = new Set(rows.map((r) => r.candidateId));
	for (const a of adjustments) {
		if (!known.has(a.candidateId)) throw new AdjustmentError('unknown_candidate', a.candidateId);
		if (a.reason.trim().length === 0) throw new AdjustmentError('reason_required', a.candidateId);
	}
	return rows.map((row) => {
		const a = byId.get(row.candidateId);
		if (!a || a.advance === row.automatic) return { ...row, advances: row.automatic, reason: null };
		return { ...row, advances: a.advance, reason: a.reason.trim() };
	});
}

export class AdjustmentError extends Error {
	constructor(
		readonly code: 'unknown_candidate' | 'reason_required',
		readonly candidateId: string
	) {
		super(`advancement adjustment: ${code} (${candidateId})`);
	}
}
