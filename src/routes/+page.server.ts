import type { PageServerLoad } from './$types';
import type { UpcomingRound } from '$lib/components/home/UpcomingRounds.svelte';
import { upcomingRoundsFor } from '$lib/server/contests/candidate';
import { contentLanguage } from '$lib/server/content/language';
import { progressRows } from '$lib/server/content/progress';
import { getCatalog } from '$lib/server/content/store';
import { studyPlan } from '$lib/server/content/study-plan';
import { db } from '$lib/server/db';
import { passedPracticeModuleIds } from '$lib/server/quiz/summary';

// Plain links and forms, no client-side behaviour: served without the client app, which would
// be most of the page's weight on the wire (npm run bench:pages).
export const csr = false;

/**
 * The most visited page: three small queries (reading progress, passed practice quizzes, the
 * contest rounds the person is registered for that have not closed).
 */
export const load: PageServerLoad = async ({ url, locals }) => {
	const user = locals.user;
	if (!user) return { activated: false, plan: null, upcomingRounds: [] as UpcomingRound[] };
	const [rows, passed, rounds] = await Promise.all([
		progressRows(db, user.id),
		passedPracticeModuleIds(db, user.id),
		upcomingRoundsFor(db, user.id, locals.receivedAt)
	]);
	return {
		activated: url.searchParams.has('activated'),
		plan: studyPlan(getCatalog(), rows, passed, contentLanguage()),
		upcomingRounds: rounds.flatMap((r): UpcomingRound[] =>
			r.opensAt && r.closesAt
				? [
						{
							id: String(r.id),
							href: `/contests/rounds/${r.id}`,
							contestTitle: r.contestName,
							roundTitle: r.name,
							opensAt: r.opensAt,
							closesAt: r.closesAt
						}
					]
				: []
		)
	};
};
