import { error, fail } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { db } from '$lib/server/db';
import { bankImportBatch, commitBankImport } from '$lib/server/contests/bank';
import { requireOrganizedContest } from '$lib/server/contests/organizer-access';

const PREVIEW = 200;

export const load: PageServerLoad = async ({ locals, params, url }) => {
	const { user, contest } = await requireOrganizedContest(db, locals, params.contest, url);
	const batch = await bankImportBatch(db, user, params.batch);
	if (!batch || batch.contestId !== contest.id) error(404, 'not_found');
	return {
		contest: { id: contest.id, name: contest.name },
		batch: {
			id: batch.id,
			fileName: batch.fileName,
			format: batch.format,
			unit: batch.unit,
			status: batch.status,
			result: batch.result,
			total: batch.questions.length,
			problems: batch.problems.slice(0, 500),
			problemCount: batch.problems.length,
			// The organizer's own confidential file, shown back to them only (never to candidates).
			questions: batch.questions.slice(0, PREVIEW).map((q) => ({
				at: q.at,
				key: q.key,
				kind: q.kind,
				topic: q.topic,
				difficulty: q.difficulty,
				stem: q.stem,
				options: q.options
			}))
		}
	};
};

export const actions: Actions = {
	commit: async ({ locals, params, url, request }) => {
		const { user, contest } = await requireOrganizedContest(db, locals, params.contest, url);
		const retireMissing = (await request.formData()).get('retireMissing') === 'on';
		const batch = await bankImportBatch(db, user, params.batch);
		if (!batch || batch.contestId !== contest.id) error(404, 'not_found');
		const result = await commitBankImport(db, user, params.batch, { retireMissing });
		if (!result.ok) {
			if (result.error === 'not_found') error(404, 'not_found');
			return fail(409, { error: result.error });
		}
		return { committed: result };
	}
};
