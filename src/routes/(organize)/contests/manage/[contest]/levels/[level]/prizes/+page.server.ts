import { fail } from '@sveltejs/kit';
import { z } from 'zod';
import type { Actions, PageServerLoad } from './$types';
import { db } from '$lib/server/db';
import { candidateInfo, registrationByCode } from '$lib/server/contests/candidates';
import { requireLevelOf, requireOrganizedContest } from '$lib/server/contests/organizer-access';
import {
	MAX_BANDS,
	clearOverride,
	computeAwards,
	levelAwards,
	levelBands,
	levelOverrides,
	overrideAward,
	publishAwards,
	saveBands
} from '$lib/server/contests/prizes-store';
import { levelStandings } from '$lib/server/contests/standings';
import { DEFAULT_BANDS } from '$lib/server/contests/prizes';

async function guard(locals: App.Locals, params: { contest: string; level: string }, url: URL) {
	const { user, contest, unit } = await requireOrganizedContest(db, locals, params.contest, url);
	const level = await requireLevelOf(db, contest.id, params.level);
	return { user, contest, unit, level };
}

export const load: PageServerLoad = async ({ locals, params, url }) => {
	const { contest, unit, level } = await guard(locals, params, url);
	const [bands, awards] = [await levelBands(db, level.id), await levelAwards(db, level.id)];
	const overrides = await levelOverrides(db, level.id);
	const info = await candidateInfo(
		db,
		[
			...new Set([
				...awards.map((a) => a.award.registrationId),
				...overrides.map((o) => o.registrationId)
			])
		],
		unit
	);
	const overridden = new Set(overrides.map((o) => o.registrationId));
	return {
		contest: { id: contest.id, name: contest.name },
		level: { id: level.id, name: level.name, publishedAt: level.prizesPublishedAt },
		bands: bands.map((b) => ({ id: b.id, name: b.name, count: b.count })),
		defaults: DEFAULT_BANDS.vi_classic.map((b) => ({ name: b.label, count: b.count })),
		maxBands: MAX_BANDS,
		awards: awards.map(({ award, band }) => {
			const c = info.get(award.registrationId);
			return {
				registrationId: award.registrationId,
				bandId: band.id,
				band: band.name,
				rank: award.rank,
				certificateNo: award.certificateNo,
				name: c?.name ?? '',
				code: c?.code ?? '',
				unitName: c?.unitName ?? '',
				groupName: c?.groupName ?? '',
				overridden: overridden.has(award.registrationId)
			};
		}),
		overrides: overrides.map((o) => {
			const c = info.get(o.registrationId);
			return {
				registrationId: o.registrationId,
				band: bands.find((b) => b.id === o.bandId)?.name ?? null,
				reason: o.reason,
				at: o.at,
				name: c?.name ?? '',
				code: c?.code ?? ''
			};
		})
	};
};

/** Who the organizer's changes are about, as the page names them ("Name (code)"). */
async function namesOf(registrationIds: number[], unit: { id: number; path: string }) {
	const info = await candidateInfo(db, registrationIds, unit);
	return registrationIds.map((id) => {
		const c = info.get(id);
		return c ? `${c.name} (${c.code})` : String(id);
	});
}

const bandsSchema = z
	.array(
		z.object({
			name: z.string().trim().min(1).max(60),
			count: z.coerce.number().int().min(0).max(10_000)
		})
	)
	.max(MAX_BANDS);

const overrideSchema = z.object({
	registrationId: z.coerce.number().int().positive(),
	bandId: z.string().regex(/^(none|\d{1,9})$/),
	reason: z.string().trim().min(1, 'reason_required').max(500, 'reason_too_long')
});

const clearSchema = z.object({
	registrationId: z.coerce.number().int().positive(),
	reason: z.string().trim().min(1, 'reason_required').max(500, 'reason_too_long')
});

/**
 * Sets a ranked candidate's prize (a band, or none) with the reason: the change of a row of the
 * awards table, or a prize for someone the bands left out.
 */
async function applyOverride(
	{ user, unit, level }: Awaited<ReturnType<typeof guard>>,
	action: 'override' | 'awardOther',
	registrationId: number,
	form: Record<string, FormDataEntryValue>
) {
	const code = action === 'awardOther' ? String(form.candidateCode ?? '').slice(0, 40) : undefined;
	const parsed = overrideSchema.safeParse({
		registrationId: String(registrationId),
		bandId: String(form.bandId ?? ''),
		reason: String(form.reason ?? '').slice(0, 700)
	});
	if (!parsed.success) {
		const reasonIssue = parsed.error.issues.find((i) => i.path[0] === 'reason');
		return fail(400, { action, registrationId, code, error: reasonIssue?.message ?? 'invalid' });
	}
	// The candidate must be ranked in this level.
	const { standings } = await levelStandings(db, level, unit);
	const rank = standings.find((s) => s.candidateId === String(registrationId))?.rank;
	if (rank === undefined) {
		const error = action === 'awardOther' ? 'code_unranked' : 'not_found';
		return fail(400, { action, registrationId, code, error });
	}
	const result = await overrideAward(
		db,
		level,
		{
			registrationId,
			bandId: parsed.data.bandId === 'none' ? null : Number(parsed.data.bandId),
			reason: parsed.data.reason,
			rank
		},
		{ actorUserId: user.id }
	);
	if (!result.ok) {
		return fail(result.error === 'published' ? 409 : 400, {
			action,
			registrationId,
			code,
			error: result.error
		});
	}
	return { action, registrationId, saved: true as const };
}

