import type { PageServerLoad } from './$types';
import { listAssignments } from '$lib/server/cohorts/assignments';
import { cohortProgress } from '$lib/server/cohorts/progress';
import { reminderGroups } from '$lib/server/cohorts/table';
import { contentLanguage } from '$lib/server/content/language';
import { localize } from '$lib/server/content/views';
import { db } from '$lib/server/db';
import { vietnamDay } from '$lib/server/qualification/calendar';
import { requireCohort } from '../../cohort.server';

/** A printable list, by cell, of who still has work to do and by when. */
export const load: PageServerLoad = async ({ locals, params, url }) => {
	const { cohort } = await requireCohort(locals, params.id, url);
	const today = vietnamDay(locals.receivedAt);
	const lang = contentLanguage();
	const [assignments, rows] = await Promise.all([
		listAssignments(db, cohort.id),
		cohortProgress(db, cohort.id, today)
	]);
	const titles = new Map(assignments.map((a) => [a.id, localize(a.title, lang)]));
	return {
		cohort: { id: cohort.id, name: cohort.name, unitName: cohort.unitName },
		today,
		groups: reminderGroups(rows).map((g) => ({
			...g,
			people: g.people.map((p) => ({
				personId: p.personId,
				fullName: p.fullName,
				todo: p.todo.map((c) => ({
					id: c.assignmentId,
					title: titles.get(c.assignmentId) ?? c.moduleId,
					kind: c.kind,
					dueOn: c.dueOn,
					status: c.status
				}))
			}))
		}))
	};
};
