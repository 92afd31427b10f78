import type { Handle } from '@sveltejs/kit';
import { promisify } from 'node:util';
import {
	brotliCompress,
	constants,
	createBrotliCompress,
	createGzip,
	gzip,
	type BrotliCompress,
	type Gzip
} from 'node:zlib';

/** Text worth compressing; event streams (live views) are never buffered or compressed. */
const COMPRESSIBLE =
	/^(text\/(html|plain|csv|css|javascript|xml|markdown)|application\/(json|javascript|xml|[a-z.+-]*\+json|[a-z.+-]*\+xml)|image\/svg\+xml)\s*(;|$)/i;
/** Below this the headers cost more than compression saves. */
export const MIN_COMPRESS_BYTES = 1024;

type Encoding = 'br' | 'gzip';

/** The best encoding the client accepts (`Accept-Encoding`, honouring `q=0`), if any. */
export function chooseEncoding(acceptEncoding: string | null): Encoding | null {
	const weights = new Map<string, number>();
	for (const part of (acceptEncoding ?? '').split(',')) {
		const [name, ...params] = part.trim().toLowerCase().split(';');
		if (!name) continue;
		const q = params.map((p) => /^\s*q=([0-9.]+)\s*$/.exec(p)?.[1]).find(Boolean);
		weights.set(name, q === undefined ? 1 : Number(q));
	}
	const weight = (name: Encoding) => weights.get(name) ?? weights.get('*') ?? 0;
	if (weight('br') > 0 && weight('br') >= weight('gzip')) return 'br';
	return weight('gzip') > 0 ? 'gzip' : null;
}

const compressWhole: Record<Encoding, (bytes: Buffer) => Promise<Buffer>> = {
	br: (bytes) =>
		promisify(brotliCompress)(bytes, {
			params: {
				[constants.BROTLI_PARAM_QUALITY]: 5,
				[constants.BROTLI_PARAM_SIZE_HINT]: bytes.byteLength
			}
		}),
	gzip: (bytes) => promisify(gzip)(bytes, { level: 6 })
};

const compressStream: Record<Encoding, () => BrotliCompress | Gzip> = {
	br: () => createBrotliCompress({ params: { [constants.BROTLI_PARAM_QUALITY]: 5 } }),
	gzip: () => createGzip({ level: 6 })
};

const STALLED = Symbol('stalled');
/** Resolves after the reads already settled have run: a body given whole has no more to wait for. */
const nextTurn = () => new Promise<typeof STALLED>((done) => setImmediate(() => done(STALLED)));

/**
 * Compresses a response for a client that accepts brotli or gzip (adapter-node sends what
 * SvelteKit renders as is; static files are precompressed at build). A body that is there whole
 * (a rendered page, JSON, CSV) is compressed at once, off the main thread; a body still arriving
 * (a page that streams its data) is compressed as it comes, each piece flushed at once, so
 * streaming still shows the page early.
 */
export async function compressResponse(request: Request, response: Response): Promise<Response> {
	const type = response.headers.get('content-type') ?? '';
	const length = Number(response.headers.get('content-length') ?? NaN);
	if (
		!response.body ||
		request.method === 'HEAD' ||
		response.status < 200 ||
		response.status === 204 ||
		response.status === 304 ||
		response.headers.has('content-encoding') ||
		/\bno-transform\b/i.test(response.headers.get('cache-control') ?? '') ||
		!COMPRESSIBLE.test(type) ||
		length < MIN_COMPRESS_BYTES
	) {
		return response;
	}
	const headers = new Headers(response.headers);
	headers.append('vary', 'Accept-Encoding');
	const init = { status: response.status, statusText: response.statusText, headers };
	const encoding = chooseEncoding(request.headers.get('accept-encoding'));
	if (!encoding) return new Response(response.body, init);

	const reader = response.body.getReader();
	const chunks: Uint8Array[] = [];
	let pending = reader.read();
	for (;;) {
		const next = await Promise.race([pending, nextTurn()]);
		if (next === STALLED) break;
		if (next.done) {
			const whole = Buffer.concat(chunks);
			if (whole.byteLength < MIN_COMPRESS_BYTES) return new Response(new Uint8Array(whole), init);
			const body = await compressWhole[encoding](whole);
			headers.set('content-encoding', encoding);
			headers.set('content-length', String(body.byteLength));
			return new Response(new Uint8Array(body), init);
		}
		chunks.push(next.value);
		pending = reader.read();
	}

	headers.set('content-encoding', encoding);
	headers.delete('content-length');
	const zip = compressStream[encoding]();
	const body = new ReadableStream<Uint8Array>({
		start(controller) {
			zip.on('data', (chunk: Buffer) => controller.enqueue(new Uint8Array(chunk)));
			zip.on('end', () => controller.close());
			zip.on('error', (err) => controller.error(err));
			const pump = async () => {
				for (const chunk of chunks) zip.write(chunk);
				zip.flush();
				for (;;) {
					const next = await pending;
					if (next.done) return void zip.end();
					zip.write(next.value);
					zip.flush();
					pending = reader.read();
				}
			};
			pump().catch((err) => zip.destroy(err));
		},
		cancel(reason) {
			zip.destroy();
			return reader.cancel(reason);
		}
	});
	return new Response(body, init);
}

/** Every response worth it goes out compressed (see `compressResponse`). */
export const compressResponses: Handle = async ({ event, resolve }) =>
	compressResponse(event.request, await resolve(event));
