import type { Handle, HandleServerError, RequestEvent, ServerInit } from '@sveltejs/kit';
import { sequence } from '@sveltejs/kit/hooks';
import { paraglideMiddleware } from '$lib/paraglide/server';
import { database, db } from '$lib/server/db';
import { prepareServer, shutDownApp } from '$lib/server/startup';
import { sessionCookieName, setSessionCookie, clearSessionCookie } from '$lib/server/auth/cookies';
import { validateSessionToken } from '$lib/server/auth/session';
import { log } from '$lib/server/log';
import { compressResponses } from '$lib/server/http/compress';
import { AUTOSAVE_ROUTE_ID } from '$lib/server/quiz/settings';
import { env } from '$env/dynamic/private';
import { isOwnHost } from '$lib/server/http/own-host';
import { refusalResponse } from '$lib/server/http/refusal';
import {
	bodySizeLimit,
	refusalLogEntry,
	securityHeaders,
	writeRefusal
} from '$lib/server/http/security';
import { publishFrontHandlers } from '$lib/server/http/front-handlers';
import { respondToAction } from '$lib/server/http/action-exchange';
import { TEST_NOW_HEADER, requestArrival, testClockFromEnv } from '$lib/server/http/test-clock';

const testClock = testClockFromEnv(process.env);

export const init: ServerInit = async () => {
	if (testClock) log.warn(`TEST_CLOCK=1: requests may set the app's clock with ${TEST_NOW_HEADER}`);
	const stopTasks = await prepareServer(database, process.env);
	// For scripts/start.js, which answers quiz autosaves, the enhanced contest start and the
	// attempt submit in front of SvelteKit (same database).
	publishFrontHandlers(db, testClock);
	process.once('sveltekit:shutdown', () => shutDownApp(database, stopTasks));
};

/** The request's arrival on the app clock, before any waiting: quiz saves are timed by it. */
const stampArrival: Handle = ({ event, resolve }) => {
	event.locals.receivedAt = requestArrival(event.request.headers.get(TEST_NOW_HEADER), testClock);
	return resolve(event);
};

/**
 * The lobby's enhanced start and the attempt page's scripted submit are answered here, before the
 * other hooks, by the exchange that answers them in front of SvelteKit in production
 * (`respondToAction`: it does what the hooks below and the action do), so dev, preview and
 * `node build` run what production runs. Every other request (a form posted without JavaScript
 * among them) goes on.
 */
const answerActions: Handle = async ({ event, resolve }) =>
	(await respondToAction(db, event.request, {
		receivedAt: event.locals.receivedAt,
		ownHostOnly: !env.ORIGIN
	})) ?? resolve(event);

/**
 * The quiz autosave endpoint answers every request itself, with the same function as the handler
 * in front of SvelteKit in production (`respondToAutosave`: cross-site check, session checked
 * inside its one save statement, headers, security log), so the hooks below pass it through.
 */
const answersItself = (event: RequestEvent) =>
	event.route.id === AUTOSAVE_ROUTE_ID && event.request.method === 'POST';

/**
 * Cross-site writes are refused on every route (see `writeRefusal`), with a page saying what to
 * do. Without ORIGIN, the app answers writes at any address of this machine (see `isOwnHost`).
 */
const rejectCrossSite: Handle = ({ event, resolve }) => {
	if (answersItself(event)) return resolve(event);
	const { method, headers } = event.request;
	const origin = headers.get('origin');
	const refusal = writeRefusal(
		{ method, origin, fetchSite: headers.get('sec-fetch-site') },
		event.url,
		env.ORIGIN ? null : isOwnHost
	);
	if (refusal) {
		log.warn({ path: event.url.pathname, origin, host: event.url.host, refusal }, 'write refused');
		return refusalResponse(event.request, refusal, event.url);
	}
	return resolve(event);
};

const authenticate: Handle = async ({ event, resolve }) => {
	const token = event.cookies.get(sessionCookieName(event.url));
	event.locals.user = null;
	event.locals.sessionId = null;
	if (token && !answersItself(event)) {
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
	answersItself(event)
		? resolve(event)
		: paraglideMiddleware(event.request, ({ request, locale }) => {
				event.request = request;
				return resolve(event, {
					transformPageChunk: ({ html }) => html.replace('%paraglide.lang%', locale)
				});
			});

const addSecurityHeaders: Handle = async ({ event, resolve }) => {
	if (answersItself(event)) return resolve(event);
	const response = await resolve(event);
	const h = response.headers;
	for (const [name, value] of securityHeaders(event.url.protocol === 'https:')) h.set(name, value);
	// Pages of a signed-in user are personal: never keep them in a shared or browser cache.
	if (event.locals.user && !h.has('Cache-Control')) h.set('Cache-Control', 'no-store');
	return response;
};

/** Refusals (403, out-of-scope 404) go to the security log with who asked for what. */
const logRefusals: Handle = async ({ event, resolve }) => {
	if (answersItself(event)) return resolve(event);
	const response = await resolve(event);
	const refusal = refusalLogEntry({
		status: response.status,
		userId: event.locals.user?.id ?? null,
		method: event.request.method,
		path: event.url.pathname,
		routeId: event.route.id
	});
	if (refusal) log.warn(refusal, 'access refused');
	return response;
};

const compress: Handle = (input) =>
	answersItself(input.event) ? input.resolve(input.event) : compressResponses(input);

export const handle = sequence(
	stampArrival,
	answerActions,
	logRefusals,
	compress,
	rejectCrossSite,
	authenticate,
	i18n,
	addSecurityHeaders
);

export const handleError: HandleServerError = ({ error: err, event, status, message }) => {
	const id = crypto.randomUUID();
	// A body over BODY_SIZE_LIMIT: the error page says what the limit is and what to do.
	if (status === 413) {
		return { message: 'too_large', id, limitBytes: bodySizeLimit(env.BODY_SIZE_LIMIT) };
	}
	if (status >= 500) {
		log.error({ err, id, path: event.url.pathname, method: event.request.method }, message);
	}
	return { message: status >= 500 ? 'internal_error' : message, id };
};
