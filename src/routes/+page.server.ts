import type { PageServerLoad } from './$types';
import type { UpcomingRound } from '$lib/components/home/UpcomingRounds.svelte';
import { contentLanguage } from '$lib/server/content/language';
import { progressRows } from '$lib/server/content/progress';
import { getCatalog } from '$lib/server/content/store';
import { studyPlan } from '$lib/server/content/study-plan';
import { db } from '$lib/server/db';
import { passedPracticeModuleIds } from '$lib/server/quiz/summary';

/** The most visited page: two small queries (reading progress, passed practice quizzes). */
export const load: PageServerLoad = async ({ url, locals }) => {
	const user = locals.user;
	if (!user) return { activated: false, plan: null, upcomingRounds: [] as UpcomingRound[] };
	const [rows, passed] = await Promise.all([
		progressRows(db, user.id),
		passedPracticeModuleIds(db, user.id)
	]);
	return {
		activated: url.searchParams.has('activated'),
		plan: studyPlan(getCatalog(), rows, passed, contentLanguage()),
		// Contest rounds arrive with the contests domain; until then there are none to show.
		upcomingRounds: [] as UpcomingRound[]
	};
};
