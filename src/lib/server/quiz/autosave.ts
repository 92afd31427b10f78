import { m } from '$lib/paraglide/messages.js';
import { baseLocale, cookieName as localeCookieName, isLocale } from '$lib/paraglide/runtime.js';
import { sessionCookieName } from '../auth/cookies';
import type { Db } from '../db/client';
import type { RefusalLogEntry } from '../http/security';
import { log } from '../log';
import { answerBatchSchema, saveAnswersWithSession, type SaveResult } from './save';
import { AUTOSAVE_ROUTE_ID, quizTiming } from './settings';

/**
 * The autosave endpoint, request to response, in one place: the SvelteKit route
 * (`routes/(learn)/attempts/[id]/answers/+server.ts`) and the handler in front of SvelteKit in
 * production (`autosave-node.ts`) both answer through `answerAutosave`.
 */

/** A full offline queue (200 answers) is a few kilobytes; anything far larger is not ours. */
export const AUTOSAVE_MAX_BODY_BYTES = 64 * 1024;
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
 * Autosave: `{ saves: [{ position, seq, selected, flagged }] }`. Answers 200 only after the
 * database committed the save; 409 once the attempt is closed (deadline + grace passed, or
 * finished), 404 for an attempt that is not the caller's, 401 when signed out. The session is
 * checked inside the save statement (`saveAnswersWithSession`), so no one looks it up before.
 */
export async function answerAutosave(db: Db, request: AutosaveRequest): Promise<AutosaveReply> {
	const bytes = await request.readBody(AUTOSAVE_MAX_BODY_BYTES);
	if (bytes === null) return { status: 413, body: { error: 'too_large' } };
	const body = answerBatchSchema.safeParse(parseJson(bytes));
	if (!body.success) return { status: 400, body: { error: 'bad_request' } };
	const out = await saveAnswersWithSession(db, {
		attemptId: request.attemptId,
		sessionToken: request.cookies.get(sessionCookieName(request.url)),
		saves: body.data.saves,
		now: request.receivedAt,
		graceMs: quizTiming.graceMs
	});
	if (out.ok) {
		return { status: 200, body: { results: out.results, serverNow: new Date().toISOString() } };
	}
	// No page, no i18n middleware: the language comes from Paraglide's cookie.
	const chosen = request.cookies.get(localeCookieName);
	const locale = chosen && isLocale(chosen) ? chosen : baseLocale;
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
			// Someone else's attempt, or none: a refusal for the security log, as the hooks log.
			log.warn(
				{
					event: 'access_refused',
					status: 404,
					userId: null,
					method: 'POST',
					path: `/attempts/${request.attemptId}/answers`,
					route: AUTOSAVE_ROUTE_ID
				} satisfies RefusalLogEntry,
				'access refused'
			);
			return { status: 404, body: { error: out.reason } };
	}
}

/** Like `Request.json()`: UTF-8 with an optional byte order mark; anything unreadable is null. */
function parseJson(bytes: Uint8Array): unknown {
	try {
		return JSON.parse(new TextDecoder().decode(bytes));
	} catch {
		return null;
	}
}

/** A web request's body within the limit (the SvelteKit route). */
export async function readRequestBody(request: Request, maxBytes: number) {
	if (Number(request.headers.get('content-length') ?? 0) > maxBytes) return null;
	const chunks: Uint8Array[] = [];
	let size = 0;
	for await (const chunk of request.body ?? []) {
		size += chunk.byteLength;
		if (size > maxBytes) return null;
		chunks.push(chunk);
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
