/**
 * The request checks and response headers every route gets: applied by the hooks, and by the
 * quiz autosave handler in front of SvelteKit (`$lib/server/quiz/autosave-node.ts`), so both
 * answer alike.
 */

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Cross-site request forgery: a state-changing request whose Origin is another site (or "null"),
 * or that the browser marks `sec-fetch-site: cross-site`, is refused whatever its content type.
 * SvelteKit's own check (off in svelte.config.js) covered form content types in production
 * builds only and answered with a bare English line; this one also covers JSON and bodiless
 * requests, in every mode.
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

export type WriteRefusal = 'cross_site' | 'foreign_host';

/**
 * Why a request must not change anything, or null. `target` is the URL the request was made to.
 * With ORIGIN configured it is that address, and the check is strict: the Origin must be it.
 * Without ORIGIN (the embedded default), the app's address is the one the request was made to,
 * provided its host is this machine's own (`isOwnHost`: localhost, a LAN address the server
 * listens on), so that 127.0.0.1 or the laptop's LAN address work as well as localhost.
 */
export function writeRefusal(
	request: { method: string; origin: string | null; fetchSite: string | null },
	target: URL,
	ownHostOnly: ((hostname: string) => boolean) | null
): WriteRefusal | null {
	if (SAFE_METHODS.has(request.method)) return null;
	if (isCrossSiteWrite(request, target.origin)) return 'cross_site';
	if (ownHostOnly && !ownHostOnly(target.hostname)) return 'foreign_host';
	return null;
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

/**
 * BODY_SIZE_LIMIT in bytes, read as adapter-node reads it ("6M", "512K", a number of bytes;
 * 512 KB when unset), so that the error page can state the limit.
 */
export function bodySizeLimit(value: string | undefined): number {
	const text = (value ?? '512K').trim();
	const multiplier = { K: 1024, M: 1024 ** 2, G: 1024 ** 3 }[text.slice(-1).toUpperCase()];
	return Number(multiplier ? text.slice(0, -1) : text) * (multiplier ?? 1);
}
