import { error } from '@sveltejs/kit';
import { requireRole } from '$lib/server/auth/access';
import { cohortForTrainer } from '$lib/server/cohorts/access';
import { db } from '$lib/server/db';

/** The cohort of the route, if the signed-in trainer may see it; 404 otherwise (403 for non-trainers). */
export async function requireCohort(locals: App.Locals, param: string, url: URL) {
	const { user } = requireRole(locals, 'trainer', url);
	const id = Number(param);
	const cohort = await cohortForTrainer(db, user, id);
	if (!cohort) error(404, 'not_found');
	return { user, cohort };
}
