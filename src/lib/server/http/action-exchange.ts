import { parse as parseCookies, serialize as serializeCookie } from 'cookie';
import { stringify } from 'devalue';
import { sessionCookieName } from '../auth/cookies';
import { validateSessionToken, type SessionUser } from '../auth/session';
import { startRoundForCandidate } from '../contests/round-start';
import type { Db } from '../db/client';
import { log } from '../log';
import { readRequestBody } from '../quiz/autosave';
import { isAttemptId } from '../quiz/rows';
import { submitAttemptForm } from '../quiz/submit';
import type { ActionOutcome } from './action-outcome';
import { refuseCrossSite, type FrontRequest } from './front-request';
import { securityHeaders, type RefusalLogEntry } from './security';

/**
 * The two form posts of a contest's busiest instants, answered without SvelteKit: the lobby's
 * start (`POST /contests/rounds/<id>?/start`, its `use:enhance` form) and the attempt page's final
 * submit (`POST /attempts/<id>?/submit`, sent by the page's script). SvelteKit's request handling
 * costs more than the start or the submit itself (bench/README.md), so, as for the autosave, one
 * exchange does what the hooks and the action do for these requests, and writes the answer as
 * SvelteKit writes an action's for `use:enhance` (JSON: redirect, failure with devalue data, or
 * error). It is carried by plain Node in front of SvelteKit (`action-node.ts`, production) and by
 * the hooks for a web `Request` (`respondToAction`: dev, preview, `node build`); the decisions are
 * the same functions as the routes' actions (`startRoundForCandidate`, `submitAttemptForm`).
 *
 * Only requests that SvelteKit would answer as JSON and that are plain to read are taken (see
 * `actionTarget`); any other (a form posted without JavaScript, which must be answered with a
 * page) goes to SvelteKit untouched.
 */

/** A start or a submit carries a few hundred bytes; anything larger goes to SvelteKit. */
export const ACTION_MAX_BODY_BYTES = 64 * 1024;

/** The routes of the two actions, for the security log (as the hooks name them). */
export const ROUND_ROUTE_ID = '/(contest)/contests/rounds/[id]';
export const ATTEMPT_ROUTE_ID = '/(learn)/attempts/[id]';

export type ActionTarget =
	| { action: 'start'; roundId: number; routeId: typeof ROUND_ROUTE_ID }
	| { action: 'submit'; attemptId: string; routeId: typeof ATTEMPT_ROUTE_ID };

const ROUND_PATH = /^\/contests\/rounds\/([1-9]\d{0,14})$/;
const ATTEMPT_PATH = /^\/attempts\/([0-9a-f-]{36})$/;
const FORM_TYPES = /^(application\/x-www-form-urlencoded|multipart\/form-data)\s*(;|$)/i;

/**
 * The action a request is, if the exchange takes it: a POST of a form (URL-encoded or multipart,
 * with its length given and within the limit) asking for JSON only (`Accept: application/json`,
 * what `use:enhance` and the attempt page's script send), to `?/start` of a round or `?/submit`
 * of an attempt. Null for anything else.
 */
export function actionTarget(request: {
	method: string;
	path: string;
	search: string;
	header(name: string): string | null;
}): ActionTarget | null {
	if (request.method !== 'POST') return null;
	if (request.search !== '?/start' && request.search !== '?/submit') return null;
	if (request.header('accept')?.trim().toLowerCase() !== 'application/json') return null;
	if (!FORM_TYPES.test(request.header('content-type') ?? '')) return null;
	const length = request.header('content-length');
	if (length === null || !/^\d{1,9}$/.test(length) || Number(length) > ACTION_MAX_BODY_BYTES) {
		return null;
	}
	if (request.search === '?/start') {
		const round = ROUND_PATH.exec(request.path);
		return round ? { action: 'start', roundId: Number(round[1]), routeId: ROUND_ROUTE_ID } : null;
	}
	const attempt = ATTEMPT_PATH.exec(request.path);
	return attempt && isAttemptId(attempt[1])
		? { action: 'submit', attemptId: attempt[1], routeId: ATTEMPT_ROUTE_ID }
		: null;
}

/** What the exchange needs of a request, whatever carries it (a web `Request`, or Node's). */
export type ActionInput = FrontRequest;

export type ActionContext = {
	/** The request's arrival on the app clock (the start's and the submit's time). */
	receivedAt: Date;
	/** As for the hooks: without ORIGIN the app answers writes at this machine's own addresses. */
	ownHostOnly: boolean;
};

