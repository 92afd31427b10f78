import type { Handle } from '@sveltejs/kit';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { LESSON_ROUTE_ID } from '$lib/learn/routes';

/**
 * Lesson pages are most of what a learner downloads, often on a weak village connection, and
 * adapter-node sends HTML uncompressed (static assets are precompressed at build). Lesson pages
 * are rendered whole (never streamed), so compressing them here costs a millisecond or two.
 */
export const compressLessonPages: Handle = async ({ event, resolve }) => {
	const response = await resolve(event);
	if (event.route.id !== LESSON_ROUTE_ID || event.request.method !== 'GET') return response;
	const type = response.headers.get('content-type') ?? '';
	if (!type.startsWith('text/html') || response.headers.has('content-encoding') || !response.body) {
		return response;
	}
	const accepted = event.request.headers.get('accept-encoding') ?? '';
	const encoding = /\bbr\b/.test(accepted) ? 'br' : /\bgzip\b/.test(accepted) ? 'gzip' : null;
	const headers = new Headers(response.headers);
	headers.append('vary', 'Accept-Encoding');
	if (!encoding) return new Response(response.body, { status: response.status, headers });
	const html = Buffer.from(await response.arrayBuffer());
	const body =
		encoding === 'br'
			? brotliCompressSync(html, {
					params: {
						[constants.BROTLI_PARAM_QUALITY]: 5,
						[constants.BROTLI_PARAM_SIZE_HINT]: html.byteLength
					}
				})
			: gzipSync(html, { level: 6 });
	headers.set('content-encoding', encoding);
	headers.set('content-length', String(body.byteLength));
	return new Response(new Uint8Array(body), { status: response.status, headers });
};
