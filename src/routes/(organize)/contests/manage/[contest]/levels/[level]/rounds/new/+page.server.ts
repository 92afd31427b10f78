import { fail, redirect } from '@sveltejs/kit';
import { z } from 'zod';
import type { Actions, PageServerLoad } from './$types';
import { db } from '$lib/server/db';
import { addRound, type RoundInput } from '$lib/server/contests/manage';
import { requireLevelOf, requireOrganizedContest } from '$lib/server/contests/organizer-access';
import { DEFAULT_RANK_ORDER } from '$lib/server/contests/ranking';
import { ROUND_KINDS, type RoundRankKey } from '$lib/server/db/schema';

/** Vietnam has one offset all year (UTC+7, no daylight saving): the form's local times are it. */
const VN_OFFSET = '+07:00';
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

const RANK_PRESETS: Record<string, RoundRankKey[]> = {
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
	multipleScoring: z.enum(['all_or_nothing', 'partial'], { error: 'required' })
});

const FIELDS = [
	'name',
	'kind',
	'opensAt',
	'closesAt',
	'durationMinutes',
	'attemptsAllowed',
	'questionCount',
	'weight',
	'maxScore',
	'predictionQuestion',
	'reviewOpensAt',
	'rankPreset',
	'multipleScoring'
] as const;

/** The domain's problem names, as the form's field names. */
const PROBLEM_FIELD: Record<string, string> = {
	name: 'name',
	window: 'closesAt',
	duration: 'durationMinutes',
	attempts: 'attemptsAllowed',
	question_count: 'questionCount',
	draw: 'questionCount',
	review: 'reviewOpensAt',
	weight: 'weight',
	rank_order: 'rankPreset'
};

async function guard(locals: App.Locals, params: { contest: string; level: string }, url: URL) {
	const { user, contest } = await requireOrganizedContest(db, locals, params.contest, url);
	const level = await requireLevelOf(db, contest.id, params.level);
	return { user, contest, level };
}

export const load: PageServerLoad = async ({ locals, params, url }) => {
	const { contest, level } = await guard(locals, params, url);
	return {
		contest: { id: contest.id, name: contest.name, kind: contest.kind },
		level: { id: level.id, name: level.name }
	};
};

export const actions: Actions = {
	create: async ({ locals, params, url, request }) => {
		const { user, contest, level } = await guard(locals, params, url);
		const form = await request.formData();
		const values = Object.fromEntries(
			FIELDS.map((f) => [f, String(form.get(f) ?? '').slice(0, 600)])
		) as Record<(typeof FIELDS)[number], string>;
		const parsed = roundSchema.safeParse(values);
		if (!parsed.success) {
			const errors: Record<string, string> = {};
			for (const issue of parsed.error.issues) errors[String(issue.path[0])] ??= issue.message;
			return fail(400, { values, errors });
		}
		const v = parsed.data;
		const input: RoundInput = {
			name: v.name,
			kind: v.kind,
			opensAt: v.opensAt,
			closesAt: v.closesAt,
			durationSeconds: v.durationMinutes * 60,
			attemptsAllowed: v.attemptsAllowed,
			rankOrder: RANK_PRESETS[v.rankPreset],
			weight: v.weight,
			questionCount: v.questionCount,
			draw: [],
			multipleScoring: v.multipleScoring,
			maxScore: v.kind === 'online' ? null : v.maxScore,
			predictionQuestion: v.predictionQuestion || null,
			reviewOpensAt: v.reviewOpensAt
		};
		const result = await addRound(db, user, level.id, input);
		if (!result.ok) {
			const errors: Record<string, string> = {};
			for (const p of result.problems ?? ['invalid']) errors[PROBLEM_FIELD[p] ?? 'name'] ??= p;
			return fail(400, { values, errors });
		}
		redirect(303, `/contests/manage/${contest.id}`);
	}
};