/** The answer, for the carrier to write out. */
export type ActionOutput = { status: number; headers: [string, string][]; body: string };

/**
 * The whole exchange, in the hooks' order: the cross-site check (`rejectCrossSite`), the session
 * on the app's clock (`authenticate`: renewed in its cookie, or the stale cookie cleared), the
 * action (signed out: to the sign-in page, as `requireUser` does), the security headers and
 * `no-store` for a signed-in user (`addSecurityHeaders`), and the security log of a refusal
 * (`logRefusals`).
 */
export async function actionExchange(
	db: Db,
	request: ActionInput,
	target: ActionTarget,
	context: ActionContext
): Promise<ActionOutput> {
	const { url } = request;
	const path = url.pathname;
	if (refuseCrossSite(request, context.ownHostOnly)) {
		logRefusal(403, null, path, target);
		// As the hooks answer a client that does not ask for a page (`refusalResponse`).
		return json(403, { message: 'cross_site' }, []);
	}
	const https = url.protocol === 'https:';
	const cookieName = sessionCookieName(url);
	const token = parseCookies(request.header('cookie') ?? '')[cookieName];
	const cookie = { httpOnly: true, sameSite: 'lax', secure: https, path: '/' } as const;
	const headers: [string, string][] = [];
	let user: SessionUser | null = null;
	if (token) {
		const session = await validateSessionToken(db, token);
		if (session) {
			user = session.user;
			headers.push([
				'set-cookie',
				serializeCookie(cookieName, token, { ...cookie, expires: session.expiresAt })
			]);
		} else {
			headers.push(['set-cookie', serializeCookie(cookieName, '', { ...cookie, maxAge: 0 })]);
		}
	}
	headers.push(...securityHeaders(https));
	if (!user) return json(200, { type: 'redirect', status: 303, location: '/login' }, headers);
	headers.push(['cache-control', 'no-store']);

	const bytes = await request.readBody(ACTION_MAX_BODY_BYTES);
	if (bytes === null) throw new Error('action body over its limit');
	const form = await new Response(bytes as Uint8Array<ArrayBuffer>, {
		headers: { 'content-type': request.header('content-type') ?? '' }
	}).formData();
	const input = { userId: user.id, form, receivedAt: context.receivedAt };
	const outcome: ActionOutcome<Record<string, unknown>> =
		target.action === 'start'
			? await startRoundForCandidate(db, { ...input, roundId: target.roundId })
			: await submitAttemptForm(db, { ...input, attemptId: target.attemptId });
	switch (outcome.type) {
		case 'redirect':
			return json(200, { type: 'redirect', status: 303, location: outcome.location }, headers);
		case 'failure':
			return json(
				200,
				{ type: 'failure', status: outcome.status, data: stringify(outcome.data) },
				headers
			);
		case 'error':
			logRefusal(outcome.status, user.id, path, target);
			return json(outcome.status, { type: 'error', error: { message: outcome.message } }, headers);
	}
}

/** SvelteKit's `json()`: the body, its length and type, after the headers so far. */
function json(status: number, body: unknown, headers: [string, string][]): ActionOutput {
	const text = JSON.stringify(body);
	return {
		status,
		headers: [
			['content-length', String(Buffer.byteLength(text))],
			['content-type', 'application/json'],
			...headers
		],
		body: text
	};
}

/** As the hooks' `logRefusals`: every 403, and a signed-in user's 404. */
function logRefusal(status: number, userId: number | null, path: string, target: ActionTarget) {
	log.warn(
		{
			event: 'access_refused',
			status,
			userId,
			method: 'POST',
			path,
			route: target.routeId
		} satisfies RefusalLogEntry,
		'access refused'
	);
}

/** The exchange for a web `Request` (the hooks: dev, preview, `node build`); null if not taken. */
export async function respondToAction(
	db: Db,
	request: Request,
	context: ActionContext
): Promise<Response | null> {
	const url = new URL(request.url);
	const header = (name: string) => request.headers.get(name);
	const target = actionTarget({
		method: request.method,
		path: url.pathname,
		search: url.search,
		header
	});
	if (!target) return null;
	const out = await actionExchange(
		db,
		{
			method: request.method,
			url,
			header,
			readBody: (maxBytes) => readRequestBody(request, maxBytes)
		},
		target,
		context
	);
	return new Response(out.body, { status: out.status, headers: out.headers });
}
