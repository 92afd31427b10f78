import { hasRoleAnywhere } from './auth/access';
import type { SessionUser } from './auth/session';

export type NavKey =
	| 'home'
	| 'learn'
	| 'situations'
	| 'review'
	| 'contests'
	| 'orgs'
	| 'people'
	| 'qualification'
	| 'progress'
	| 'organize'
	| 'content_review'
	| 'admin_users'
	| 'account'
	// Cohorts (issue 16)
	| 'cohorts'
	// Judged finals (issue 14)
	| 'judging';

export type NavItem = { key: NavKey; href: string };

/** The navigation a user sees, by role. Pages still check access themselves: this only hides links. */
export function navFor(user: SessionUser | null): NavItem[] {
	if (!user) return [{ key: 'home', href: '/' }];
	const items: NavItem[] = [
		{ key: 'home', href: '/' },
		{ key: 'learn', href: '/learn' },
		{ key: 'situations', href: '/situations' },
		{ key: 'review', href: '/review' },
		...(user.personId ? [{ key: 'progress' as const, href: '/progress' }] : []),
		// Every member may be a candidate (registered by their committee or self-registered).
		{ key: 'contests', href: '/contests' }
	];
	if (hasRoleAnywhere(user, 'manager')) {
		items.push(
			{ key: 'orgs', href: '/orgs' },
			{ key: 'people', href: '/people' },
			{ key: 'qualification', href: '/qualification' }
		);
	}
	// Trainers read the qualification dashboard of their scope (managers have it above).
	if (hasRoleAnywhere(user, 'trainer') && !hasRoleAnywhere(user, 'manager')) {
		items.push({ key: 'qualification', href: '/qualification' });
	}
	if (hasRoleAnywhere(user, 'organizer')) items.push({ key: 'organize', href: '/contests/manage' });
	// Judges find their panels (the judged rounds they score) here.
	if (hasRoleAnywhere(user, 'judge')) items.push({ key: 'judging', href: '/contests/judge' });
	if (hasRoleAnywhere(user, 'trainer'))
		items.push({ key: 'content_review', href: '/content-review' });
	// Cohorts (issue 16)
	if (hasRoleAnywhere(user, 'trainer')) items.push({ key: 'cohorts', href: '/cohorts' });
	if (hasRoleAnywhere(user, 'admin')) items.push({ key: 'admin_users', href: '/admin/users' });
	items.push({ key: 'account', href: '/account' });
	return items;
}
