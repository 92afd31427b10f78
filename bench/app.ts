// What the benchmarks share: seeding candidates, running the production entry, signing in and
// starting the bench module's quiz over HTTP, as a browser would.
import { spawn, type ChildProcess } from 'node:child_process';
import { sql } from 'drizzle-orm';
import postgres from 'postgres';
import { openDatabase, type Db } from '../src/lib/server/db/client';
import { migrateDatabase } from '../src/lib/server/db/migrate';
import { users } from '../src/lib/server/db/schema';
import { hashPassword } from '../src/lib/server/auth/password';
import { client as httpClient, pool, stats, type Reply, type Stats, type client } from './http';

export type Candidate = { username: string; cookie: string; attemptId: string };
type Http = ReturnType<typeof client>;

export const log = (...parts: unknown[]) =>
	console.log(`[${new Date().toISOString().slice(11, 19)}]`, ...parts);

/** Users cand0 … cand<count-1> (one argon2id hash shared by all, to seed quickly); their ids. */
export async function seedUsers(db: Db, count: number, password: string) {
	const passwordHash = await hashPassword(password);
	const ids: number[] = [];
	for (let from = 0; from < count; from += 1000) {
		const batch = Array.from({ length: Math.min(1000, count - from) }, (_, i) => ({
			username: `cand${from + i}`,
			displayName: `Thí sinh ${from + i}`,
			passwordHash
		}));
		const rows = await db.insert(users).values(batch).returning({ id: users.id });
		ids.push(...rows.map((r) => r.id));
	}
	return ids;
}

/** Starts a server and resolves once it says it listens; its output's tail is kept for errors. */
export function startProcess(
	command: string,
	argv: string[],
	env: Record<string, string>
): Promise<ChildProcess> {
	return new Promise((resolve, reject) => {
		const proc = spawn(command, argv, {
			env: { ...process.env, ...env },
			stdio: ['ignore', 'pipe', 'pipe']
		});
		let output = '';
		const keep = (d: Buffer) => (output = (output + d.toString()).slice(-16_000));
		proc.stdout!.on('data', (d: Buffer) => {
			keep(d);
			if (/Listening on|READY/.test(output)) resolve(proc);
		});
		proc.stderr!.on('data', keep);
		proc.on('exit', (code) => reject(new Error(`${command} exited (${code}):\n${output}`)));
	});
}

export const stop = (proc: ChildProcess) =>
	new Promise<void>((resolve) => {
		if (proc.exitCode !== null || proc.signalCode !== null) return resolve();
		proc.removeAllListeners('exit');
		proc.once('exit', () => resolve());
		proc.kill('SIGTERM');
	});

export function cookieFrom(reply: Reply): string {
	const set = reply.headers['set-cookie'] ?? [];
	const session = set.map((c) => c.split(';')[0]).find((c) => c.startsWith('bt_session='));
	if (!session) throw new Error(`no session cookie (status ${reply.status})`);
	return session;
}

export const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();

/**
 * How a form is posted: `enhanced` as the pages' scripts post it (the lobby's `use:enhance`, the
 * attempt page's final submit: `Accept: application/json`, answered with JSON, in production in
 * front of SvelteKit), `plain` as a browser without JavaScript does (answered by SvelteKit).
 */
export type FormMode = 'enhanced' | 'plain';

const BOUNDARY = '----bench-form';
/** A multipart body, as `fetch` sends a `FormData` (the attempt page's submit). */
export const multipart = (fields: Record<string, string>) =>
	Object.entries(fields)
		.map(([k, v]) => `--${BOUNDARY}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`)
		.join('') + `--${BOUNDARY}--\r\n`;

/** The headers of an enhanced post of `body` (`multipart` or URL-encoded). */
export const enhancedHeaders = (
	origin: string,
	cookie: string,
	body: string,
	isMultipart: boolean
) => ({
	'content-type': isMultipart
		? `multipart/form-data; boundary=${BOUNDARY}`
		: 'application/x-www-form-urlencoded',
	'content-length': String(Buffer.byteLength(body)),
	accept: 'application/json',
	'x-sveltekit-action': 'true',
	origin,
	cookie
});

/** Where an action's answer sends the browser: the 303 of a plain post, the JSON of an enhanced one. */
export function actionLocation(reply: Reply): string | null {
	if (reply.status === 303) return String(reply.headers.location ?? '');
	if (reply.status !== 200) return null;
	try {
		const body = JSON.parse(reply.body) as { type?: string; location?: string };
		return body.type === 'redirect' ? (body.location ?? null) : null;
	} catch {
		return null;
	}
}
export const formHeaders = (origin: string, cookie?: string) => ({
	'content-type': 'application/x-www-form-urlencoded',
	accept: 'text/html',
	origin,
	...(cookie ? { cookie } : {})
});

/** Real logins (argon2id on each: CPU-bound by design); sets each candidate's cookie. */
export async function signIn(
	http: Http,
	origin: string,
	candidates: Candidate[],
	connections: number,
	password: string
) {
	let errors = 0;
	const latencies: number[] = [];
	await pool(candidates, connections, async (cand) => {
		const r = await http.request('POST', '/login', {
			headers: formHeaders(origin),
			body: form({ username: cand.username, password })
		});
		latencies.push(r.ms);
		if (r.status !== 303) return void errors++;
		cand.cookie = cookieFrom(r);
	});
	return { latencies, errors };
}

/**
 * Starts the module's quiz (the POST alone: what a synchronized start costs), then, unless
 * `openPage` is false, opens each attempt page as a second pass; sets each candidate's attempt id.
 */
