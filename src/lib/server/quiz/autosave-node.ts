import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { attemptOfAnswersPath, answersPath } from '$lib/quiz/addresses';
import type { Db } from '../db/client';
import { TEST_NOW_HEADER, requestArrival } from '../http/test-clock';
import { log } from '../log';
import { headerOf, pathOf, readNodeBody, requestedOrigin } from '../http/node-request';
import { autosaveExchange, autosaveReply, type AutosaveOutput } from './autosave';

/** Answers the request and returns true, or returns false having done nothing. */
export type FrontHandler = (req: IncomingMessage, res: ServerResponse) => boolean;

/**
 * Quiz autosaves answered by plain Node in front of SvelteKit: on contest day they are most of
 * the traffic, and SvelteKit's request handling alone costs more than the save (bench/README.md).
 * Only the carrier lives here: `autosaveExchange` answers, as it does for the SvelteKit route,
 * from Node's own request and into Node's own response. Turning them into web `Request` and
 * `Response` objects (`@sveltejs/kit/node`) cost the save path 40 % of its throughput
 * (bench/README.md).
 * `origin` is ORIGIN; without it (the embedded default) the app's address is the one each request
 * was made to, over plain HTTP, when it is this machine's own, as in the hooks. `testClock` is
 * TEST_CLOCK=1: the arrival is the `x-test-now` header's instant, as the hooks stamp it.
 */
export function createAutosaveHandler(
	db: Db,
	options: { origin: string | null; testClock?: boolean }
): FrontHandler {
	const configured = options.origin ? new URL(options.origin) : null;

	async function answer(req: IncomingMessage, res: ServerResponse, attemptId: string) {
		// The arrival time first, before the body is read (a slow upload is not late).
		const header = req.headers[TEST_NOW_HEADER];
		const receivedAt = requestArrival(
			typeof header === 'string' ? header : null,
			options.testClock ?? false
		);
		const base = configured?.origin ?? requestedOrigin(req);
		const out: AutosaveOutput = base
			? await autosaveExchange(
					db,
					{
						method: req.method ?? 'POST',
						url: new URL(req.url ?? '/', base),
						header: (name) => headerOf(req, name),
						readBody: (maxBytes) => readNodeBody(req, maxBytes)
					},
					{ attemptId, receivedAt, ownHostOnly: !configured }
				)
			: // No usable Host header: not an address of this app.
				(log.warn({ path: answersPath(attemptId), refusal: 'foreign_host' }, 'write refused'),
				autosaveReply(403, { message: 'cross_site' }, false, answersPath(attemptId)));
		res.writeHead(out.status, out.headers.flat());
		res.end(out.body);
	}

	return (req, res) => {
		if (req.method !== 'POST') return false;
		const attemptId = attemptOfAnswersPath(pathOf(req));
		if (!attemptId) return false;
		answer(req, res, attemptId).catch((err) => {
			if (req.destroyed && !req.complete) return res.destroy();
			// As the hooks' handleError: logged with an id, a generic message to the browser.
			const id = randomUUID();
			log.error({ err, id, path: pathOf(req), method: req.method }, 'autosave failed');
			if (res.headersSent) res.destroy();
			else {
				const text = JSON.stringify({ message: 'internal_error', id });
				res.writeHead(500, { 'content-type': 'application/json', 'cache-control': 'no-store' });
				res.end(text);
			}
		});
		return true;
	};
}
