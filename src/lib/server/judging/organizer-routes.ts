import { error } from '@sveltejs/kit';
import type { Db } from '../db/client';
import { requireOrganizedContest, requireRoundOf } from '../contests/organizer-access';
import { judgedSettings } from './settings';

/**
 * The route-side check of the organizer's judged-round pages: an organizer of the contest (403 /
 * 404 as every contest page) and a judged round of it (an online round: 404).
 */
export async function requireJudgedRound(
	db: Db,
	locals: App.Locals,
	params: { contest: string; round: string },
	url: URL
) {
	const { user, contest, unit } = await requireOrganizedContest(db, locals, params.contest, url);
	const { round, level } = await requireRoundOf(db, contest.id, params.round);
	if (round.kind === 'online') error(404, 'not_found');
	const settings = await judgedSettings(db, round.id);
	return { user, contest, unit, round, level, settings };
}

/** A form field as text, cut to `max` characters. */
export const field = (form: FormData, name: string, max = 200) =>
	String(form.get(name) ?? '').slice(0, max);
