/**
 * The request checks and response headers every route gets: applied by the hooks, and by the
 * quiz autosave handler in front of SvelteKit (`$lib/server/quiz/autosave-node.ts`), so both
 * answer alike.
 */

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Cross-site request forgery: a state-changing request whose Origin is another site (or "null"),
 * or that the browser marks `sec-fetch-site: cross-site`, is refused whatever its content type.
 * SvelteKit's own check covers form content types in production builds only; this one also
 * covers JSON and bodiless requests, in every mode.
 */
export function isCrossSiteWrite(
	request: { method: string; origin: string | null; fetchSite: string | null },
	appOrigin: string
): boolean {
	if (SAFE_METHODS.has(request.method)) return false;
	return (
		(request.origin !== null && request.origin !== appOrigin) || request.fetchSite === 'cross-site'
	);
}

/** Headers on every response; HSTS only when the app is served over HTTPS. */
export function securityHeaders(https: boolean): [name: string, value: string][] {
	const headers: [string, string][] = [
		['X-Content-Type-Options', 'nosniff'],
		['Referrer-Policy', 'strict-origin-when-cross-origin'],
		['X-Frame-Options', 'DENY'],
		['Cross-Origin-Opener-Policy', 'same-origin'],
		['Permissions-Policy', 'camera=(), microphone=(), geolocation=(), payment=()']
	];
	if (https) headers.push(['Strict-Transport-Security', 'max-age=31536000; includeSubDomains']);
	return headers;
}

export type RefusalLogEntry = {
	event: 'access_refused';
	status: number;
	userId: number | null;
	method: string;
	path: string;
	route: string | null;
};

/**
 * What a refused request leaves in the security log, or null when it was not a refusal: every
 * 401 and 403, and a signed-in user's 404 on an existing route, since ids outside a user's scope
 * answer 404 so that they cannot be probed. Paths only: query strings may carry codes.
 */
export function refusalLogEntry(request: {
	status: number;
	userId: number | null;
	method: string;
	path: string;
	routeId: string | null;
}): RefusalLogEntry | null {
	const { status, userId, method, path, routeId } = request;
	const refused =
		status === 401 || status === 403 || (status === 404 && userId !== null && routeId !== null);
	if (!refused) return null;
	return { event: 'access_refused', status, userId, method, path, route: routeId };
}
