import { z } from 'zod';
import {
	COUNTING_RULES,
	ROUND_KINDS,
	type ContestRound,
	type RoundDrawRule,
	type RoundRankKey
} from '../db/schema';
import { ESSAY_PROMPT_MAX } from './essay-prompt';
import type { RoundInput } from './manage';
import { DEFAULT_RANK_ORDER } from './ranking';

/**
 * The organizer's round form (new and edit pages): its fields as strings, parsed into a
 * `RoundInput`, and a round written back into fields. Times are Vietnam's (UTC+7 all year, no
 * daylight saving), as `datetime-local` inputs give them.
 */

const VN_OFFSET = '+07:00';
const VN_OFFSET_MS = 7 * 3600_000;

/** Rows of the draw rules the form offers (topic, difficulty, count); empty rows are ignored. */
export const DRAW_ROWS = 4;

const localDate = z
	.string()
	.trim()
	.transform((v, ctx) => {
		if (v === '') return null;
		const d = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/.test(v) ? new Date(`${v}:00${VN_OFFSET}`) : null;
		if (!d || Number.isNaN(d.getTime())) {
			ctx.addIssue({ code: 'custom', message: 'date' });
			return z.NEVER;
		}
		return d;
	});

/** A `datetime-local` value read as Vietnam's time; null when it is not one. */
export function parseLocalTime(value: string): Date | null {
	const v = value.trim();
	if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/.test(v)) return null;
	const d = new Date(`${v}:00${VN_OFFSET}`);
	return Number.isNaN(d.getTime()) ? null : d;
}

const optionalInt = (min: number, max: number, message: string) =>
	z
		.string()
		.trim()
		.transform((v, ctx) => {
			if (v === '') return null;
			const n = Number(v);
			if (!Number.isInteger(n) || n < min || n > max) {
				ctx.addIssue({ code: 'custom', message });
				return z.NEVER;
			}
			return n;
		});

export const RANK_PRESETS: Record<string, RoundRankKey[]> = {
	default: DEFAULT_RANK_ORDER,
	prediction_first: ['correct_desc', 'prediction_asc', 'time_asc', 'submitted_asc'],
	score_time: ['correct_desc', 'time_asc', 'submitted_asc']
};

const roundSchema = z.object({
	name: z.string().trim().min(1, 'required').max(200, 'too_long'),
	kind: z.enum(ROUND_KINDS, { error: 'required' }),
	opensAt: localDate,
	closesAt: localDate,
	durationMinutes: z.coerce
		.number({ error: 'duration' })
		.int('duration')
		.min(1, 'duration')
		.max(1440, 'duration'),
	attemptsAllowed: optionalInt(1, 1000, 'attempts'),
	counting: z.enum(COUNTING_RULES, { error: 'required' }),
	questionCount: z.coerce
		.number({ error: 'question_count' })
		.int('question_count')
		.min(1, 'question_count')
		.max(500, 'question_count'),
	weight: z.coerce.number({ error: 'weight' }).min(0, 'weight').max(1000, 'weight'),
	maxScore: optionalInt(1, 100_000, 'max_score'),
	predictionQuestion: z.string().trim().max(500, 'too_long'),
	reviewOpensAt: localDate,
	rankPreset: z.enum(['default', 'prediction_first', 'score_time'], { error: 'rank_order' }),
	multipleScoring: z.enum(['all_or_nothing', 'partial'], { error: 'required' }),
	essayPrompt: z.string().trim().max(ESSAY_PROMPT_MAX, 'too_long')
});

export const ROUND_FIELDS = [
	'name',
	'kind',
	'opensAt',
	'closesAt',
	'durationMinutes',
	'attemptsAllowed',
	'counting',
	'questionCount',
	'weight',
	'maxScore',
	'predictionQuestion',
	'reviewOpensAt',
	'rankPreset',
	'multipleScoring',
	'essayPrompt'
] as const;

export type DrawRow = { topic: string; difficulty: string; count: string };
export type RoundFormValues = Record<(typeof ROUND_FIELDS)[number], string> & { draw: DrawRow[] };

/** The domain's problem names, as the form's field names. */
const PROBLEM_FIELD: Record<string, string> = {
	name: 'name',
	window: 'closesAt',
	duration: 'durationMinutes',
	attempts: 'attemptsAllowed',
	question_count: 'questionCount',
	draw: 'draw',
	review: 'reviewOpensAt',
	weight: 'weight',
	rank_order: 'rankPreset',
	essay_prompt: 'essayPrompt'
};

export function problemErrors(problems: readonly string[]): Record<string, string> {
	const errors: Record<string, string> = {};
	for (const p of problems) errors[PROBLEM_FIELD[p] ?? 'name'] ??= p;
	return errors;
}

