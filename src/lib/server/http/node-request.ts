import type { IncomingMessage } from 'node:http';

/**
 * Reading Node's own request, for the handlers in front of SvelteKit (quiz autosave, the
 * enhanced start and submit): building web `Request` objects costs them more than their work.
 */

/** A request header as one string (repeated ones joined, as `Headers.get` does), or null. */
export function headerOf(req: IncomingMessage, name: string): string | null {
	const value = req.headers[name];
	return value === undefined ? null : Array.isArray(value) ? value.join(', ') : value;
}

/**
 * The body within the limit; null as soon as it (or its Content-Length) is over. Rejects when the
 * client goes away before the end (the caller then drops the connection).
 */
export function readNodeBody(req: IncomingMessage, maxBytes: number): Promise<Uint8Array | null> {
	if (Number(req.headers['content-length'] ?? 0) > maxBytes) return Promise.resolve(null);
	return new Promise((resolve, reject) => {
		const chunks: Buffer[] = [];
		let size = 0;
		const done = () => {
			req.off('data', onData);
			req.off('end', onEnd);
			req.off('error', onError);
			req.off('close', onClose);
		};
		const onData = (chunk: Buffer) => {
			size += chunk.length;
			if (size <= maxBytes) return void chunks.push(chunk);
			done();
			resolve(null);
		};
		const onEnd = () => {
			done();
			resolve(Buffer.concat(chunks, size));
		};
		const onError = (e: Error) => {
			done();
			reject(e);
		};
		const onClose = () => {
			if (req.complete) return;
			done();
			reject(new Error('request aborted'));
		};
		req.on('data', onData);
		req.on('end', onEnd);
		req.on('error', onError);
		req.on('close', onClose);
	});
}

export function pathOf(req: IncomingMessage) {
	const target = req.url ?? '';
	const query = target.indexOf('?');
	return query < 0 ? target : target.slice(0, query);
}

/** The plain-HTTP origin the request was made to (its Host), or null when the Host is not one. */
export function requestedOrigin(req: IncomingMessage): string | null {
	try {
		const url = new URL(`http://${req.headers.host ?? ''}`);
		return url.host === req.headers.host?.toLowerCase() ? url.origin : null;
	} catch {
		return null;
	}
}
