import { fail } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { db } from '$lib/server/db';
import { idParam } from '$lib/server/contests/organizer-access';
import { field, requireJudgedRound } from '$lib/server/judging/organizer-routes';
import {
	addJudge,
	eligibleJudges,
	removeJudge,
	roundPanel,
	setAllowOwnUnit
} from '$lib/server/judging/panel';
import { roundRubric, saveRubric } from '$lib/server/judging/rubric';
import { importRubric, RUBRIC_IMPORT_MAX_BYTES } from '$lib/server/judging/rubric-import';
import { saveSettings } from '$lib/server/judging/settings';
import { parseRubricLines, rubricLines } from '$lib/server/judging/scoring-rules';
import type { Aggregation, ProjectorScores } from '$lib/server/db/schema';

/** A judged round's setup: settings, rubric and panel. */
export const load: PageServerLoad = async ({ locals, params, url }) => {
	const { contest, unit, round, settings } = await requireJudgedRound(db, locals, params, url);
	const [rubric, panel, eligible] = await Promise.all([
		roundRubric(db, round.id),
		roundPanel(db, round.id),
		eligibleJudges(db, unit.path)
	]);
	return {
		contest: { id: contest.id, name: contest.name },
		round: { id: round.id, name: round.name, kind: round.kind, maxScore: round.maxScore },
		settings: {
			aggregation: settings.aggregation,
			disagreementThreshold: settings.disagreementThreshold,
			projectorScores: settings.projectorScores,
			noRepeat: settings.noRepeat,
			prepSeconds: settings.prepSeconds,
			answerSeconds: settings.answerSeconds,
			locked: settings.lockedAt !== null
		},
		rubric: rubric.map((c) => ({
			name: c.name,
			maxPoints: c.maxPoints,
			descriptors: c.descriptors
		})),
		rubricText: rubricLines(rubric),
		panel: panel.map((j) => ({
			userId: j.userId,
			username: j.username,
			displayName: j.displayName,
			unitName: j.unitName,
			allowOwnUnit: j.allowOwnUnit,
			scored: j.scored
		})),
		eligible: eligible
			.filter((e) => !panel.some((p) => p.userId === e.id))
			.map((e) => ({ username: e.username, displayName: e.displayName }))
	};
};

export const actions: Actions = {
	settings: async ({ locals, params, url, request }) => {
		const { user, round } = await requireJudgedRound(db, locals, params, url);
		const form = await request.formData();
		const result = await saveSettings(db, user.id, round, {
			aggregation: field(form, 'aggregation', 20) as Aggregation,
			disagreementThreshold: Number(field(form, 'disagreementThreshold', 10) || NaN),
			projectorScores: field(form, 'projectorScores', 20) as ProjectorScores,
			noRepeat: form.get('noRepeat') === 'on',
			prepSeconds: Number(field(form, 'prepSeconds', 10) || NaN),
			answerSeconds: Number(field(form, 'answerSeconds', 10) || NaN)
		});
		if (!result.ok) return fail(400, { action: 'settings' as const, error: result.error });
		return { action: 'settings' as const, saved: true };
	},
	rubric: async ({ locals, params, url, request }) => {
		const { user, round } = await requireJudgedRound(db, locals, params, url);
		const text = field(await request.formData(), 'rubric', 50_000);
		const result = await saveRubric(db, user.id, round, parseRubricLines(text));
		if (!result.ok) {
			return fail(400, {
				action: 'rubric' as const,
				error: result.error,
				problems: 'problems' in result ? result.problems : [],
				text
			});
		}
		return { action: 'rubric' as const, saved: true, maxScore: result.maxScore };
	},
	/** The rubric from a CSV/XLSX file: all or nothing, problems by spreadsheet row. */
	importRubric: async ({ locals, params, url, request }) => {
		const { user, round } = await requireJudgedRound(db, locals, params, url);
		const file = (await request.formData()).get('file');
		if (!(file instanceof File) || file.size === 0 || !file.name) {
			return fail(400, { action: 'importRubric' as const, fileError: { code: 'no_file' } });
		}
		if (file.size > RUBRIC_IMPORT_MAX_BYTES) {
			return fail(413, {
				action: 'importRubric' as const,
				fileError: { code: 'too_large', maxBytes: RUBRIC_IMPORT_MAX_BYTES }
			});
		}
		const bytes = new Uint8Array(await file.arrayBuffer());
		const result = await importRubric(db, user.id, round, { name: file.name, bytes });
		if (result.ok)
			return { action: 'importRubric' as const, saved: true, maxScore: result.maxScore };
		if (result.error === 'file') {
			return fail(400, { action: 'importRubric' as const, fileError: result.file });
		}
		return fail(400, {
			action: 'importRubric' as const,
			error: result.error,
			rows: result.error === 'invalid' ? result.rows : []
		});
	},
	addJudge: async ({ locals, params, url, request }) => {
		const { user, round, unit } = await requireJudgedRound(db, locals, params, url);
		const username = field(await request.formData(), 'username', 100);
		const result = await addJudge(db, user.id, round, unit.path, username);
		if (!result.ok) return fail(400, { action: 'addJudge' as const, error: result.error });
		return { action: 'addJudge' as const, added: username };
	},
	removeJudge: async ({ locals, params, url, request }) => {
		const { user, round } = await requireJudgedRound(db, locals, params, url);
		const id = idParam(field(await request.formData(), 'judge', 12));
		const result = id ? await removeJudge(db, user.id, round, id) : null;
		if (!result?.ok) {
			return fail(400, { action: 'removeJudge' as const, error: result?.error ?? 'not_found' });
		}
		return { action: 'removeJudge' as const, removed: true };
	},
	allowOwnUnit: async ({ locals, params, url, request }) => {
		const { user, round } = await requireJudgedRound(db, locals, params, url);
		const form = await request.formData();
		const id = idParam(field(form, 'judge', 12));
		const result = id
			? await setAllowOwnUnit(
					db,
					user.id,
					round,
					id,
					form.get('allow') === 'yes',
					field(form, 'reason', 600)
				)
			: null;
		if (!result?.ok) {
			return fail(400, { action: 'allowOwnUnit' as const, error: result?.error ?? 'not_found' });
		}
		return { action: 'allowOwnUnit' as const, saved: true };
	}
};
