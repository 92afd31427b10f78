// npm run bench:pages: bytes a phone downloads for a lesson page on a cold visit (empty cache),
// against the production build: HTML + CSS + JS (+ images), as the server sends them.
// Options: --lesson /learn/<module>/<lesson> (default: every lesson), --port 4199.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { contentRootFromEnv, loadContent } from '../src/lib/server/content/load';

const { values } = parseArgs({ options: { lesson: { type: 'string' }, port: { type: 'string' } } });
const port = Number(values.port ?? process.env.BENCH_PORT ?? 4199);
const origin = `http://localhost:${port}`;

if (!existsSync('build/index.js')) {
	console.error('No production build: run "npm run build" first.');
	process.exit(1);
}

// The content measured: CONTENT_DIR, else content/ when it has modules, else the test fixtures.
let root = contentRootFromEnv(process.env);
if (!process.env.CONTENT_DIR && loadContent(root).content.modules.length === 0) {
	root = contentRootFromEnv({ CONTENT_DIR: 'tests/fixtures/content' });
}
const { content } = loadContent(root);
const lessons = values.lesson
	? [values.lesson]
	: content.modules.flatMap((m) => m.lessons.map((l) => `/learn/${m.slug}/${l.slug}`));

/** The body as the browser reads it, after content decoding. */
const decoded = (f: Fetched) =>
	f.encoding === 'br'
		? brotliDecompressSync(f.body)
		: f.encoding === 'gzip'
			? gunzipSync(f.body)
			: f.body;

type Fetched = {
	status: number;
	bytes: number;
	body: Buffer;
	encoding: string;
	headers: http.IncomingHttpHeaders;
};

/** Raw bytes on the wire (no decompression), as a browser asking for br/gzip receives them. */
function get(
	path: string,
	headers: Record<string, string> = {},
	method = 'GET',
	body?: string
): Promise<Fetched> {
	return new Promise((resolve, reject) => {
		const req = http.request(
			`${origin}${path}`,
			{ method, headers: { 'accept-encoding': 'br, gzip', accept: 'text/html,*/*', ...headers } },
			(res) => {
				const chunks: Buffer[] = [];
				res.on('data', (c: Buffer) => chunks.push(c));
				res.on('end', () => {
					const raw = Buffer.concat(chunks);
					resolve({
						status: res.statusCode ?? 0,
						bytes: raw.byteLength,
						body: raw,
						encoding: String(res.headers['content-encoding'] ?? 'identity'),
						headers: res.headers
					});
				});
			}
		);
		req.on('error', reject);
		if (body) req.write(body);
		req.end();
	});
}

const dataDir = mkdtempSync(join(tmpdir(), 'bt-bench-'));
const server = spawn(process.execPath, ['build/index.js'], {
	env: {
		...process.env,
		PORT: String(port),
		ORIGIN: origin,
		DATA_DIR: dataDir,
		SEED_DEMO: '1',
		CONTENT_DIR: root,
		LOG_LEVEL: 'warn',
		DATABASE_URL: ''
	},
	stdio: ['ignore', 'ignore', 'inherit']
});
const stop = () => {
	server.kill();
	rmSync(dataDir, { recursive: true, force: true });
};

try {
	for (let i = 0; ; i++) {
		const ok = await get('/login').then(
			(r) => r.status === 200,
			() => false
		);
		if (ok) break;
		if (i > 240) throw new Error('the server did not start');
		await new Promise((r) => setTimeout(r, 500));
	}
	const form = new URLSearchParams({
		username: 'bithu.dongchua',
		password: 'Demo@2026!'
	}).toString();
	const login = await get(
		'/login',
		{ origin, 'content-type': 'application/x-www-form-urlencoded' },
		'POST',
		form
	);
	const cookie = [login.headers['set-cookie'] ?? []]
		.flat()
		.map((c) => c.split(';')[0])
		.join('; ');
	if (!/session/.test(cookie)) throw new Error('could not sign in as bithu.dongchua');

	const kb = (n: number) => (n / 1024).toFixed(1).padStart(6);
	const rows: {
		path: string;
		html: number;
		htmlRaw: number;
		htmlEncoding: string;
		css: number;
		js: number;
		img: number;
		requests: number;
	}[] = [];
	const swBytes = (await get('/service-worker.js')).bytes;
	for (const path of lessons) {
		const page = await get(path, { cookie });
		if (page.status !== 200) throw new Error(`${path}: HTTP ${page.status}`);
		const html = decoded(page).toString('utf8');
		const refs = [...html.matchAll(/<(link|script|img)\b[^>]*?\b(href|src)="([^"]+)"/g)]
			.filter(([tag]) => !/rel="(icon|canonical)"/.test(tag))
			.map(([, tag, , url]) => ({ tag, url: new URL(url.replace(/&amp;/g, '&'), origin + path) }))
			.filter((r) => r.url.origin === origin);
		let css = 0;
		let js = 0;
		let img = 0;
		for (const ref of refs) {
			const asset = await get(ref.url.pathname + ref.url.search, { cookie });
			if (ref.tag === 'img') img += asset.bytes;
			else if (ref.url.pathname.endsWith('.css')) css += asset.bytes;
			else js += asset.bytes;
		}
		rows.push({
			path,
			html: page.bytes,
			htmlRaw: Buffer.byteLength(html),
			htmlEncoding: page.encoding,
			css,
			js,
			img,
			requests: 1 + refs.length
		});
	}

	console.log(`Cold lesson page, production build, content: ${root}`);
	console.log(
		'KiB on the wire (Accept-Encoding: br, gzip); "HTML raw" is the page before compression.'
	);
	console.log('  HTML enc  HTML raw    CSS     JS   imgs  HTML+CSS+JS  requests  page');
	for (const r of rows) {
		const enc = r.htmlEncoding === 'identity' ? '-' : r.htmlEncoding;
		console.log(
			`${kb(r.html)} ${enc.padEnd(4)} ${kb(r.htmlRaw)}   ${kb(r.css)} ${kb(r.js)} ${kb(r.img)}       ${kb(r.html + r.css + r.js)}  ${String(r.requests).padStart(8)}  ${r.path}`
		);
	}
	const totals = rows.map((r) => r.html + r.css + r.js).sort((a, b) => a - b);
	const median = totals[Math.floor(totals.length / 2)];
	console.log(
		`${rows.length} lessons, HTML+CSS+JS transferred: min ${kb(totals[0]).trim()} KiB, ` +
			`median ${kb(median).trim()} KiB, max ${kb(totals[totals.length - 1]).trim()} KiB.`
	);
	console.log(`After load, once: the service worker ${kb(swBytes).trim()} KiB (brotli).`);
} finally {
	stop();
}
