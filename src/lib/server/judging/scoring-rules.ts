import type { Aggregation } from '../db/schema';

/*
 * Pure rules of judged scoring: the rubric's bounds, one judge's sheet, the round score from the
 * judges' totals (mean, or trimmed mean), and the disagreement between judges.
 */

export const RUBRIC_MAX_CRITERIA = 20;
export const CRITERION_MAX_POINTS = 1000;
export const COMMENT_MAX_LENGTH = 2000;

export type CriterionInput = { name: string; maxPoints: number; descriptors: string };

export type RubricProblem =
	| {
			at: number;
			error: 'name_required' | 'name_too_long' | 'max_invalid' | 'descriptors_too_long';
	  }
	| { at: -1; error: 'empty' | 'too_many' | 'duplicate_name' };

/** What is wrong with a rubric (criteria numbered from 1); empty when it can be saved. */
export function rubricProblems(criteria: readonly CriterionInput[]): RubricProblem[] {
	const problems: RubricProblem[] = [];
	if (criteria.length === 0) problems.push({ at: -1, error: 'empty' });
	if (criteria.length > RUBRIC_MAX_CRITERIA) problems.push({ at: -1, error: 'too_many' });
	const names = new Set<string>();
	criteria.forEach((c, i) => {
		const at = i + 1;
		const name = c.name.trim();
		if (!name) problems.push({ at, error: 'name_required' });
		else if (name.length > 200) problems.push({ at, error: 'name_too_long' });
		if (
			!Number.isFinite(c.maxPoints) ||
			c.maxPoints <= 0 ||
			c.maxPoints > CRITERION_MAX_POINTS ||
			Math.round(c.maxPoints * 100) !== c.maxPoints * 100
		) {
			problems.push({ at, error: 'max_invalid' });
		}
		if (c.descriptors.length > 4000) problems.push({ at, error: 'descriptors_too_long' });
		const key = name.toLocaleLowerCase('vi');
		if (name && names.has(key)) problems.push({ at: -1, error: 'duplicate_name' });
		names.add(key);
	});
	return problems;
}

export const rubricMax = (criteria: readonly { maxPoints: number }[]) =>
	round6(criteria.reduce((s, c) => s + c.maxPoints, 0));

/** Points are given in steps of 0.25. */
export const POINT_STEP = 0.25;

export type SheetResult =
	| { ok: true; points: Record<string, number>; total: number }
	| { ok: false; error: 'missing_points' | 'points_out_of_range' | 'unknown_criterion' };

/**
 * A judge's sheet against the rubric: every criterion scored, each between 0 and its maximum in
 * steps of 0.25, nothing else; the total is their sum.
 */
export function checkSheet(
	criteria: readonly { id: number; maxPoints: number }[],
	points: Record<string, unknown>
): SheetResult {
	const ids = new Set(criteria.map((c) => String(c.id)));
	for (const key of Object.keys(points))
		if (!ids.has(key)) return { ok: false, error: 'unknown_criterion' };
	const out: Record<string, number> = {};
	let total = 0;
	for (const c of criteria) {
		const raw = points[String(c.id)];
		if (raw === undefined || raw === null || raw === '')
			return { ok: false, error: 'missing_points' };
		const p = typeof raw === 'number' ? raw : Number(raw);
		if (
			!Number.isFinite(p) ||
			p < 0 ||
			p > c.maxPoints ||
			Math.round(p / POINT_STEP) * POINT_STEP !== p
		) {
			return { ok: false, error: 'points_out_of_range' };
		}
		out[String(c.id)] = p;
		total += p;
	}
	return { ok: true, points: out, total: round6(total) };
}

/** Trimmed mean drops the highest and the lowest total from this many judges on. */
export const TRIM_FROM_JUDGES = 5;

/**
 * The round score of one candidate from the judges' totals: the mean; or, with `trimmed` and at
 * least 5 judges, the mean without one highest and one lowest total. null without any total.
 */
export function roundScore(totals: readonly number[], aggregation: Aggregation): number | null {
	if (totals.length === 0) return null;
	let used = [...totals].sort((a, b) => a - b);
	if (aggregation === 'trimmed' && used.length >= TRIM_FROM_JUDGES) used = used.slice(1, -1);
	return round6(used.reduce((s, t) => s + t, 0) / used.length);
}

/** The spread of the judges' totals (highest − lowest); 0 for fewer than two. */
export function spread(totals: readonly number[]): number {
	if (totals.length < 2) return 0;
	return round6(Math.max(...totals) - Math.min(...totals));
}

/** Judges disagree when their totals are further apart than the threshold. */
export const disagrees = (totals: readonly number[], threshold: number) =>
	spread(totals) > threshold;

export function round6(x: number): number {
	return Math.round(x * 1e6) / 1e6;
}

/**
 * The rubric as the organizer types or pastes it (from a spreadsheet too): one criterion a line,
 * "name | maximum | descriptors" (a tab works as well as "|"; a decimal comma is read as a point).
 */
export function parseRubricLines(text: string): CriterionInput[] {
	return text
		.split(/\r?\n/)
		.map((line) => line.trim())
		.filter(Boolean)
		.map((line) => {
			const [name = '', max = '', ...rest] = line.split(/\s*[|\t]\s*/);
			const maxText = max.trim().replace(',', '.');
			return {
				name: name.trim(),
				maxPoints: /^\d+(\.\d+)?$/.test(maxText) ? Number(maxText) : NaN,
				descriptors: rest.join(' | ').trim()
			};
		});
}

export const rubricLines = (criteria: readonly CriterionInput[]) =>
	criteria
		.map((c) =>
			[c.name, String(c.maxPoints), c.descriptors].filter((x, i) => i < 2 || x).join(' | ')
		)
		.join('\n');
