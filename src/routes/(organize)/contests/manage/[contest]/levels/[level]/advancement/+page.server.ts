import { fail } from '@sveltejs/kit';
import { z } from 'zod';
import type { Actions, PageServerLoad } from './$types';
import { db } from '$lib/server/db';
import {
	adjustAdvancement,
	computeAdvancement,
	nextLevel,
	publishAdvancement,
	storedAdvancement
} from '$lib/server/contests/advancement-store';
import { candidateInfo } from '$lib/server/contests/candidates';
import { requireLevelOf, requireOrganizedContest } from '$lib/server/contests/organizer-access';

async function guard(locals: App.Locals, params: { contest: string; level: string }, url: URL) {
	const { user, contest, unit } = await requireOrganizedContest(db, locals, params.contest, url);
	const level = await requireLevelOf(db, contest.id, params.level);
	return { user, contest, unit, level };
}

export const load: PageServerLoad = async ({ locals, params, url }) => {
	const { contest, unit, level } = await guard(locals, params, url);
	const rows = await storedAdvancement(db, level.id);
	const info = await candidateInfo(
		db,
		rows.map((r) => r.registrationId),
		unit
	);
	const next = await nextLevel(db, level);
	return {
		contest: { id: contest.id, name: contest.name },
		level: {
			id: level.id,
			name: level.name,
			rule: level.advancement,
			runPerUnit: level.unitKind !== null,
			publishedAt: level.advancementPublishedAt
		},
		nextLevel: next ? { id: next.id, name: next.name } : null,
		rows: rows.map((r) => {
			const c = info.get(r.registrationId);
			return {
				registrationId: r.registrationId,
				rank: r.overallRank,
				score: r.overallScore,
				advanced: r.advanced,
				manual: r.manual,
				reason: r.reason,
				code: c?.code ?? '',
				name: c?.name ?? '',
				unitName: c?.unitName ?? '',
				groupName: c?.groupName ?? ''
			};
		})
	};
};

const adjustSchema = z.object({
	registrationId: z.coerce.number().int().positive(),
	advance: z.enum(['yes', 'no']),
	reason: z.string().trim().min(1, 'reason_required').max(500, 'reason_too_long')
});

export const actions: Actions = {
	compute: async ({ locals, params, url }) => {
		const { user, unit, level } = await guard(locals, params, url);
		const result = await computeAdvancement(db, level, { actorUserId: user.id, contestUnit: unit });
		if (!result.ok) return fail(409, { action: 'compute' as const, error: result.error });
		return { action: 'compute' as const, advancing: result.advancing, ranked: result.rows };
	},
	adjust: async ({ locals, params, url, request }) => {
		const { user, level } = await guard(locals, params, url);
		const form = Object.fromEntries(await request.formData());
		const parsed = adjustSchema.safeParse({
			registrationId: String(form.registrationId ?? ''),
			advance: String(form.advance ?? ''),
			reason: String(form.reason ?? '').slice(0, 700)
		});
		const registrationId = Number(form.registrationId) || 0;
		if (!parsed.success) {
			const reasonIssue = parsed.error.issues.find((i) => i.path[0] === 'reason');
			return fail(400, {
				action: 'adjust' as const,
				registrationId,
				error: reasonIssue?.message ?? 'invalid'
			});
		}
		const result = await adjustAdvancement(db, level, {
			registrationId: parsed.data.registrationId,
			advance: parsed.data.advance === 'yes',
			reason: parsed.data.reason,
			actorUserId: user.id
		});
		if (!result.ok) {
			return fail(result.error === 'not_found' ? 400 : 409, {
				action: 'adjust' as const,
				registrationId,
				error: result.error
			});
		}
		return { action: 'adjust' as const, registrationId, saved: true };
	},
	publish: async ({ locals, params, url }) => {
		const { user, level } = await guard(locals, params, url);
		const result = await publishAdvancement(db, level, {
			actorUserId: user.id,
			now: locals.receivedAt
		});
		if (!result.ok) return fail(409, { action: 'publish' as const, error: result.error });
		return {
			action: 'publish' as const,
			advancing: result.advancing,
			registered: result.registered
		};
	}
};
