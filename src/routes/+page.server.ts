import type { PageServerLoad } from './$types';
import type { UpcomingRound } from '$lib/components/home/UpcomingRounds.svelte';
import { upcomingRoundsFor } from '$lib/server/contests/candidate';
import { contentLanguage } from '$lib/server/content/language';
import { progressRows } from '$lib/server/content/progress';
import { getCatalog } from '$lib/server/content/store';
import { studyPlan } from '$lib/server/content/study-plan';
import { db } from '$lib/server/db';
import { myAssignments } from '$lib/server/cohorts/progress';
import { localize } from '$lib/server/content/views';
import { vietnamDay } from '$lib/server/qualification/calendar';
import { passedPracticeModuleIds } from '$lib/server/quiz/summary';

type HomeAssignment = {
	id: number;
	title: string;
	href: string;
	kind: 'read' | 'pass';
	dueOn: string;
	status: string;
	cohortName: string;
};

// Plain links and forms, no client-side behaviour: served without the client app, which would
// be most of the page's weight on the wire (npm run bench:pages).
export const csr = false;

/**
 * The most visited page: four small queries (reading progress, passed practice quizzes, the
 * contest rounds the person is registered for that have not closed, their cohorts' assignments).
 */
export const load: PageServerLoad = async ({ url, locals }) => {
	const user = locals.user;
	if (!user) {
		return {
			activated: false,
			plan: null,
			upcomingRounds: [] as UpcomingRound[],
			assignments: [] as HomeAssignment[]
		};
	}
	const [rows, passed, rounds, assignments] = await Promise.all([
		progressRows(db, user.id),
		passedPracticeModuleIds(db, user.id),
		upcomingRoundsFor(db, user.id, locals.receivedAt),
		user.personId ? myAssignments(db, user.personId, vietnamDay(locals.receivedAt)) : []
	]);
	return {
		activated: url.searchParams.has('activated'),
		plan: studyPlan(getCatalog(), rows, passed, contentLanguage()),
		assignments: assignments.map((a): HomeAssignment => {
			const module = getCatalog().moduleById(a.moduleId);
			return {
				id: a.assignmentId,
				title: module ? localize(module.title, contentLanguage()) : a.moduleId,
				href: module ? `/learn/${module.slug}` : '/learn',
				kind: a.kind,
				dueOn: a.dueOn,
				status: a.status,
				cohortName: a.cohortName
			};
		}),
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
