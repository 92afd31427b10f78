import { m } from '$lib/paraglide/messages.js';

/** Visible names of the navigation keys produced by `navFor` on the server. */
export const navLabel: Record<string, () => string> = {
	home: m.nav_home,
	learn: m.nav_learn,
	situations: m.nav_situations,
	review: m.nav_review,
	contests: m.nav_contests,
	orgs: m.nav_orgs,
	people: m.nav_people,
	qualification: m.nav_qualification,
	progress: m.nav_progress,
	organize: m.nav_organize,
	content_review: m.nav_content_review,
	admin_users: m.nav_admin_users,
	account: m.nav_account,
	// Cohorts (issue 16)
	cohorts: m.nav_cohorts,
	// Judged finals (issue 14)
	judging: m.nav_judging
};
