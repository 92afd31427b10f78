import type { RequestEvent } from '@sveltejs/kit';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { compressLessonPages } from './compress';

const HTML = '<!doctype html><html><body>' + 'Sinh hoạt chi bộ thường kỳ. '.repeat(400) + '</body></html>';

async function run(routeId: string, acceptEncoding: string | null, method = 'GET') {
	const headers = new Headers(acceptEncoding ? { 'accept-encoding': acceptEncoding } : {});
	const event = { route: { id: routeId }, request: new Request('http://x/learn/a/b', { method, headers }) };
	return compressLessonPages({
		event: event as unknown as RequestEvent,
		resolve: async () =>
			new Response(HTML, { headers: { 'content-type': 'text/html', 'cache-control': 'no-store' } })
	});
}

describe('lesson page compression', () => {
	const lesson = '/(learn)/learn/[module]/[lesson]';

	it('sends lesson pages with brotli or gzip, keeping the other headers', async () => {
		const br = await run(lesson, 'gzip, deflate, br');
		expect(br.headers.get('content-encoding')).toBe('br');
		expect(br.headers.get('cache-control')).toBe('no-store');
		expect(br.headers.get('vary')).toContain('Accept-Encoding');
		const bytes = Buffer.from(await br.arrayBuffer());
		expect(Number(br.headers.get('content-length'))).toBe(bytes.byteLength);
		expect(bytes.byteLength).toBeLessThan(Buffer.byteLength(HTML) / 10);
		expect(brotliDecompressSync(bytes).toString()).toBe(HTML);

		const gzip = await run(lesson, 'gzip');
		expect(gzip.headers.get('content-encoding')).toBe('gzip');
		expect(gunzipSync(Buffer.from(await gzip.arrayBuffer())).toString()).toBe(HTML);
	});

	it('leaves other pages, other methods and clients without compression alone', async () => {
		expect((await run('/(learn)/learn', 'br')).headers.get('content-encoding')).toBeNull();
		expect((await run(lesson, 'br', 'POST')).headers.get('content-encoding')).toBeNull();
		const plain = await run(lesson, null);
		expect(plain.headers.get('content-encoding')).toBeNull();
		expect(await plain.text()).toBe(HTML);
	});
});
