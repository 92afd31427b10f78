import { error, fail } from '@sveltejs/kit';
import { z } from 'zod';
import type { Actions, PageServerLoad } from './$types';
import { db } from '$lib/server/db';
import { quizTiming } from '$lib/server/quiz/settings';
import { monitorSnapshot } from '$lib/server/contests/monitor';
import { closeRound } from '$lib/server/contests/publish';
import {
	EXTENSION_MAX_MINUTES,
	REASON_MAX_LENGTH,
	extendCandidateTime
} from '$lib/server/contests/extensions';
import { requireOrganizedContest, requireRoundOf } from '$lib/server/contests/organizer-access';

async function guard(locals: App.Locals, params: { contest: string; round: string }, url: URL) {
	const { user, contest, unit } = await requireOrganizedContest(db, locals, params.contest, url);
	const { round } = await requireRoundOf(db, contest.id, params.round);
	if (round.kind !== 'online') error(404, 'not_found');
	return { user, contest, unit, round };
}

export const load: PageServerLoad = async ({ locals, params, url }) => {
	const { contest, unit, round } = await guard(locals, params, url);
	return {
		contest: { id: contest.id, name: contest.name },
		round: {
			id: round.id,
			name: round.name,
			status: round.status,
			opensAt: round.opensAt,
			closesAt: round.closesAt
		},
		snapshot: await monitorSnapshot(
			db,
			{
				roundId: round.id,
				levelId: round.levelId,
				contestUnit: unit
			},
			locals.receivedAt
		),
		limits: { maxMinutes: EXTENSION_MAX_MINUTES, reasonMax: REASON_MAX_LENGTH },
		prefill: url.searchParams.get('candidate')?.slice(0, 40) ?? ''
	};
};

const extendSchema = z.object({
	candidate: z.string().trim().min(1, 'candidate_required').max(40),
	minutes: z.coerce
		.number({ error: 'minutes_invalid' })
		.int('minutes_invalid')
		.min(1, 'minutes_invalid')
		.max(EXTENSION_MAX_MINUTES, 'minutes_invalid'),
	reason: z.string().trim().min(1, 'reason_required').max(REASON_MAX_LENGTH, 'reason_too_long')
});

export const actions: Actions = {
	extend: async ({ locals, params, url, request }) => {
		const { user, round } = await guard(locals, params, url);
		const form = Object.fromEntries(await request.formData());
		const values = {
			candidate: String(form.candidate ?? '').slice(0, 40),
			minutes: String(form.minutes ?? '').slice(0, 10),
			reason: String(form.reason ?? '').slice(0, REASON_MAX_LENGTH + 100)
		};
		const parsed = extendSchema.safeParse(values);
		if (!parsed.success) {
			const errors: Record<string, string> = {};
			for (const issue of parsed.error.issues) errors[String(issue.path[0])] ??= issue.message;
			return fail(400, { action: 'extend' as const, errors, values });
		}
		const result = await extendCandidateTime(db, {
			round,
			candidateCode: parsed.data.candidate,
			minutes: parsed.data.minutes,
			reason: parsed.data.reason,
			actorUserId: user.id,
			graceMs: quizTiming.graceMs,
			now: locals.receivedAt
		});
		if (!result.ok) {
			const field =
				result.error === 'reason_required'
					? 'reason'
					: result.error === 'minutes_invalid'
						? 'minutes'
						: 'candidate';
			return fail(400, { action: 'extend' as const, errors: { [field]: result.error }, values });
		}
		return {
			action: 'extend' as const,
			extended: { candidate: result.candidateCode, deadline: result.deadline.toISOString() }
		};
	},
	close: async ({ locals, params, url, request }) => {
		const { user, round } = await guard(locals, params, url);
		// Closing cannot be undone: the form asks to confirm it.
		if ((await request.formData()).get('confirm') !== 'yes') {
			return fail(400, { action: 'close' as const, error: 'confirm_required' });
		}
		const result = await closeRound(db, round, { actorUserId: user.id, now: locals.receivedAt });
		if (!result.ok) return fail(409, { action: 'close' as const, error: result.error });
		return { action: 'close' as const, closed: true };
	}
};
