import { log } from '../log';
import { isOwnHost } from './own-host';
import { writeRefusal, type WriteRefusal } from './security';

/**
 * A request as the exchanges answered in front of SvelteKit see it (the autosave, the contest
 * start and the attempt submit): carried by plain Node (`front-handlers.ts`) or by the hooks.
 */
export type FrontRequest = {
	method: string;
	/** The app's address and the request's path. */
	url: URL;
	header(name: string): string | null;
	/** The body, or null when it is (or says it is) larger than `maxBytes`. */
	readBody(maxBytes: number): Promise<Uint8Array | null>;
};

/**
 * The hooks' cross-site check (`writeRefusal`) for such a request, logged as the hooks log it;
 * null when the write may go on. `ownHostOnly`: no ORIGIN configured (`isOwnHost`).
 */
export function refuseCrossSite(request: FrontRequest, ownHostOnly: boolean): WriteRefusal | null {
	const { url } = request;
	const origin = request.header('origin');
	const refusal = writeRefusal(
		{ method: request.method, origin, fetchSite: request.header('sec-fetch-site') },
		url,
		ownHostOnly ? isOwnHost : null
	);
	if (refusal) log.warn({ path: url.pathname, origin, host: url.host, refusal }, 'write refused');
	return refusal;
}
