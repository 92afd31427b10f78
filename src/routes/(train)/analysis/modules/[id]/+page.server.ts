import { error } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';
import { analyse } from '$lib/server/analysis/item-analysis';
import { analysisView } from '$lib/server/analysis/view';
import { requireRole } from '$lib/server/auth/access';
import { cohortForTrainer } from '$lib/server/cohorts/access';
import { cohortMemberIds } from '$lib/server/cohorts/members';
import { contentLanguage } from '$lib/server/content/language';
import { getCatalog } from '$lib/server/content/store';
import { localize } from '$lib/server/content/views';
import { db, reading } from '$lib/server/db';

/**
 * Item analysis of a module's practice quiz, for trainers: over the first attempts of the people
 * in their scope, or (`?cohort=`) only of the members of a cohort the trainer runs. Only aggregates leave the
 * server: no candidate is named.
 */
export const load: PageServerLoad = async ({ locals, params, url }) => {
	const { user, paths } = requireRole(locals, 'trainer', url);
	const catalog = getCatalog();
	const entry = catalog.moduleById(params.id);
	if (!entry || !entry.quiz) error(404, 'not_found');
	const cohortParam = url.searchParams.get('cohort');
	const cohort =
		cohortParam === null ? null : await cohortForTrainer(db, user, Number(cohortParam));
	if (cohortParam !== null && !cohort) error(404, 'not_found');
	const personIds = cohort ? await cohortMemberIds(db, cohort.id) : undefined;
	const lang = contentLanguage();
	const analysis = await reading((db) =>
		analyse(db, {
			kind: 'module',
			moduleId: entry.id,
			...(personIds ? { personIds } : { scopePaths: paths })
		})
	);
	return {
		title: localize(entry.title, lang),
		cohort: cohort ? { id: cohort.id, name: cohort.name } : null,
		...analysisView(analysis, lang, { catalog, moduleId: entry.id })
	};
};
