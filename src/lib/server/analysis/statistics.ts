/**
 * Classical test theory, as pure functions. `aggregateResponses` is the reference for what the SQL
 * in `item-analysis.ts` computes over stored answers; `finishItem`, `reliability` and `flagsFor`
 * turn those aggregates into the figures and flags a trainer reads. README.md explains each.
 */

/** One candidate's answer to one question: the points (0…1) and the option ids they chose. */
export type Response = { candidate: string; item: string; score: number; chosen: string[] };

export type OptionCounts = { all: number; upper: number; lower: number };

/** What SQL aggregates per question (and what `aggregateResponses` computes from a matrix). */
export type ItemAggregate = {
	item: string;
	n: number;
	/** Mean points: the share correct for one-point questions. */
	facility: number;
	/** Population variance of the item's points (p·q for 0/1 items). */
	variance: number;
	/** Pearson correlation of the item with the rest of the test (total minus this item). */
	restCorrelation: number | null;
	/** Facility among candidates in the upper / lower group who saw the question. */
	upperFacility: number | null;
	lowerFacility: number | null;
	optionCounts: Record<string, OptionCounts>;
};

export type TestAggregate = {
	/** Candidates (attempts). */
	n: number;
	mean: number;
	/** Population standard deviation and variance of the total score. */
	sd: number;
	variance: number;
	/** Questions per candidate, on average (all the same on a fixed test). */
	meanItems: number;
	/** Size of each of the upper and lower groups. */
	groupSize: number;
};

export const GROUP_FRACTION = 0.27;

export const mean = (xs: readonly number[]) =>
	xs.length === 0 ? 0 : xs.reduce((s, x) => s + x, 0) / xs.length;

/** Population variance (divides by n), as KR-20 uses it. */
export function variancePop(xs: readonly number[]): number {
	if (xs.length === 0) return 0;
	const m = mean(xs);
	return xs.reduce((s, x) => s + (x - m) ** 2, 0) / xs.length;
}

/** Pearson's r; null when either side has no variance (PostgreSQL's corr() does the same). */
export function pearson(xs: readonly number[], ys: readonly number[]): number | null {
	if (xs.length !== ys.length || xs.length < 2) return null;
	const mx = mean(xs);
	const my = mean(ys);
	let sxy = 0;
	let sxx = 0;
	let syy = 0;
	for (let i = 0; i < xs.length; i++) {
		sxy += (xs[i] - mx) * (ys[i] - my);
		sxx += (xs[i] - mx) ** 2;
		syy += (ys[i] - my) ** 2;
	}
	if (sxx === 0 || syy === 0) return null;
	return sxy / Math.sqrt(sxx * syy);
}

/**
 * The running sums SQL keeps per question (x: the item's points, y: the rest of the candidate's
 * total), from which `itemFromSums` gives the same figures as `aggregateResponses`.
 */
export type ItemSums = {
	n: number;
	sx: number;
	sxx: number;
	sy: number;
	syy: number;
	sxy: number;
	nUpper: number;
	sxUpper: number;
	nLower: number;
	sxLower: number;
};

/** A sum of squared deviations this small against the raw sums is rounding, not spread. */
const noSpread = (deviations: number, squares: number) =>
	deviations <= 1e-12 * Math.max(1, squares);

export function itemFromSums(
	item: string,
	s: ItemSums,
	optionCounts: Record<string, OptionCounts>
): ItemAggregate {
	const facility = s.n === 0 ? 0 : s.sx / s.n;
	const dxx = s.sxx - (s.sx * s.sx) / s.n;
	const dyy = s.syy - (s.sy * s.sy) / s.n;
	const dxy = s.sxy - (s.sx * s.sy) / s.n;
	return {
		item,
		n: s.n,
		facility,
		variance: s.n === 0 || noSpread(dxx, s.sxx) ? 0 : dxx / s.n,
		restCorrelation:
			s.n < 2 || noSpread(dxx, s.sxx) || noSpread(dyy, s.syy) ? null : dxy / Math.sqrt(dxx * dyy),
		upperFacility: s.nUpper > 0 ? s.sxUpper / s.nUpper : null,
		lowerFacility: s.nLower > 0 ? s.sxLower / s.nLower : null,
		optionCounts
	};
}

/** Size of the upper and lower groups: 27 % of the candidates, rounded, at least one. */
export const groupSizeFor = (n: number, fraction = GROUP_FRACTION) =>
	n === 0 ? 0 : Math.max(1, Math.round(n * fraction));

/**
 * Per-question and per-test aggregates from raw responses. Candidates are ranked by total score
 * (ties broken by candidate id, as the SQL does), the top and bottom `groupSize` form the upper
 * and lower groups.
 */
