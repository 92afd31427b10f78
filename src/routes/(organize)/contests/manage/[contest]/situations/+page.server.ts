import { fail } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { db } from '$lib/server/db';
import { renderShortMarkdown } from '$lib/server/content/markdown';
import { idParam, requireOrganizedContest } from '$lib/server/contests/organizer-access';
import { addCard, CARD_LIMITS, contestCards, retireCard } from '$lib/server/judging/cards';
import { field } from '$lib/server/judging/organizer-routes';

/** The contest's situation card bank (confidential: the contest's organizers only). */
export const load: PageServerLoad = async ({ locals, params, url }) => {
	const { contest } = await requireOrganizedContest(db, locals, params.contest, url);
	const cards = await contestCards(db, contest.id);
	return {
		contest: { id: contest.id, name: contest.name },
		limits: CARD_LIMITS,
		cards: cards.map((c) => ({
			id: c.id,
			title: c.title,
			html: renderShortMarkdown(c.body),
			guidingHtml: renderShortMarkdown(c.guidingPoints),
			criteriaHtml: renderShortMarkdown(c.criteria),
			retired: c.retiredAt !== null,
			draws: c.draws
		}))
	};
};

export const actions: Actions = {
	add: async ({ locals, params, url, request }) => {
		const { user, contest } = await requireOrganizedContest(db, locals, params.contest, url);
		const form = await request.formData();
		const values = {
			title: field(form, 'title', CARD_LIMITS.title + 50),
			body: field(form, 'body', CARD_LIMITS.body + 50),
			guidingPoints: field(form, 'guidingPoints', CARD_LIMITS.guidingPoints + 50),
			criteria: field(form, 'criteria', CARD_LIMITS.criteria + 50)
		};
		const result = await addCard(db, user.id, contest.id, values);
		if (!result.ok) return fail(400, { action: 'add' as const, error: result.error, values });
		return { action: 'add' as const, added: values.title.trim() };
	},
	retire: async ({ locals, params, url, request }) => {
		const { user, contest } = await requireOrganizedContest(db, locals, params.contest, url);
		const id = idParam(field(await request.formData(), 'card', 12));
		const result = id ? await retireCard(db, user.id, contest.id, id) : null;
		if (!result?.ok) return fail(400, { action: 'retire' as const, error: 'not_found' });
		return { action: 'retire' as const, retired: true };
	}
};