export async function startAttempts(
	http: Http,
	origin: string,
	candidates: Candidate[],
	connections: number,
	moduleId: string,
	options: { openPage?: boolean } = {}
) {
	let errors = 0;
	const latencies: number[] = [];
	await pool(candidates, connections, async (cand) => {
		const r = await http.request('POST', `/learn/${moduleId}/quiz?/start`, {
			headers: formHeaders(origin, cand.cookie),
			body: ''
		});
		latencies.push(r.ms);
		const id = /\/attempts\/([0-9a-f-]{36})/.exec(String(r.headers.location ?? ''))?.[1];
		if (r.status !== 303 || !id) return void errors++;
		cand.attemptId = id;
	});
	const opened =
		options.openPage === false
			? { latencies: [], errors: 0 }
			: await openAttemptPages(http, candidates, connections);
	return { latencies, errors, pageLatencies: opened.latencies, pageErrors: opened.errors };
}

/** Opens each candidate's attempt page (server-rendered), as the browser does after a start. */
export async function openAttemptPages(http: Http, candidates: Candidate[], connections: number) {
	let errors = 0;
	const latencies: number[] = [];
	await pool(
		candidates.filter((c) => c.attemptId),
		connections,
		async (cand) => {
			const r = await http.request('GET', `/attempts/${cand.attemptId}`, {
				headers: { cookie: cand.cookie }
			});
			latencies.push(r.ms);
			if (r.status !== 200) errors++;
		}
	);
	return { latencies, errors };
}

/** Every candidate submits their attempt page's form at once (the deadline storm), timed. */
export async function submitStorm(
	http: Http,
	candidates: Candidate[],
	connections: number,
	origin: string,
	name: string,
	mode: FormMode = 'enhanced'
): Promise<Phase> {
	let errors = 0;
	const latencies: number[] = [];
	const started = performance.now();
	const fields = { confirmed: '1' };
	await pool(candidates, connections, async (cand) => {
		const body = mode === 'enhanced' ? multipart(fields) : form(fields);
		const r = await http
			.request('POST', `/attempts/${cand.attemptId}?/submit`, {
				headers:
					mode === 'enhanced'
						? enhancedHeaders(origin, cand.cookie, body, true)
						: formHeaders(origin, cand.cookie),
				body
			})
			.catch(() => null);
		if (!r) return void errors++;
		latencies.push(r.ms);
		if (!actionLocation(r)?.endsWith('/result')) errors++;
	});
	return phase(name, started, latencies, errors);
}

/** `name` on the server at `adminUrl`, as a URL. */
export function databaseUrl(adminUrl: string, name: string) {
	const url = new URL(adminUrl);
	url.pathname = `/${name}`;
	return url.toString();
}

/** Drops and creates the bench's own database, migrates it, and reads the durability settings. */
export async function freshDatabase(adminUrl: string, name: string) {
	const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
	if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error('--database must be a plain identifier');
	await admin.unsafe(`drop database if exists ${name} with (force)`);
	await admin.unsafe(`create database ${name}`);
	await admin.end();
	const database = await openDatabase({
		driver: 'postgres',
		url: databaseUrl(adminUrl, name),
		max: 4
	});
	await migrateDatabase(database);
	const settings = await database.db.execute(
		sql`select current_setting('synchronous_commit') as synchronous_commit, current_setting('fsync') as fsync, version() as version`
	);
	return { database, settings: (settings as unknown as Record<string, string>[])[0] };
}

export type Phase = Stats & { seconds: number; perSecond: number; errors: number };

/** Logs and returns a phase's throughput and latency percentiles. */
export function phase(name: string, started: number, latencies: number[], errors: number): Phase {
	const seconds = (performance.now() - started) / 1000;
	const s = stats(latencies);
	log(
		`${name}: ${s.count} in ${seconds.toFixed(1)} s = ${(s.count / seconds).toFixed(0)}/s;`,
		`p50 ${s.p50} ms, p95 ${s.p95} ms, p99 ${s.p99} ms, max ${s.max} ms; errors ${errors}`
	);
	return {
		...s,
		seconds: Math.round(seconds * 10) / 10,
		perSecond: Math.round(s.count / seconds),
		errors
	};
}

/** Each candidate's answers, in the order they give them: answer k of everyone, then k + 1. */
export function saveOrder(count: number, answers: number) {
	const order: { c: number; position: number }[] = [];
	for (let position = 1; position <= answers; position++) {
		for (let c = 0; c < count; c++) order.push({ c, position });
	}
	return order;
}

/**
 * The ceiling: the same saves (sequence number `seq`, newer than the app's) against
 * `bare-server.js`, plain Node + postgres.js doing one upsert statement each and nothing else.
 */
export async function bareSaves(input: {
	port: number;
	url: string;
	pool: number;
	connections: number;
	candidates: Candidate[];
	answers: number;
	seq: number;
}) {
	const bare = await startProcess(
		'node',
		['bench/bare-server.js', String(input.port), input.url, String(input.pool)],
		{}
	);
	const bareHttp = httpClient(`http://127.0.0.1:${input.port}`, input.connections);
	try {
		let errors = 0;
		const latencies: number[] = [];
		const t0 = performance.now();
		await pool(
			saveOrder(input.candidates.length, input.answers),
			input.connections,
			async ({ c, position }) => {
				const r = await bareHttp
					.request('POST', '/save', {
						headers: { 'content-type': 'application/json' },
						body: JSON.stringify({
							attemptId: input.candidates[c].attemptId,
							position,
							seq: input.seq,
							selected: [(c + position + 1) % 2],
							flagged: false
						})
					})
					.catch(() => null);
				if (!r) return void errors++;
				latencies.push(r.ms);
				if (r.status !== 200 || JSON.parse(r.body).saved !== 1) errors++;
			}
		);
		return phase('bare upsert server', t0, latencies, errors);
	} finally {
		bareHttp.close();
		await stop(bare);
	}
}
