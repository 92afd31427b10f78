// What the benchmarks share: seeding candidates, running the production entry, signing in and
// starting the bench module's quiz over HTTP, as a browser would.
import { spawn, type ChildProcess } from 'node:child_process';
import type { Db } from '../src/lib/server/db/client';
import { users } from '../src/lib/server/db/schema';
import { hashPassword } from '../src/lib/server/auth/password';
import { pool, type Reply, type client } from './http';

export type Candidate = { username: string; cookie: string; attemptId: string };
type Http = ReturnType<typeof client>;

export const log = (...parts: unknown[]) =>
	console.log(`[${new Date().toISOString().slice(11, 19)}]`, ...parts);

/** Users cand0 … cand<count-1> (one argon2id hash shared by all, to seed quickly). */
export async function seedUsers(db: Db, count: number, password: string) {
	const passwordHash = await hashPassword(password);
	for (let from = 0; from < count; from += 1000) {
		const batch = Array.from({ length: Math.min(1000, count - from) }, (_, i) => ({
			username: `cand${from + i}`,
			displayName: `Thí sinh ${from + i}`,
			passwordHash
		}));
		await db.insert(users).values(batch);
	}
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
