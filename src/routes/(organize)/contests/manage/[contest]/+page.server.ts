import { fail } from '@sveltejs/kit';
import { z } from 'zod';
import type { Actions, PageServerLoad } from './$types';
import { db } from '$lib/server/db';
import { requireOrganizedContest, requireRoundOf } from '$lib/server/contests/organizer-access';
import { contestStructure } from '$lib/server/contests/organize-read';
import { addLevel, setRoundStatus } from '$lib/server/contests/manage';
import { ORG_KINDS } from '$lib/server/db/schema';

export const load: PageServerLoad = async ({ locals, params, url }) => {
	const { contest, unit } = await requireOrganizedContest(db, locals, params.contest, url);
	const levels = await contestStructure(db, contest.id);
	const editedId = Number(url.searchParams.get('edited'));
	return {
		edited: levels.flatMap((l) => l.rounds).find((r) => r.id === editedId)?.name ?? null,
		contest: {
			id: contest.id,
			name: contest.name,
			year: contest.year,
			kind: contest.kind,
			status: contest.status
		},
		unit: { name: unit.name },
		levels: levels.map((l) => ({
			id: l.id,
			name: l.name,
			candidates: l.candidates,
			advancementPublishedAt: l.advancementPublishedAt,
			prizesPublishedAt: l.prizesPublishedAt,
			rounds: l.rounds.map((r) => ({
				id: r.id,
				name: r.name,
				kind: r.kind,
				status: r.status,
				opensAt: r.opensAt,
				closesAt: r.closesAt,
				resultsComputedAt: r.resultsComputedAt,
				resultsPublishedAt: r.resultsPublishedAt,
				/** Not opened yet: may still be edited, or hidden from candidates again. */
				beforeOpen: !r.opensAt || r.opensAt > locals.receivedAt
			}))
		}))
	};
};

const levelSchema = z.object({
	name: z.string().trim().min(1, 'required').max(200, 'too_long'),
	unitKind: z.union([z.enum(ORG_KINDS), z.literal('')])
});

export const actions: Actions = {
	addLevel: async ({ locals, params, url, request }) => {
		const { user, contest } = await requireOrganizedContest(db, locals, params.contest, url);
		const form = await request.formData();
		const values = {
			name: String(form.get('name') ?? '').slice(0, 300),
			unitKind: String(form.get('unitKind') ?? '').slice(0, 30)
		};
		const parsed = levelSchema.safeParse(values);
		if (!parsed.success) {
			return fail(400, { action: 'addLevel' as const, values, error: 'required' });
		}
		const result = await addLevel(db, user, contest.id, {
			name: parsed.data.name,
			unitKind: parsed.data.unitKind || null
		});
		if (!result.ok) return fail(400, { action: 'addLevel' as const, values, error: result.error });
		return { action: 'addLevel' as const, added: parsed.data.name };
	},
	/** Shows a round to its candidates (scheduled) or hides it again (draft) before it opens. */
	roundStatus: async ({ locals, params, url, request }) => {
		const { user, contest } = await requireOrganizedContest(db, locals, params.contest, url);
		const form = await request.formData();
		const { round } = await requireRoundOf(db, contest.id, String(form.get('round') ?? ''));
		const status = String(form.get('status') ?? '');
		if (status !== 'draft' && status !== 'scheduled') {
			return fail(400, { action: 'roundStatus' as const, round: round.id, error: 'invalid' });
		}
		const result = await setRoundStatus(db, user, round.id, status, locals.receivedAt);
		if (!result.ok) {
			return fail(409, { action: 'roundStatus' as const, round: round.id, error: result.error });
		}
		return { action: 'roundStatus' as const, round: round.id, status };
	}
};
