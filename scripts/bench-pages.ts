// npm run bench:pages: bytes a phone downloads for a page on a cold visit (empty cache), for one
// page of every kind (signed out, a secretary's, staff) and every lesson, against the production
// build: HTML + CSS + JS (+ images), as the server sends them. Budgets: 30 KiB for a page a
// secretary opens, 60 KiB for staff pages.
// Options: --lesson /learn/<module>/<lesson> (default: every lesson), --port 4199.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { chromium } from '@playwright/test';
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
const server = spawn(process.execPath, ['scripts/start.js'], {
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
const browser = await chromium.launch({
	executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
	args: ['--no-sandbox', '--disable-gpu']
});
const stop = () => {
	void browser.close();
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
	const cookies: Record<string, string> = {};
	for (const who of ['bithu.dongchua', 'admin']) {
		const form = new URLSearchParams({ username: who, password: 'Demo@2026!' }).toString();
		const login = await get(
			'/login',
			{ origin, 'content-type': 'application/x-www-form-urlencoded' },
			'POST',
			form
		);
		cookies[who] = [login.headers['set-cookie'] ?? []]
			.flat()
			.map((c) => c.split(';')[0])
			.join('; ');
		if (!/session/.test(cookies[who])) throw new Error(`could not sign in as ${who}`);
	}

	// One page of every kind, as the person who opens it: a secretary's pages, then staff pages.
	const firstModule = content.modules[0];
	const started = await get(
		`/learn/${firstModule.slug}/quiz?/start`,
		{
			origin,
			cookie: cookies['bithu.dongchua'],
			'content-type': 'application/x-www-form-urlencoded'
		},
		'POST',
		''
	);
	const attempt = String(started.headers.location ?? '');
	if (!/^\/attempts\//.test(attempt)) throw new Error(`could not start a quiz (${started.status})`);
	const staffPage = async (path: string, link: RegExp) => {
		const page = decoded(await get(path, { cookie: cookies.admin })).toString('utf8');
		const href = link.exec(page)?.[0];
		if (!href) throw new Error(`no link ${link} on ${path}`);
		return href;
	};
	const pages: { kind: 'secretary' | 'staff' | 'signed out'; path: string; who?: string }[] = [
		{ kind: 'signed out', path: '/login' },
		{ kind: 'signed out', path: '/activate' },
		...['/', '/learn', `/learn/${firstModule.slug}`, `/learn/${firstModule.slug}/quiz`].map(
			(path) => ({ kind: 'secretary' as const, path })
		),
		...['/review', '/search?q=chi+bo', '/account', attempt].map((path) => ({
			kind: 'secretary' as const,
			path
		})),
		...[
			'/admin/users',
			'/content-review',
			'/people',
			await staffPage('/people', /\/people\/\d+/),
			'/people/new',
			'/people/import',
			'/people/codes',
			'/orgs',
			await staffPage('/orgs', /\/orgs\/\d+/),
			'/orgs/import'
		].map((path) => ({ kind: 'staff' as const, path, who: 'admin' }))
	];
	const budgets = { secretary: 30 * 1024, staff: 60 * 1024, 'signed out': 30 * 1024 };

	const kb = (n: number) => (n / 1024).toFixed(1).padStart(6);
	type Row = {
		path: string;
		html: number;
		htmlRaw: number;
		htmlEncoding: string;
		css: number;
		js: number;
		img: number;
		total: number;
		requests: number;
	};
	const swBytes = (await get('/service-worker.js')).bytes;
	/**
	 * A cold visit in Chromium (empty cache, service worker blocked): every response the page
	 * loads until the network is idle, hydration's script imports included, at its size on the
	 * wire (encoded body + headers are not counted: body only).
	 */
	async function measure(path: string, cookie: string): Promise<Row> {
		const page = await get(path, cookie ? { cookie } : {});
		if (page.status !== 200) throw new Error(`${path}: HTTP ${page.status}`);
		const context = await browser.newContext({ serviceWorkers: 'block' });
		if (cookie) {
			await context.addCookies(
				cookie.split('; ').map((c) => {
					const [name, ...value] = c.split('=');
					return { name, value: value.join('='), url: origin };
				})
			);
		}
		const tab = await context.newPage();
		const responses: Promise<{ url: string; type: string; bytes: number }>[] = [];
		tab.on('requestfinished', (request) =>
			responses.push(
				request.sizes().then((sizes) => ({
					url: request.url(),
					type: request.resourceType(),
					bytes: sizes.responseBodySize
				}))
			)
		);
		await tab.goto(origin + path, { waitUntil: 'networkidle' });
		const loaded = await Promise.all(responses);
		await context.close();
		const sum = (type: string) =>
			loaded.filter((r) => r.type === type).reduce((n, r) => n + r.bytes, 0);
		return {
			path,
			html: sum('document'),
			htmlRaw: Buffer.byteLength(decoded(page)),
			htmlEncoding: page.encoding,
			css: sum('stylesheet'),
			js: sum('script'),
			img: sum('image'),
			total: loaded.reduce((n, r) => n + r.bytes, 0),
			requests: loaded.length
		};
	}
	const line = (r: Row, extra = '') => {
		const enc = r.htmlEncoding === 'identity' ? '-' : r.htmlEncoding;
		return `${kb(r.html)} ${enc.padEnd(4)} ${kb(r.htmlRaw)}   ${kb(r.css)} ${kb(r.js)} ${kb(r.img)}  ${kb(r.total)}  ${String(r.requests).padStart(8)}  ${r.path}${extra}`;
	};
	const header = '  HTML enc  HTML raw    CSS     JS   imgs     all  requests  page';

	console.log(`Cold page loads, production build, content: ${root}`);
	console.log(
		'KiB on the wire (Accept-Encoding: br, gzip); "HTML raw" is the page before compression.'
	);
	let over = 0;
	if (!values.lesson) {
		for (const kind of ['signed out', 'secretary', 'staff'] as const) {
			console.log(`\n${kind} pages (budget ${budgets[kind] / 1024} KiB):`);
			console.log(header);
			for (const p of pages.filter((p) => p.kind === kind)) {
				const r = await measure(
					p.path,
					p.kind === 'signed out' ? '' : cookies[p.who ?? 'bithu.dongchua']
				);
				const fits = r.total <= budgets[kind];
				if (!fits) over++;
				console.log(line(r, fits ? '' : '  OVER BUDGET'));
			}
		}
	}

	const rows: Row[] = [];
	for (const path of lessons) rows.push(await measure(path, cookies['bithu.dongchua']));
	console.log(`\nlessons (secretary, budget ${budgets.secretary / 1024} KiB):`);
	console.log(header);
	for (const r of rows) {
		const fits = r.total <= budgets.secretary;
		if (!fits) over++;
		console.log(line(r, fits ? '' : '  OVER BUDGET'));
	}
	const totals = rows.map((r) => r.total).sort((a, b) => a - b);
	const median = totals[Math.floor(totals.length / 2)];
	console.log(
		`${rows.length} lessons, transferred: min ${kb(totals[0]).trim()} KiB, ` +
			`median ${kb(median).trim()} KiB, max ${kb(totals[totals.length - 1]).trim()} KiB.`
	);
	console.log(`After load, once: the service worker ${kb(swBytes).trim()} KiB (brotli).`);
	console.log(over === 0 ? 'Every page is within its budget.' : `${over} page(s) over budget.`);
} finally {
	stop();
}
