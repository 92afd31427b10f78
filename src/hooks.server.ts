import type { Handle, HandleServerError, RequestEvent, ServerInit } from '@sveltejs/kit';
import { error } from '@sveltejs/kit';
import { sequence } from '@sveltejs/kit/hooks';
import { paraglideMiddleware } from '$lib/paraglide/server';
import { database, db } from '$lib/server/db';
import { prepareServer } from '$lib/server/startup';
import { sessionCookieName, setSessionCookie, clearSessionCookie } from '$lib/server/auth/cookies';
import { validateSessionToken } from '$lib/server/auth/session';
import { log } from '$lib/server/log';
import { compressLessonPages } from '$lib/server/content/compress';
import { AUTOSAVE_ROUTE_ID } from '$lib/server/quiz/settings';

export const init: ServerInit = async () => {
	const stopTasks = await prepareServer(database, process.env);
	process.once('sveltekit:shutdown', async () => {
		stopTasks();
		await database.close();
	});
};

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** The request's arrival on the app clock, before any waiting: quiz saves are timed by it. */
const stampArrival: Handle = ({ event, resolve }) => {
	event.locals.receivedAt = new Date();
	return resolve(event);
};

/**
 * Cross-site request forgery: every state-changing request whose Origin is another site (or
 * "null") is refused, whatever its content type. SvelteKit's own check covers form content types
 * in production builds only; this one also covers JSON and bodiless requests, in every mode.
 */
const rejectCrossSite: Handle = ({ event, resolve }) => {
	if (!SAFE_METHODS.has(event.request.method)) {
		const origin = event.request.headers.get('origin');
		const fetchSite = event.request.headers.get('sec-fetch-site');
		if ((origin !== null && origin !== event.url.origin) || fetchSite === 'cross-site') {
			log.warn({ path: event.url.pathname, origin }, 'cross-site request refused');
			error(403, 'cross_site');
		}
	}
	return resolve(event);
};

/**
 * The quiz autosave endpoint, the hottest path on contest day, checks the session inside its one
 * save statement (one database round trip per save instead of three), so it is not looked up here.
 */
const checksItsOwnSession = (event: RequestEvent) =>
	event.route.id === AUTOSAVE_ROUTE_ID && event.request.method === 'POST';

const authenticate: Handle = async ({ event, resolve }) => {
	const token = event.cookies.get(sessionCookieName(event.url));
	event.locals.user = null;
	event.locals.sessionId = null;
	if (token && !checksItsOwnSession(event)) {
		const session = await validateSessionToken(db, token);
		if (session) {
			event.locals.user = session.user;
			event.locals.sessionId = session.sessionId;
			setSessionCookie(event, token, session.expiresAt);
		} else {
			clearSessionCookie(event);
		}
	}
	return resolve(event);
};

// The autosave endpoint renders no page and picks its messages' language itself: skipping the
// middleware there nearly doubles what the app serves per second (see bench/README.md).
const i18n: Handle = ({ event, resolve }) =>
	checksItsOwnSession(event)
		? resolve(event)
		: paraglideMiddleware(event.request, ({ request, locale }) => {
				event.request = request;
				return resolve(event, {
					transformPageChunk: ({ html }) => html.replace('%paraglide.lang%', locale)
				});
			});

const securityHeaders: Handle = async ({ event, resolve }) => {
	const response = await resolve(event);
	const h = response.headers;
	h.set('X-Content-Type-Options', 'nosniff');
	h.set('Referrer-Policy', 'strict-origin-when-cross-origin');
	h.set('X-Frame-Options', 'DENY');
	h.set('Cross-Origin-Opener-Policy', 'same-origin');
	h.set('Permissions-Policy', 'camera=(), microphone=(), geolocation=(), payment=()');
	if (event.url.protocol === 'https:') {
		h.set('Strict-Transport-Security', 'max-age=31536000; includeSubDomains');
	}
	// Pages of a signed-in user are personal: never keep them in a shared or browser cache.
	if (event.locals.user && !h.has('Cache-Control')) h.set('Cache-Control', 'no-store');
	return response;
};

export const handle = sequence(
	stampArrival,
	compressLessonPages,
	rejectCrossSite,
	authenticate,
	i18n,
	securityHeaders
);

export const handleError: HandleServerError = ({ error: err, event, status, message }) => {
	const id = crypto.randomUUID();
	if (status >= 500) {
		log.error({ err, id, path: event.url.pathname, method: event.request.method }, message);
	}
	return { message: status >= 500 ? 'internal_error' : message, id };
};
