import { fail } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { db } from '$lib/server/db';
import { idParam } from '$lib/server/contests/organizer-access';
import { levelStandings } from '$lib/server/contests/standings';
import { field, requireJudgedRound } from '$lib/server/judging/organizer-routes';
import { roundCandidates } from '$lib/server/judging/candidates';
import { drawCard, roundDraws } from '$lib/server/judging/draw-card';
import { lockScores, roundSummary } from '$lib/server/judging/lock';
import {
	nextFinalist,
	revealResults,
	setCurrentFinalist,
	startTimer,
	stopTimer
} from '$lib/server/judging/stage';
import { TIMER_KINDS, type TimerKind } from '$lib/server/db/schema';

/** The organizer's control page in the hall: who is on, the draw, timers, scores, lock, reveal. */
export const load: PageServerLoad = async ({ locals, params, url }) => {
	const { contest, unit, round, level } = await requireJudgedRound(db, locals, params, url);
	const summary = await roundSummary(db, round, unit.path);
	const settings = summary.settings;
	const draws = await roundDraws(db, round.id);
	const candidates = await roundCandidates(db, round);
	const nameOf = new Map(candidates.map((c) => [String(c.registrationId), c]));
	const standings = settings.lockedAt ? await levelStandings(db, level, unit) : null;
	return {
		contest: { id: contest.id, name: contest.name },
		round: { id: round.id, name: round.name, kind: round.kind },
		level: { id: level.id, name: level.name },
		stage: {
			current: settings.currentRegistrationId,
			phase: settings.phase,
			timer:
				settings.timerKind && settings.timerEndsAt
					? { kind: settings.timerKind, endsAt: settings.timerEndsAt.toISOString() }
					: null,
			locked: settings.lockedAt !== null,
			revealed: settings.revealedAt !== null,
			threshold: settings.disagreementThreshold
		},
		rows: summary.rows,
		panelSize: summary.panel.length,
		complete: summary.complete,
		draws: draws.map((d) => ({
			id: d.id,
			code: candidates.find((c) => c.registrationId === d.registrationId)?.code ?? '',
			cardTitle: d.cardTitle,
			seed: d.seed,
			poolSize: d.pool.length,
			at: d.at.toISOString()
		})),
		standings: standings
			? {
					rounds: standings.rounds,
					rows: standings.standings.map((s) => ({
						rank: s.rank,
						score: s.score,
						name: nameOf.get(s.candidateId)?.name ?? '',
						code: nameOf.get(s.candidateId)?.code ?? '',
						unitName: nameOf.get(s.candidateId)?.unitName ?? ''
					}))
				}
			: null
	};
};

export const actions: Actions = {
	current: async ({ locals, params, url, request }) => {
		const { round } = await requireJudgedRound(db, locals, params, url);
		const id = idParam(field(await request.formData(), 'registration', 12));
		if (!id) return fail(400, { action: 'current' as const, error: 'not_found' });
		const result = await setCurrentFinalist(db, round, id, locals.receivedAt);
		if (!result.ok) return fail(400, { action: 'current' as const, error: result.error });
		return { action: 'current' as const };
	},
	next: async ({ locals, params, url }) => {
		const { round } = await requireJudgedRound(db, locals, params, url);
		const next = await nextFinalist(db, round);
		if (next === null) return fail(409, { action: 'next' as const, error: 'no_next' });
		await setCurrentFinalist(db, round, next, locals.receivedAt);
		return { action: 'next' as const };
	},
	draw: async ({ locals, params, url }) => {
		const { user, round } = await requireJudgedRound(db, locals, params, url);
		const result = await drawCard(db, user.id, round, locals.receivedAt);
		if (!result.ok) return fail(409, { action: 'draw' as const, error: result.error });
		return { action: 'draw' as const, again: result.again };
	},
	timer: async ({ locals, params, url, request }) => {
		const { round } = await requireJudgedRound(db, locals, params, url);
		const kind = field(await request.formData(), 'kind', 10) as TimerKind;
		if (!TIMER_KINDS.includes(kind))
			return fail(400, { action: 'timer' as const, error: 'invalid' });
		const result = await startTimer(db, round, kind, locals.receivedAt);
		if (!result.ok) return fail(409, { action: 'timer' as const, error: result.error });
		return { action: 'timer' as const };
	},
	stop: async ({ locals, params, url }) => {
		const { round } = await requireJudgedRound(db, locals, params, url);
		const result = await stopTimer(db, round, locals.receivedAt);
		if (!result.ok) return fail(409, { action: 'stop' as const, error: result.error });
		return { action: 'stop' as const };
	},
	lock: async ({ locals, params, url, request }) => {
		const { user, round, unit } = await requireJudgedRound(db, locals, params, url);
		if ((await request.formData()).get('confirm') !== 'yes') {
			return fail(400, { action: 'lock' as const, error: 'confirm_required' });
		}
		const result = await lockScores(db, user.id, round, unit.path, locals.receivedAt);
		if (!result.ok) return fail(409, { action: 'lock' as const, error: result.error });
		return { action: 'lock' as const, ranked: result.ranked };
	},
	reveal: async ({ locals, params, url }) => {
		const { user, round } = await requireJudgedRound(db, locals, params, url);
		const result = await revealResults(db, user.id, round, locals.receivedAt);
		if (!result.ok) return fail(409, { action: 'reveal' as const, error: result.error });
		return { action: 'reveal' as const };
	}
};
