import { parse as parseCookies } from 'cookie';
import { m } from '$lib/paraglide/messages.js';
import { baseLocale, cookieName as localeCookieName, isLocale } from '$lib/paraglide/runtime.js';
import { answersPath } from '$lib/quiz/addresses';
import { sessionCookieName } from '../auth/cookies';
import type { Db } from '../db/client';
import { refuseCrossSite, type FrontRequest } from '../http/front-request';
import { securityHeaders, type RefusalLogEntry } from '../http/security';
import { log } from '../log';
import { ESSAY_MAX_CHARS } from '$lib/quiz/essay';
import { answerBatchSchema, saveAnswersWithSession, TEXT_TOO_LONG, type SaveResult } from './save';
import { AUTOSAVE_ROUTE_ID, quizTiming } from './settings';

/**
 * The autosave endpoint, request to response, in one place: `autosaveExchange` does every check,
 * header and log line. The handler in front of SvelteKit in production (`autosave-node.ts`, plain
 * Node) and the SvelteKit route (`routes/(learn)/attempts/[id]/answers/+server.ts`, which the
 * hooks pass through untouched, through `respondToAutosave`) only carry its request and answer,
 * so the tests of either exercise what production runs.
 */

/**
 * A full offline queue (200 answers) is a few kilobytes, an essay at most 30 kB (10,000
 * characters of up to 3 bytes each); anything far larger is not ours.
 */
export const AUTOSAVE_MAX_BODY_BYTES = 128 * 1024;
/** Besides the security headers every response gets. */
export const AUTOSAVE_HEADERS = { 'cache-control': 'no-store' } as const;

export type AutosaveRequest = {
	attemptId: string;
	/** The request's arrival on the app clock: the save's receipt time. */
	receivedAt: Date;
	/** The app's address: over https the session cookie has the `__Host-` name. */
	url: URL;
	cookies: { get(name: string): string | undefined };
	/** The body, or null when it is (or says it is) larger than `maxBytes`. */
	readBody(maxBytes: number): Promise<Uint8Array | null>;
};

export type AutosaveReply =
	| { status: 200; body: { results: SaveResult[]; serverNow: string } }
	| { status: 400 | 401 | 404 | 409 | 413; body: { error: string; message?: string } };

/**
 * Autosave: `{ saves: [{ position, seq, selected, flagged, text? }] }` (`text`: an essay's answer;
 * over `ESSAY_MAX_CHARS` the request is refused, 400 `text_too_long` with a message saying the limit). Answers 200 only after the
 * database committed the save; 409 once the attempt is closed (deadline + grace passed, or
 * finished), 404 for an attempt that is not the caller's, 401 when signed out. The session is
 * checked inside the save statement (`saveAnswersWithSession`), so no one looks it up before.
 */
export async function answerAutosave(db: Db, request: AutosaveRequest): Promise<AutosaveReply> {
	const bytes = await request.readBody(AUTOSAVE_MAX_BODY_BYTES);
	if (bytes === null) return { status: 413, body: { error: 'too_large' } };
	const body = answerBatchSchema.safeParse(parseJson(bytes));
	if (!body.success) {
		if (body.error.issues.some((i) => i.message === TEXT_TOO_LONG)) {
			const locale = localeOf(request);
			const max = ESSAY_MAX_CHARS.toLocaleString(locale);
			return {
				status: 400,
				body: { error: TEXT_TOO_LONG, message: m.quiz_text_too_long({ max }, { locale }) }
			};
		}
		return { status: 400, body: { error: 'bad_request' } };
	}
	const out = await saveAnswersWithSession(db, {
		attemptId: request.attemptId,
		sessionToken: request.cookies.get(sessionCookieName(request.url)),
		saves: body.data.saves,
		now: request.receivedAt,
		sessionNow: new Date(),
		graceMs: quizTiming.graceMs
	});
	if (out.ok) {
		return { status: 200, body: { results: out.results, serverNow: new Date().toISOString() } };
	}
	const locale = localeOf(request);
	switch (out.reason) {
		case 'signed_out':
			return {
				status: 401,
				body: { error: out.reason, message: m.quiz_signed_out({}, { locale }) }
			};
		case 'closed':
			return {
				status: 409,
				body: { error: out.reason, message: m.quiz_save_closed({}, { locale }) }
			};
		case 'not_found':
			return { status: 404, body: { error: out.reason } };
	}
}

/** No page, no i18n middleware: the language comes from Paraglide's cookie. */
function localeOf(request: AutosaveRequest) {
	const chosen = request.cookies.get(localeCookieName);
	return chosen && isLocale(chosen) ? chosen : baseLocale;
}

