import { brotliDecompressSync, constants, gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { chooseEncoding, compressResponse } from './compress';

const HTML = '<!doctype html><html><body>' + 'Quản lý đảng viên. '.repeat(400) + '</body></html>';

const request = (acceptEncoding: string | null, method = 'GET') =>
	new Request('http://x/admin/users', {
		method,
		headers: acceptEncoding ? { 'accept-encoding': acceptEncoding } : {}
	});
const page = (body: BodyInit = HTML, type = 'text/html; charset=utf-8') =>
	new Response(body, { headers: { 'content-type': type, 'cache-control': 'no-store' } });

describe('response compression', () => {
	it('sends any page with brotli or gzip, keeping the other headers', async () => {
		const br = await compressResponse(request('gzip, deflate, br'), page());
		expect(br.headers.get('content-encoding')).toBe('br');
		expect(br.headers.get('cache-control')).toBe('no-store');
		expect(br.headers.get('vary')).toContain('Accept-Encoding');
		const bytes = Buffer.from(await br.arrayBuffer());
		expect(Number(br.headers.get('content-length'))).toBe(bytes.byteLength);
		expect(bytes.byteLength).toBeLessThan(Buffer.byteLength(HTML) / 10);
		expect(brotliDecompressSync(bytes).toString()).toBe(HTML);

		const gzip = await compressResponse(request('gzip'), page());
		expect(gzip.headers.get('content-encoding')).toBe('gzip');
		expect(gunzipSync(Buffer.from(await gzip.arrayBuffer())).toString()).toBe(HTML);
	});

	it('compresses page data (JSON) and CSV exports too, whatever the status', async () => {
		const json = JSON.stringify({
			type: 'data',
			nodes: Array(200).fill({ name: 'Nguyễn Văn An' })
		});
		const data = await compressResponse(
			request('br'),
			new Response(json, { status: 400, headers: { 'content-type': 'application/json' } })
		);
		expect(data.status).toBe(400);
		expect(data.headers.get('content-encoding')).toBe('br');
		expect(brotliDecompressSync(Buffer.from(await data.arrayBuffer())).toString()).toBe(json);
		const csv = await compressResponse(request('gzip'), page('a,b\n'.repeat(1000), 'text/csv'));
		expect(csv.headers.get('content-encoding')).toBe('gzip');
	});

	it('leaves small bodies, HEAD, event streams, images and refusing clients alone', async () => {
		const small = await compressResponse(request('br'), page('<p>ok</p>'));
		expect(small.headers.get('content-encoding')).toBeNull();
		expect(await small.text()).toBe('<p>ok</p>');
		expect(
			(await compressResponse(request('br', 'HEAD'), page())).headers.get('content-encoding')
		).toBeNull();
		const sse = page(HTML, 'text/event-stream');
		expect(await compressResponse(request('br'), sse)).toBe(sse);
		const png = page(HTML, 'image/png');
		expect(await compressResponse(request('br'), png)).toBe(png);
		for (const accept of [null, 'identity', 'br;q=0, gzip;q=0', 'deflate']) {
			const plain = await compressResponse(request(accept), page());
			expect(plain.headers.get('content-encoding'), String(accept)).toBeNull();
			expect(await plain.text()).toBe(HTML);
		}
	});

	it('streams a page that is still arriving: its first part is readable before the rest', async () => {
		let finish!: () => void;
		const rest = new Promise<void>((done) => (finish = done));
		const source = new ReadableStream<Uint8Array>({
			async start(controller) {
				controller.enqueue(new TextEncoder().encode(HTML));
				await rest;
				controller.enqueue(new TextEncoder().encode('<p>later</p>'));
				controller.close();
			}
		});
		const response = await compressResponse(request('br'), page(source));
		expect(response.headers.get('content-encoding')).toBe('br');
		expect(response.headers.get('content-length')).toBeNull();
		const reader = response.body!.getReader();
		const received: Uint8Array[] = [];
		// The flushed first part decodes to the whole first chunk while the source still waits.
		for (let text = ''; !text.includes('</html>');) {
			const { value } = await reader.read();
			received.push(value!);
			text = decodePartial(received);
		}
		finish();
		for (;;) {
			const { value, done } = await reader.read();
			if (done) break;
			received.push(value);
		}
		expect(brotliDecompressSync(Buffer.concat(received)).toString()).toBe(HTML + '<p>later</p>');
	});

	it('chooses brotli, then gzip, as the client allows', () => {
		expect(chooseEncoding('gzip, deflate, br, zstd')).toBe('br');
		expect(chooseEncoding('gzip')).toBe('gzip');
		expect(chooseEncoding('br;q=0, gzip')).toBe('gzip');
		expect(chooseEncoding('br;q=0.5, gzip;q=1')).toBe('gzip');
		expect(chooseEncoding('*')).toBe('br');
		expect(chooseEncoding('*, br;q=0')).toBe('gzip');
		expect(chooseEncoding('identity')).toBeNull();
		expect(chooseEncoding(null)).toBeNull();
	});
});

/** What a flushed brotli prefix decodes to so far. */
function decodePartial(parts: Uint8Array[]): string {
	try {
		return brotliDecompressSync(Buffer.concat(parts), {
			finishFlush: constants.BROTLI_OPERATION_FLUSH
		}).toString();
	} catch {
		return '';
	}
}