export const actions: Actions = {
	bands: async ({ locals, params, url, request }) => {
		const { user, unit, level } = await guard(locals, params, url);
		const form = await request.formData();
		const names = form.getAll('name').map((v) => String(v).slice(0, 100));
		const counts = form.getAll('count').map((v) => String(v).slice(0, 10));
		const rows = names
			.map((name, i) => ({ name, count: counts[i] ?? '' }))
			.filter((r) => r.name.trim() !== '' || r.count.trim() !== '');
		const parsed = bandsSchema.safeParse(rows);
		if (!parsed.success || rows.length === 0) {
			const bad = parsed.success ? [] : parsed.error.issues.map((i) => Number(i.path[0]));
			return fail(400, { action: 'bands' as const, error: 'bands_invalid', rows, bad });
		}
		const result = await saveBands(db, level, parsed.data, { actorUserId: user.id });
		if (!result.ok && result.error === 'overrides_exist') {
			return fail(409, {
				action: 'bands' as const,
				error: result.error,
				rows,
				overridden: await namesOf(result.overrides, unit)
			});
		}
		if (!result.ok) return fail(409, { action: 'bands' as const, error: result.error });
		return { action: 'bands' as const, saved: true };
	},
	compute: async ({ locals, params, url }) => {
		const { user, unit, level } = await guard(locals, params, url);
		const result = await computeAwards(db, level, { actorUserId: user.id, contestUnit: unit });
		if (!result.ok) return fail(409, { action: 'compute' as const, error: result.error });
		return {
			action: 'compute' as const,
			awarded: result.awarded,
			overridden: result.overridden
		};
	},
	override: async ({ locals, params, url, request }) => {
		const ctx = await guard(locals, params, url);
		const form = Object.fromEntries(await request.formData());
		return applyOverride(ctx, 'override', Number(form.registrationId) || 0, form);
	},
	/** A prize for a ranked candidate the bands gave none, found by their candidate number. */
	awardOther: async ({ locals, params, url, request }) => {
		const ctx = await guard(locals, params, url);
		const form = Object.fromEntries(await request.formData());
		const code = String(form.candidateCode ?? '').slice(0, 40);
		const registrationId = await registrationByCode(db, ctx.level.id, code);
		if (registrationId === null) {
			return fail(400, { action: 'awardOther' as const, code, error: 'code_unknown' });
		}
		const out = await applyOverride(ctx, 'awardOther', registrationId, form);
		if (!('saved' in out)) return out;
		const [name] = await namesOf([registrationId], ctx.unit);
		return { ...out, name };
	},
	clearOverride: async ({ locals, params, url, request }) => {
		const { user, unit, level } = await guard(locals, params, url);
		const form = await request.formData();
		const parsed = clearSchema.safeParse({
			registrationId: String(form.get('registrationId') ?? ''),
			reason: String(form.get('reason') ?? '').slice(0, 700)
		});
		const registrationId = Number(form.get('registrationId')) || 0;
		if (!parsed.success) {
			const reasonIssue = parsed.error.issues.find((i) => i.path[0] === 'reason');
			return fail(400, {
				action: 'clearOverride' as const,
				registrationId,
				error: reasonIssue?.message ?? 'invalid'
			});
		}
		const result = await clearOverride(db, level, parsed.data, {
			actorUserId: user.id,
			contestUnit: unit
		});
		if (!result.ok) {
			return fail(result.error === 'published' ? 409 : 400, {
				action: 'clearOverride' as const,
				registrationId,
				error: result.error
			});
		}
		return { action: 'clearOverride' as const, registrationId, cleared: true };
	},
	publish: async ({ locals, params, url }) => {
		const { user, contest, level } = await guard(locals, params, url);
		const result = await publishAwards(db, level, {
			actorUserId: user.id,
			year: contest.year,
			now: locals.receivedAt
		});
		if (!result.ok) return fail(409, { action: 'publish' as const, error: result.error });
		return { action: 'publish' as const, awarded: result.awarded };
	}
};