export function aggregateResponses(
	responses: readonly Response[],
	fraction = GROUP_FRACTION
): { test: TestAggregate; items: ItemAggregate[] } {
	const totals = new Map<string, { total: number; k: number }>();
	for (const r of responses) {
		const t = totals.get(r.candidate) ?? { total: 0, k: 0 };
		t.total += r.score;
		t.k += 1;
		totals.set(r.candidate, t);
	}
	const ranked = [...totals.entries()].sort(
		(a, b) => b[1].total - a[1].total || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)
	);
	const n = ranked.length;
	const cut = groupSizeFor(n, fraction);
	const group = new Map<string, 'upper' | 'lower' | null>(
		ranked.map(([id], i) => [id, i < cut ? 'upper' : i >= n - cut ? 'lower' : null])
	);
	const scores = ranked.map(([, t]) => t.total);
	const byItem = new Map<string, Response[]>();
	for (const r of responses) byItem.set(r.item, [...(byItem.get(r.item) ?? []), r]);
	const items = [...byItem.entries()].map(([item, rs]): ItemAggregate => {
		const xs = rs.map((r) => r.score);
		const rest = rs.map((r) => totals.get(r.candidate)!.total - r.score);
		const inGroup = (g: 'upper' | 'lower') => rs.filter((r) => group.get(r.candidate) === g);
		const upper = inGroup('upper');
		const lower = inGroup('lower');
		const optionCounts: Record<string, OptionCounts> = {};
		for (const r of rs) {
			for (const id of r.chosen) {
				const o = (optionCounts[id] ??= { all: 0, upper: 0, lower: 0 });
				o.all += 1;
				const g = group.get(r.candidate);
				if (g) o[g] += 1;
			}
		}
		return {
			item,
			n: rs.length,
			facility: mean(xs),
			variance: variancePop(xs),
			restCorrelation: pearson(xs, rest),
			upperFacility: upper.length ? mean(upper.map((r) => r.score)) : null,
			lowerFacility: lower.length ? mean(lower.map((r) => r.score)) : null,
			optionCounts
		};
	});
	return {
		test: {
			n,
			mean: mean(scores),
			sd: Math.sqrt(variancePop(scores)),
			variance: variancePop(scores),
			meanItems: n === 0 ? 0 : responses.length / n,
			groupSize: cut
		},
		items
	};
}

/**
 * Cronbach's α (KR-20 when every item scores 0 or 1): k/(k−1)·(1 − Σ item variance / total
 * variance). When candidates drew different questions from a bank, k is the mean number of
 * questions a candidate saw and the item variances are weighted by how many saw each: an estimate,
 * exact on a fixed test. Null when it is undefined (one item, or no spread in totals).
 */
export function reliability(test: TestAggregate, items: readonly ItemAggregate[]): number | null {
	const k = test.meanItems;
	if (test.n < 2 || k <= 1 || test.variance === 0) return null;
	const sumItemVariance = items.reduce((s, i) => s + (i.variance * i.n) / test.n, 0);
	return (k / (k - 1)) * (1 - sumItemVariance / test.variance);
}

export const FLAG_REASONS = [
	'too_easy',
	'too_hard',
	'negative_discrimination',
	'low_discrimination',
	'unused_distractor',
	'likely_wrong_key'
] as const;
export type FlagReason = (typeof FLAG_REASONS)[number];
export type Flag = { reason: FlagReason; option?: string };

export type Thresholds = {
	tooEasy: number;
	tooHard: number;
	lowDiscrimination: number;
	minResponses: number;
};

export const THRESHOLDS: Thresholds = {
	tooEasy: 0.9,
	tooHard: 0.2,
	/** Upper − lower facility below this (but not negative) discriminates too little. */
	lowDiscrimination: 0.1,
	/** Fewer responses than this: figures are shown, nothing is flagged. */
	minResponses: 10
};

export type ItemFigures = ItemAggregate & {
	/** Upper-group facility minus lower-group facility (−1…1). */
	discrimination: number | null;
	flags: Flag[];
};

/**
 * The flags of one question with the reason, from its aggregates and its key (`key` option ids,
 * `optionIds` every option it offered).
 */
export function flagsFor(
	item: ItemAggregate,
	key: readonly string[],
	optionIds: readonly string[],
	thresholds: Thresholds = THRESHOLDS
): Flag[] {
	if (item.n < thresholds.minResponses) return [];
	const flags: Flag[] = [];
	if (item.facility > thresholds.tooEasy) flags.push({ reason: 'too_easy' });
	if (item.facility < thresholds.tooHard) flags.push({ reason: 'too_hard' });
	const d = discriminationOf(item);
	if (d !== null && d < 0) flags.push({ reason: 'negative_discrimination' });
	else if (item.restCorrelation !== null && item.restCorrelation < 0)
		flags.push({ reason: 'negative_discrimination' });
	else if (d !== null && d < thresholds.lowDiscrimination)
		flags.push({ reason: 'low_discrimination' });
	const count = (id: string) => item.optionCounts[id] ?? { all: 0, upper: 0, lower: 0 };
	const keyUpper = Math.max(0, ...key.map((id) => count(id).upper));
	for (const id of optionIds) {
		if (key.includes(id)) continue;
		if (count(id).all === 0) flags.push({ reason: 'unused_distractor', option: id });
		else if (count(id).upper > keyUpper) flags.push({ reason: 'likely_wrong_key', option: id });
	}
	return flags;
}

export const discriminationOf = (item: ItemAggregate) =>
	item.upperFacility === null || item.lowerFacility === null
		? null
		: item.upperFacility - item.lowerFacility;

export function finishItem(
	item: ItemAggregate,
	key: readonly string[],
	optionIds: readonly string[]
): ItemFigures {
	return { ...item, discrimination: discriminationOf(item), flags: flagsFor(item, key, optionIds) };
}
