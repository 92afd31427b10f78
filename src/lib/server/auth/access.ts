import { error, redirect } from '@sveltejs/kit';
import type { Role } from '../db/schema';
import type { SessionUser } from './session';

/**
 * The one authorization check. A grant (role, unit) covers the unit's whole subtree; an admin grant
 * counts as every role in its subtree. Every load, action and endpoint calls one of these.
 */
export function hasRoleAt(user: SessionUser, roles: Role | Role[], unitPath: string): boolean {
	const wanted = Array.isArray(roles) ? roles : [roles];
	return user.grants.some(
		(g) => (g.role === 'admin' || wanted.includes(g.role)) && unitPath.startsWith(g.path)
	);
}

/** The subtree roots (paths) in which the user holds any of the roles; empty when none. */
export function scopePaths(user: SessionUser, roles: Role | Role[]): string[] {
	const wanted = Array.isArray(roles) ? roles : [roles];
	const paths = user.grants
		.filter((g) => g.role === 'admin' || wanted.includes(g.role))
		.map((g) => g.path)
		.sort((a, b) => a.length - b.length);
	// Drop paths already covered by a shorter one.
	return paths.filter((p, i) => !paths.slice(0, i).some((q) => p.startsWith(q)));
}

export function hasRoleAnywhere(user: SessionUser, roles: Role | Role[]): boolean {
	return scopePaths(user, roles).length > 0;
}

/** The signed-in user, or a redirect to the sign-in page that comes back here afterwards. */
export function requireUser(locals: App.Locals, url?: URL): SessionUser {
	if (!locals.user) {
		const back = url ? `?redirectTo=${encodeURIComponent(url.pathname + url.search)}` : '';
		redirect(303, `/login${back}`);
	}
	return locals.user;
}

/** The user, if they hold one of the roles somewhere; otherwise 403. Returns their scope roots. */
export function requireRole(locals: App.Locals, roles: Role | Role[], url?: URL) {
	const user = requireUser(locals, url);
	const paths = scopePaths(user, roles);
	if (paths.length === 0) error(403, 'forbidden');
	return { user, paths };
}

/**
 * The user, if one of the roles covers the unit; otherwise 404, so that units outside the scope
 * cannot even be confirmed to exist.
 */
export function requireRoleAt(
	locals: App.Locals,
	roles: Role | Role[],
	unitPath: string | null | undefined,
	url?: URL
): SessionUser {
	const user = requireUser(locals, url);
	if (!unitPath || !hasRoleAt(user, roles, unitPath)) error(404, 'not_found');
	return user;
}