function readValues(form: FormData): RoundFormValues {
	const text = (v: FormDataEntryValue | null | undefined, max = 600) =>
		String(v ?? '').slice(0, max);
	const topics = form.getAll('drawTopic');
	const difficulties = form.getAll('drawDifficulty');
	const counts = form.getAll('drawCount');
	const draw = Array.from({ length: DRAW_ROWS }, (_, i) => ({
		topic: text(topics[i]).trim().slice(0, 100),
		difficulty: text(difficulties[i]).trim(),
		count: text(counts[i]).trim()
	}));
	const fields = Object.fromEntries(
		ROUND_FIELDS.map((f) => [
			f,
			text(form.get(f), f === 'essayPrompt' ? ESSAY_PROMPT_MAX + 1 : undefined)
		])
	);
	return { ...(fields as Record<(typeof ROUND_FIELDS)[number], string>), draw };
}

/** Draw rows with a count become rules; a row with a topic or difficulty but no count is an error. */
function parseDraw(rows: DrawRow[]): RoundDrawRule[] | null {
	const rules: RoundDrawRule[] = [];
	for (const row of rows) {
		if (row.count === '') {
			if (row.topic || row.difficulty) return null;
			continue;
		}
		const count = Number(row.count);
		if (!Number.isInteger(count) || count < 1 || count > 500) return null;
		const rule: RoundDrawRule = { count };
		if (row.topic) rule.topic = row.topic;
		if (row.difficulty) {
			const d = Number(row.difficulty);
			if (!Number.isInteger(d) || d < 1 || d > 5) return null;
			rule.difficulty = d;
		}
		rules.push(rule);
	}
	return rules;
}

export type ParsedRoundForm =
	| { ok: true; values: RoundFormValues; input: RoundInput }
	| { ok: false; values: RoundFormValues; errors: Record<string, string> };

export function parseRoundForm(form: FormData): ParsedRoundForm {
	const values = readValues(form);
	const parsed = roundSchema.safeParse(values);
	const draw = parseDraw(values.draw);
	if (!parsed.success || draw === null) {
		const errors: Record<string, string> = {};
		for (const issue of parsed.error?.issues ?? []) errors[String(issue.path[0])] ??= issue.message;
		if (draw === null) errors.draw = 'draw';
		return { ok: false, values, errors };
	}
	const v = parsed.data;
	return {
		ok: true,
		values,
		input: {
			name: v.name,
			kind: v.kind,
			opensAt: v.opensAt,
			closesAt: v.closesAt,
			durationSeconds: v.durationMinutes * 60,
			attemptsAllowed: v.attemptsAllowed,
			counting: v.counting,
			rankOrder: RANK_PRESETS[v.rankPreset],
			weight: v.weight,
			questionCount: v.questionCount,
			draw,
			multipleScoring: v.multipleScoring,
			maxScore: v.kind === 'online' ? null : v.maxScore,
			predictionQuestion: v.predictionQuestion || null,
			reviewOpensAt: v.reviewOpensAt,
			essayPrompt: v.kind === 'essay' ? v.essayPrompt || null : null
		}
	};
}

/** A `datetime-local` value in Vietnam's time. */
export function localInput(date: Date | null): string {
	if (!date) return '';
	return new Date(date.getTime() + VN_OFFSET_MS).toISOString().slice(0, 16);
}

function rankPresetOf(order: readonly RoundRankKey[]): string {
	const found = Object.entries(RANK_PRESETS).find(
		([, keys]) => JSON.stringify(keys) === JSON.stringify(order)
	);
	return found?.[0] ?? 'default';
}

/** A stored round as the form's fields (the edit page's starting values). */
export function roundFormValues(round: ContestRound): RoundFormValues {
	const draw: DrawRow[] = Array.from({ length: DRAW_ROWS }, (_, i) => {
		const rule = round.draw[i];
		return {
			topic: rule?.topic ?? '',
			difficulty: rule?.difficulty === undefined ? '' : String(rule.difficulty),
			count: rule ? String(rule.count) : ''
		};
	});
	return {
		name: round.name,
		kind: round.kind,
		opensAt: localInput(round.opensAt),
		closesAt: localInput(round.closesAt),
		durationMinutes: String(Math.round(round.durationSeconds / 60)),
		attemptsAllowed: round.attemptsAllowed === null ? '' : String(round.attemptsAllowed),
		counting: round.counting,
		questionCount: String(round.questionCount),
		weight: String(round.weight),
		maxScore: round.maxScore === null ? '' : String(round.maxScore),
		predictionQuestion: round.predictionQuestion ?? '',
		reviewOpensAt: localInput(round.reviewOpensAt),
		rankPreset: rankPresetOf(round.rankOrder),
		multipleScoring: round.multipleScoring,
		essayPrompt: round.essayPrompt ?? '',
		draw
	};
}
