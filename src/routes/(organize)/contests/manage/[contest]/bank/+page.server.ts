import { error, fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { db } from '$lib/server/db';
import { bankSummary, previewBankImport } from '$lib/server/contests/bank';
import { BANK_MAX_BYTES, type BankFormat } from '$lib/server/contests/bank-parse';
import { requireOrganizedContest } from '$lib/server/contests/organizer-access';

const FORMATS: BankFormat[] = ['markdown', 'gift', 'aiken', 'table'];

export const load: PageServerLoad = async ({ locals, params, url }) => {
	const { user, contest } = await requireOrganizedContest(db, locals, params.contest, url);
	const summary = await bankSummary(db, user, contest.id);
	if (!summary) error(404, 'not_found');
	return {
		contest: { id: contest.id, name: contest.name },
		summary: summary.map((s) => ({ ...s, questions: Number(s.questions) })),
		maxMb: BANK_MAX_BYTES / 1024 / 1024
	};
};

export const actions: Actions = {
	upload: async ({ locals, params, url, request }) => {
		const { user, contest } = await requireOrganizedContest(db, locals, params.contest, url);
		const form = await request.formData();
		const file = form.get('file');
		const format = String(form.get('format') ?? '') as BankFormat;
		if (!FORMATS.includes(format)) return fail(400, { error: 'format' as const });
		if (!(file instanceof File) || file.size === 0 || !file.name) {
			return fail(400, { error: 'no_file' as const });
		}
		if (file.size > BANK_MAX_BYTES) return fail(413, { error: 'too_large' as const });
		const result = await previewBankImport(db, user, {
			contestId: contest.id,
			file: { name: file.name, bytes: new Uint8Array(await file.arrayBuffer()) },
			format
		});
		if (!result.ok) error(404, 'not_found');
		redirect(303, `/contests/manage/${contest.id}/bank/${result.batchId}`);
	}
};
