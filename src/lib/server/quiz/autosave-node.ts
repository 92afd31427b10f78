import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { parse as parseCookies } from 'cookie';
import type { Db } from '../db/client';
import { isOwnHost } from '../http/own-host';
import { securityHeaders, writeRefusal } from '../http/security';
import { log } from '../log';
import { AUTOSAVE_HEADERS, answerAutosave } from './autosave';

/** Answers the request and returns true, or returns false having done nothing. */
export type FrontHandler = (req: IncomingMessage, res: ServerResponse) => boolean;

const AUTOSAVE_PATH =
	/^\/attempts\/([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\/answers$/i;

/**
 * Quiz autosaves answered by plain Node in front of SvelteKit: on contest day they are most of
 * the traffic, and SvelteKit's request handling alone costs more than the save (bench/README.md).
 * The answer is `answerAutosave`'s, as in the SvelteKit route; what the hooks do for every route
 * is done here too: the arrival time first, the cross-site check, the security headers.
 * `origin` is ORIGIN; without it (the embedded default) the app's address is the one each request
 * was made to, over plain HTTP, when it is this machine's own, as in the hooks.
 */
export function createAutosaveHandler(db: Db, options: { origin: string | null }): FrontHandler {
	const configured = options.origin ? new URL(options.origin) : null;
	const headers: Record<string, string> = {
		...Object.fromEntries(securityHeaders(configured?.protocol === 'https:')),
		...AUTOSAVE_HEADERS,
		'content-type': 'application/json'
	};
	const send = (res: ServerResponse, status: number, body: unknown) => {
		const text = JSON.stringify(body);
		res.writeHead(status, { ...headers, 'content-length': Buffer.byteLength(text) });
		res.end(text);
	};

	async function answer(
		req: IncomingMessage,
		res: ServerResponse,
		attemptId: string,
		receivedAt: Date
	) {
		const origin = header(req, 'origin');
		const fetchSite = header(req, 'sec-fetch-site');
		const url = configured ?? requestedUrl(req);
		const refusal = url
			? writeRefusal({ method: 'POST', origin, fetchSite }, url, configured ? null : isOwnHost)
			: 'foreign_host';
		if (refusal || !url) {
			log.warn({ path: pathOf(req), origin, refusal }, 'write refused');
			return send(res, 403, { message: 'cross_site' });
		}
		const cookies = req.headers.cookie ? parseCookies(req.headers.cookie) : {};
		const reply = await answerAutosave(db, {
			attemptId,
			receivedAt,
			url,
			cookies: { get: (name) => cookies[name] },
			readBody: (maxBytes) => readBody(req, maxBytes)
		});
		// A body over the limit is not read to its end: close the connection instead.
		if (reply.status === 413) res.setHeader('connection', 'close');
		send(res, reply.status, reply.body);
	}

	return (req, res) => {
		const receivedAt = new Date();
		if (req.method !== 'POST') return false;
		const match = AUTOSAVE_PATH.exec(pathOf(req));
		if (!match) return false;
		answer(req, res, match[1], receivedAt).catch((err) => {
			if (req.destroyed && !req.complete) return res.destroy();
			// As the hooks' handleError: logged with an id, a generic message to the browser.
			const id = randomUUID();
			log.error({ err, id, path: pathOf(req), method: req.method }, 'autosave failed');
			if (res.headersSent) res.destroy();
			else send(res, 500, { message: 'internal_error', id });
		});
		return true;
	};
}

function pathOf(req: IncomingMessage) {
	const target = req.url ?? '';
	const query = target.indexOf('?');
	return query < 0 ? target : target.slice(0, query);
}

/** The plain-HTTP URL the request was made to (its Host), or null when the Host is not one. */
function requestedUrl(req: IncomingMessage): URL | null {
	try {
		const url = new URL(`http://${req.headers.host ?? ''}`);
		return url.host === req.headers.host?.toLowerCase() ? url : null;
	} catch {
		return null;
	}
}

function header(req: IncomingMessage, name: string): string | null {
	const value = req.headers[name];
	return typeof value === 'string' ? value : null;
}

/** The body within the limit; null as soon as it (or its Content-Length) is over. */
function readBody(req: IncomingMessage, maxBytes: number): Promise<Uint8Array | null> {
	if (Number(req.headers['content-length'] ?? 0) > maxBytes) return Promise.resolve(null);
	return new Promise((resolve, reject) => {
		const chunks: Buffer[] = [];
		let size = 0;
		const onData = (chunk: Buffer) => {
			size += chunk.length;
			if (size <= maxBytes) return void chunks.push(chunk);
			req.off('data', onData);
			resolve(null);
		};
		req.on('data', onData);
		req.on('end', () => resolve(chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, size)));
		req.on('error', reject);
		req.on('close', () => {
			if (!req.complete) reject(new Error('request aborted'));
		});
	});
}

/**
 * How `scripts/start.js` finds the handler (by this key, which it spells out, and refuses to
 * start without): the server bundle publishes it when SvelteKit starts (the `init` hook), with
 * the app's own database handle, so both paths share one pool and the fast path works on
 * PostgreSQL and on the embedded database alike.
 */
export const FRONT_HANDLERS_KEY = Symbol.for('bi-thu-gioi.front-handlers');

export type FrontHandlers = (options: { origin: string | null }) => FrontHandler;

export function publishFrontHandlers(db: Db) {
	const create: FrontHandlers = (options) => createAutosaveHandler(db, options);
	(globalThis as Record<symbol, unknown>)[FRONT_HANDLERS_KEY] = create;
}