export type AutosaveContext = {
	attemptId: string;
	/** The request's arrival on the app clock: the save's receipt time. */
	receivedAt: Date;
	/**
	 * Without ORIGIN (the embedded default) the app's address is the one the request was made to,
	 * when it is this machine's own (`isOwnHost`); with ORIGIN the request's URL is ORIGIN's.
	 */
	ownHostOnly: boolean;
};

/** What the exchange needs of a request, whatever carries it (a web `Request`, or Node's). */
export type AutosaveInput = FrontRequest;

/** The answer, for the carrier to write out. */
export type AutosaveOutput = { status: number; headers: [string, string][]; body: string };

/**
 * The whole autosave exchange: the cross-site check, the save (with its session check), the
 * security headers and `no-store`, and the security log for every refusal (403, 401, 404:
 * someone else's attempt or none). The front handler (`autosave-node.ts`, plain Node: web
 * `Request`/`Response` objects cost more than the save, see bench/README.md) and the SvelteKit
 * route (`respondToAutosave`) only carry it.
 */
export async function autosaveExchange(
	db: Db,
	request: AutosaveInput,
	context: AutosaveContext
): Promise<AutosaveOutput> {
	const { url } = request;
	const path = answersPath(context.attemptId);
	const https = url.protocol === 'https:';
	if (refuseCrossSite(request, context.ownHostOnly)) {
		return autosaveReply(403, { message: 'cross_site' }, https, path);
	}
	const cookies = parseCookies(request.header('cookie') ?? '');
	const reply = await answerAutosave(db, {
		attemptId: context.attemptId,
		receivedAt: context.receivedAt,
		url,
		cookies: { get: (name) => cookies[name] },
		readBody: request.readBody
	});
	return autosaveReply(reply.status, reply.body, https, path);
}

/** The exchange for a web `Request` (the SvelteKit route). */
export async function respondToAutosave(
	db: Db,
	request: Request,
	context: AutosaveContext
): Promise<Response> {
	const out = await autosaveExchange(
		db,
		{
			method: request.method,
			url: new URL(request.url),
			header: (name) => request.headers.get(name),
			readBody: (maxBytes) => readRequestBody(request, maxBytes)
		},
		context
	);
	return new Response(out.body, { status: out.status, headers: out.headers });
}

/** A JSON answer with the headers every response gets; refusals go to the security log. */
export function autosaveReply(
	status: number,
	body: unknown,
	https: boolean,
	path: string
): AutosaveOutput {
	// Nobody is looked up before the save (it checks the session itself): a 404 is someone
	// asking for another's attempt, and is logged like a 401 or a 403.
	if (status === 401 || status === 403 || status === 404) {
		log.warn(
			{
				event: 'access_refused',
				status,
				userId: null,
				method: 'POST',
				path,
				route: AUTOSAVE_ROUTE_ID
			} satisfies RefusalLogEntry,
			'access refused'
		);
	}
	const headers: [string, string][] = [
		...securityHeaders(https),
		...Object.entries(AUTOSAVE_HEADERS),
		['content-type', 'application/json']
	];
	// A body over the limit is not read to its end: the connection is closed instead.
	if (status === 413) headers.push(['connection', 'close']);
	return { status, headers, body: JSON.stringify(body) };
}

/** Like `Request.json()`: UTF-8 with an optional byte order mark; anything unreadable is null. */
function parseJson(bytes: Uint8Array): unknown {
	try {
		return JSON.parse(new TextDecoder().decode(bytes));
	} catch {
		return null;
	}
}

/**
 * A web request's body within the limit; null as soon as it (or its Content-Length) is over, or
 * when the server's own limit stopped it (a 413 error from the body's stream: adapter-node's
 * BODY_SIZE_LIMIT on the SvelteKit route).
 */
export async function readRequestBody(request: Request, maxBytes: number) {
	if (Number(request.headers.get('content-length') ?? 0) > maxBytes) return null;
	const chunks: Uint8Array[] = [];
	let size = 0;
	try {
		for await (const chunk of request.body ?? []) {
			size += chunk.byteLength;
			if (size > maxBytes) return null;
			chunks.push(chunk);
		}
	} catch (e) {
		if ((e as { status?: unknown }).status === 413) return null;
		throw e;
	}
	return concat(chunks, size);
}

function concat(chunks: Uint8Array[], size: number) {
	if (chunks.length === 1) return chunks[0];
	const all = new Uint8Array(size);
	let at = 0;
	for (const chunk of chunks) {
		all.set(chunk, at);
		at += chunk.byteLength;
	}
	return all;
}
