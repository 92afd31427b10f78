import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Db } from '../db/client';
import { log } from '../log';
import { actionExchange, actionTarget } from './action-exchange';
import { headerOf, pathOf, readNodeBody, requestedOrigin } from './node-request';
import { TEST_NOW_HEADER, requestArrival } from './test-clock';

/**
 * The lobby's enhanced start and the attempt page's final submit, answered by plain Node in front
 * of SvelteKit (`scripts/start.js`): only the carrier lives here, `actionExchange` answers from
 * Node's own request into Node's own response. Returns false (having read nothing) for every
 * other request, which SvelteKit then answers. `origin` and `testClock` as for the autosave
 * (`autosave-node.ts`).
 */
export function createActionHandler(
	db: Db,
	options: { origin: string | null; testClock?: boolean }
): (req: IncomingMessage, res: ServerResponse) => boolean {
	const configured = options.origin ? new URL(options.origin) : null;
	return (req, res) => {
		if (req.method !== 'POST') return false;
		const requestTarget = req.url ?? '';
		const query = requestTarget.indexOf('?');
		if (query < 0) return false;
		const header = (name: string) => headerOf(req, name);
		const path = pathOf(req);
		const target = actionTarget({
			method: req.method,
			path,
			search: requestTarget.slice(query),
			header
		});
		// No usable Host header: SvelteKit refuses it as it refuses any other write.
		const base = configured?.origin ?? requestedOrigin(req);
		if (!target || !base) return false;
		// The arrival time first, before the body is read.
		const test = req.headers[TEST_NOW_HEADER];
		const receivedAt = requestArrival(
			typeof test === 'string' ? test : null,
			options.testClock ?? false
		);
		actionExchange(
			db,
			{
				method: req.method,
				url: new URL(requestTarget, base),
				header,
				readBody: (maxBytes) => readNodeBody(req, maxBytes)
			},
			target,
			{ receivedAt, ownHostOnly: !configured }
		)
			.then((out) => {
				res.writeHead(out.status, out.headers.flat());
				res.end(out.body);
			})
			.catch((err) => {
				if (req.destroyed && !req.complete) return res.destroy();
				// As the hooks' handleError: logged with an id, a generic message to the browser.
				const id = randomUUID();
				log.error({ err, id, path, method: req.method }, 'action failed');
				if (res.headersSent) return res.destroy();
				const text = JSON.stringify({ type: 'error', error: { message: 'internal_error', id } });
				res.writeHead(500, { 'content-type': 'application/json', 'cache-control': 'no-store' });
				res.end(text);
			});
		return true;
	};
}
