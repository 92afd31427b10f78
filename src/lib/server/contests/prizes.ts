/**
 * Prize bands (Nhất/Nhì/Ba/Khuyến khích, or A/B/C) with a count each, given by the standings.
 *
 * The bands share out places 1…Σcounts in order: with Nhất 1, Nhì 2, Ba 3, places 1 | 2–3 | 4–6.
 * A candidate gets the band in which their rank falls. Candidates tied on a rank therefore all
 * get the band of that rank (the better one), and because the next rank skips (1, 2, 2, 4) the
 * places they take are taken from the bands below: the total stays Σcounts except at the very
 * end, where a tied group straddling the last place is given the last band whole (more prizes than
 * counted rather than an arbitrary cut). A group that jumps over a whole band leaves that band
 * empty. Rows of a group straddling a band's end are marked `tiedAtBoundary`; the organizer can
 * change any candidate's band with a logged reason.
 */

import type { Standing } from './advancement';

export interface PrizeBand {
	key: string;
	label: string;
	count: number;
}

export interface Award extends Standing {
	/** Band key after the organizer's changes; null = no prize. */
	band: string | null;
	/** What the bands decided. */
	automaticBand: string | null;
	tiedAtBoundary: boolean;
	reason: string | null;
}

export interface PrizeOverride {
	candidateId: string;
	band: string | null;
	reason: string;
}

export const DEFAULT_BANDS: Record<'vi_classic' | 'abc', PrizeBand[]> = {
	vi_classic: [
		{ key: 'nhat', label: 'Giải Nhất', count: 1 },
		{ key: 'nhi', label: 'Giải Nhì', count: 2 },
		{ key: 'ba', label: 'Giải Ba', count: 3 },
		{ key: 'kk', label: 'Giải Khuyến khích', count: 4 }
	],
	abc: [
		{ key: 'a', label: 'Giải A', count: 1 },
		{ key: 'b', label: 'Giải B', count: 2 },
		{ key: 'c', label: 'Giải C', count: 3 }
	]
};

export function checkBands(bands: readonly PrizeBand[]) {
	const keys = new Set<string>();
	for (const b of bands) {
		if (!b.key || keys.has(b.key)) throw new Error(`prizes: band key ${b.key} missing or twice`);
		keys.add(b.key);
		if (!Number.isInteger(b.count) || b.count < 0) {
			throw new Error(`prizes: count of ${b.key} must be a whole number ≥ 0`);
		}
	}
}

export function awardPrizes(
	standings: readonly Standing[],
	bands: readonly PrizeBand[],
	options: { minScore?: number; perUnit?: boolean } = {}
): Award[] {
	checkBands(bands);
	if (options.perUnit) {
		// A level run per unit: each unit gives its own bands to its own candidates.
		const byUnit = new Map<string, Standing[]>();
		for (const s of standings) byUnit.set(s.unitId, [...(byUnit.get(s.unitId) ?? []), s]);
		return [...byUnit.values()]
			.flatMap((own) => awardPrizes(own, bands, { minScore: options.minScore }))
			.sort((a, b) => a.rank - b.rank || (a.candidateId < b.candidateId ? -1 : 1));
	}
	const ends: number[] = [];
	let total = 0;
	for (const b of bands) ends.push((total += b.count));
	const minScore = options.minScore ?? Number.NEGATIVE_INFINITY;

	const sorted = [...standings].sort(
		(a, b) => a.rank - b.rank || (a.candidateId < b.candidateId ? -1 : 1)
	);
	// Places among the eligible (below the minimum score: no prize, and no place taken).
	const place = new Map<string, number>();
	const groupSize = new Map<number, number>();
	let pos = 0;
	let prev: Standing | null = null;
	for (const s of sorted) {
		if (s.score < minScore) continue;
		pos++;
		const p = prev && prev.rank === s.rank ? place.get(prev.candidateId)! : pos;
		place.set(s.candidateId, p);
		groupSize.set(p, (groupSize.get(p) ?? 0) + 1);
		prev = s;
	}

	return sorted.map((s) => {
		const p = place.get(s.candidateId);
		let band: string | null = null;
		let tiedAtBoundary = false;
		if (p !== undefined) {
			const i = ends.findIndex((end) => p <= end);
			if (i >= 0) {
				band = bands[i].key;
				tiedAtBoundary = p + groupSize.get(p)! - 1 > ends[i];
			}
		}
		return { ...s, band, automaticBand: band, tiedAtBoundary, reason: null };
	});
}

export class PrizeOverrideError extends Error {
	constructor(
		readonly code: 'unknown_candidate' | 'unknown_band' | 'reason_required',
		readonly candidateId: string
	) {
		super(`prize override: ${code} (${candidateId})`);
	}
}

export function applyPrizeOverrides(
	awards: readonly Award[],
	bands: readonly PrizeBand[],
	overrides: readonly PrizeOverride[]
): Award[] {
	const bandKeys = new Set(bands.map((b) => b.key));
	const known = new Set(awards.map((a) => a.candidateId));
	const byId = new Map(overrides.map((o) => [o.candidateId, o]));
	if (byId.size !== overrides.length) throw new Error('prizes: one candidate overridden twice');
	for (const o of overrides) {
		if (!known.has(o.candidateId)) throw new PrizeOverrideError('unknown_candidate', o.candidateId);
		if (o.band !== null && !bandKeys.has(o.band)) {
			throw new PrizeOverrideError('unknown_band', o.candidateId);
		}
		if (o.reason.trim().length === 0)
			throw new PrizeOverrideError('reason_required', o.candidateId);
	}
	return awards.map((a) => {
		const o = byId.get(a.candidateId);
		if (!o || o.band === a.automaticBand) return { ...a, band: a.automaticBand, reason: null };
		return { ...a, band: o.band, reason: o.reason.trim() };
	});
}

/** Winners per band, for the summary and the published list. */
export function countByBand(awards: readonly Award[]): Map<string, number> {
	const out = new Map<string, number>();
	for (const a of awards) if (a.band) out.set(a.band, (out.get(a.band) ?? 0) + 1);
	return out;
}
