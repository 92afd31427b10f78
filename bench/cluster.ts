// npm run bench:cluster -- [--instances 3] [--candidates 600] [--connections 64] [--port 4600]
//   [--nginx-port 4690] [--pg-port 5460]
//
// Several app instances behind nginx on one PostgreSQL, as deploy/ sets them up: a private
// PostgreSQL cluster (as bench:crash makes it), `--instances` production servers
// (`node scripts/start.js`, the built app) and nginx with deploy/nginx-bi-thu-gioi.conf (its
// upstream pointed at the instances, plain HTTP on 127.0.0.1 instead of TLS). nginx must be
// installed (the bench installs nothing): `sudo apt-get install -y nginx`.
//
// It proves, with figures: a session made on one instance is valid on all; failed sign-ins are
// counted across instances (per account, and per address through nginx with a forged
// X-Forwarded-For); the live monitor shows the same counts on every instance within 2 s; kill -9
// of one instance mid-round loses no acknowledged answer (nginx passes saves on to another
// instance) and the round goes on; throughput of saves and of attempt pages with 1, 2, 3
// instances, with CPU per request of each process; the sweeper finishes each overdue attempt
// exactly once across the instances.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import {
	chmodSync,
	existsSync,
	mkdirSync,
	mkdtempSync,
	readFileSync,
	readdirSync,
	rmSync,
	writeFileSync
} from 'node:fs';
import http from 'node:http';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { eq, sql } from 'drizzle-orm';
import { generateSessionToken, hashToken } from '../src/lib/server/auth/token';
import { SESSION_ABSOLUTE_MS, SESSION_IDLE_MS } from '../src/lib/server/auth/session';
import { contestRounds, sessions } from '../src/lib/server/db/schema';
import { insertRegistrations } from '../src/lib/server/contests/registration';
import { contestWorld } from '../src/lib/server/contests/testing/fixtures';
import {
	databaseUrl,
	form,
	formHeaders,
	freshDatabase,
	log,
	phase,
	saveOrder,
	seedUsers,
	startProcess,
	type Candidate,
	type Phase
} from './app';
import { autosaver } from './autosaver';
import { checkAcknowledged } from './crash-report';
import { client, pool } from './http';
import { createCluster, type PrivateCluster } from './pg-cluster';

const { values: args } = parseArgs({
	options: {
		instances: { type: 'string', default: '3' },
		candidates: { type: 'string', default: '600' },
		connections: { type: 'string', default: '64' },
		answers: { type: 'string', default: '30' },
		pool: { type: 'string', default: '16' },
		port: { type: 'string', default: '4600' },
		'nginx-port': { type: 'string', default: '4690' },
		'pg-port': { type: 'string', default: '5460' }
	}
});
const INSTANCES = Number(args.instances);
const N = Number(args.candidates);
const C = Number(args.connections);
const ANSWERS = Number(args.answers);
const POOL = Number(args.pool);
const BASE_PORT = Number(args.port);
const NGINX_PORT = Number(args['nginx-port']);
const PASSWORD = 'bench passphrase 2026';
const ORIGIN = `http://localhost:${NGINX_PORT}`;
const GRACE_SECONDS = 2;
const SWEEP_SECONDS = 1;
const MONITOR_LIMIT_MS = 2000;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const portOf = (i: number) => BASE_PORT + 1 + i;

/** Where nginx is, or null (then the bench says how to install it and stops). */
function findNginx() {
	// BENCH_NGINX: another nginx binary (a missing path shows what happens without nginx).
	const chosen = process.env.BENCH_NGINX;
	if (chosen) return existsSync(chosen) ? chosen : null;
	for (const path of ['/usr/sbin/nginx', '/usr/local/sbin/nginx', '/usr/bin/nginx']) {
		if (existsSync(path)) return path;
	}
	const which = spawnSync('sh', ['-c', 'command -v nginx'], { encoding: 'utf8' });
	return which.status === 0 ? which.stdout.trim() : null;
}

/**
 * deploy/nginx-bi-thu-gioi.conf as shipped, with only what a bench on one machine must change:
 * no port-80 redirect, no TLS (plain HTTP on 127.0.0.1:<nginx-port>), the upstream's servers
 * being this bench's instances, and an access log of which instance answered each request.
 */
function nginxConfig(dir: string, ports: number[]) {
	let site = readFileSync('deploy/nginx-bi-thu-gioi.conf', 'utf8');
	const change = (what: RegExp, by: string, name: string) => {
		if (!what.test(site)) throw new Error(`deploy/nginx-bi-thu-gioi.conf: no ${name} found`);
		site = site.replace(what, by);
	};
	change(/^server \{\n\tlisten 80;[\s\S]*?\n\}\n/m, '', 'port-80 server');
	change(/^\tlisten 443 ssl http2;$/m, `\tlisten 127.0.0.1:${NGINX_PORT};`, 'listen 443');
	change(/^\tlisten \[::\]:443[^\n]*\n/m, '', 'IPv6 listen');
	change(/^\tssl_[^\n]*\n/gm, '', 'ssl_ lines');
	const servers = ports.map((p) => `\tserver 127.0.0.1:${p} max_fails=1 fail_timeout=5s;\n`);
	change(
		/^\tserver 127\.0\.0\.1:\d+[^\n]*\n(\tserver 127\.0\.0\.1:\d+[^\n]*\n)*/m,
		servers.join(''),
		'upstream servers'
	);
	return [
		'worker_processes 2;',
		`pid ${dir}/nginx.pid;`,
		`error_log ${dir}/error.log warn;`,
		'events { worker_connections 4096; }',
		'http {',
		`\tclient_body_temp_path ${dir}/client_body;`,
		`\tproxy_temp_path ${dir}/proxy;`,
		`\tfastcgi_temp_path ${dir}/fastcgi;`,
		`\tuwsgi_temp_path ${dir}/uwsgi;`,
		`\tscgi_temp_path ${dir}/scgi;`,
		"\tlog_format bench '$status|$request_method|$uri|$upstream_addr|$upstream_status';",
		`\taccess_log ${dir}/access.log bench buffer=256k flush=1s;`,
		site,
		'}',
		''
	].join('\n');
}

type Nginx = { proc: ChildProcess; dir: string; use(ports: number[]): Promise<void> };

async function startNginx(bin: string, ports: number[]): Promise<Nginx> {
	const dir = mkdtempSync(join(tmpdir(), 'bt-cluster-nginx-'));
	chmodSync(dir, 0o755);
	const conf = join(dir, 'nginx.conf');
	writeFileSync(conf, nginxConfig(dir, ports));
	const test = spawnSync(bin, ['-t', '-p', dir, '-c', conf], { encoding: 'utf8' });
	if (test.status !== 0) throw new Error(`nginx -t failed:\n${test.stderr}`);
	const proc = spawn(bin, ['-p', dir, '-c', conf, '-g', 'daemon off;'], { stdio: 'inherit' });
	for (let i = 0; i < 50 && !existsSync(join(dir, 'nginx.pid')); i++) await sleep(100);
	return {
		proc,
		dir,
		/** Points the upstream at these instances: `nginx -s reload` (old workers finish their requests). */
		async use(ports) {
			writeFileSync(conf, nginxConfig(dir, ports));
			proc.kill('SIGHUP');
			await sleep(1500);
		}
	};
}

/** Access-log lines since the last call: which instance(s) answered each request. */
function accessLog(dir: string) {
	let seen = 0;
	return async () => {
		await sleep(1200); // the log buffer is flushed every second
		const lines = readFileSync(join(dir, 'access.log'), 'utf8').split('\n').filter(Boolean);
		const fresh = lines.slice(seen);
		seen = lines.length;
		return fresh.map((l) => {
			const [status, method, uri, upstream, upstreamStatus] = l.split('|');
			return { status: Number(status), method, uri, upstream, upstreamStatus };
		});
	};
}

type Instance = { port: number; proc: ChildProcess; finished: Map<string, number> };

/** One app instance; its JSON log is read for the sweeper's `quiz.attempt_finished` lines. */
async function startInstance(port: number, url: string, finishedBy: Map<string, number[]>) {
	const proc = await startProcess('node', ['scripts/start.js'], {
		DATABASE_URL: url,
		DATABASE_POOL_SIZE: String(POOL),
		PORT: String(port),
		HOST: '127.0.0.1',
		ORIGIN,
		ADDRESS_HEADER: 'X-Forwarded-For',
		XFF_DEPTH: '1',
		SEED_DEMO: '0',
		LOG_LEVEL: 'info',
		NODE_ENV: 'production',
		QUIZ_GRACE_SECONDS: String(GRACE_SECONDS),
		QUIZ_SWEEP_SECONDS: String(SWEEP_SECONDS)
	});
	let rest = '';
	proc.stdout!.on('data', (d: Buffer) => {
		const lines = (rest + d.toString()).split('\n');
		rest = lines.pop() ?? '';
		for (const line of lines) {
			if (!line.includes('quiz.attempt_finished')) continue;
			try {
				const entry = JSON.parse(line) as { attemptId: string; reason: string };
				if (entry.reason !== 'deadline') continue;
				const by = finishedBy.get(entry.attemptId) ?? [];
				by.push(port);
				finishedBy.set(entry.attemptId, by);
			} catch {
				// not a JSON line
			}
		}
	});
	return { port, proc, finished: new Map() } satisfies Instance;
}

const killHard = (proc: ChildProcess) =>
	new Promise<void>((resolve) => {
		if (proc.exitCode !== null || proc.signalCode !== null) return resolve();
		proc.removeAllListeners('exit');
		proc.once('exit', () => resolve());
		proc.kill('SIGKILL');
	});

const stopGently = (proc: ChildProcess) =>
	new Promise<void>((resolve) => {
		if (proc.exitCode !== null || proc.signalCode !== null) return resolve();
		proc.removeAllListeners('exit');
		const timer = setTimeout(() => proc.kill('SIGKILL'), 40_000);
		proc.once('exit', () => (clearTimeout(timer), resolve()));
		proc.kill('SIGTERM');
	});

/** CPU seconds (user + system) of these processes and, with `children`, of their children. */
function cpuSeconds(pids: number[], children = false) {
	const tick = 100; // USER_HZ on Linux
	const all = new Map<number, { ppid: number; cpu: number }>();
	for (const name of readdirSync('/proc')) {
		if (!/^\d+$/.test(name)) continue;
		try {
			const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
			const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
			all.set(Number(name), {
				ppid: Number(fields[1]),
				cpu: (Number(fields[11]) + Number(fields[12])) / tick
			});
		} catch {
			// exited meanwhile
		}
	}
	let total = 0;
	for (const [pid, p] of all) {
		if (pids.includes(pid) || (children && pids.includes(p.ppid))) total += p.cpu;
	}
	return total;
}

function postmasterPid(cluster: PrivateCluster) {
	return Number(readFileSync(join(cluster.dir, 'data', 'postmaster.pid'), 'utf8').split('\n')[0]);
}

/** CPU per component, to divide by the requests of a phase. */
function cpuMeter(instances: () => Instance[], nginx: Nginx, cluster: PrivateCluster) {
	const read = () => ({
		app: cpuSeconds(instances().map((i) => i.proc.pid!)),
		nginx: cpuSeconds([nginx.proc.pid!], true),
		postgres: cpuSeconds([postmasterPid(cluster)], true),
		bench: (process.cpuUsage().user + process.cpuUsage().system) / 1e6
	});
	return () => {
		const from = read();
		return (requests: number) => {
			const to = read();
			const per = (k: keyof typeof from) =>
				Math.round(((to[k] - from[k]) / Math.max(1, requests)) * 1e6);
			return {
				app: per('app'),
				nginx: per('nginx'),
				postgres: per('postgres'),
				bench: per('bench')
			};
		};
	};
}

/** The live monitor's Server-Sent Events on one instance: the latest totals and when they came. */
function watchMonitor(port: number, path: string, cookie: string) {
	const state = { totals: '', at: 0, events: 0, closed: false };
	let req: http.ClientRequest | null = null;
	const connect = () => {
		if (state.closed) return;
		req = http.get(
			{
				host: '127.0.0.1',
				port,
				path,
				headers: { cookie, 'x-forwarded-for': '198.51.100.30', accept: 'text/event-stream' }
			},
			(res) => {
				let buffer = '';
				res.on('data', (d: Buffer) => {
					buffer += d.toString();
					let end: number;
					while ((end = buffer.indexOf('\n\n')) >= 0) {
						const block = buffer.slice(0, end);
						buffer = buffer.slice(end + 2);
						const data = /^data: (.*)$/m.exec(block)?.[1];
						if (!/^event: snapshot$/m.test(block) || !data) continue;
						const totals = JSON.stringify((JSON.parse(data) as { totals: unknown }).totals);
						state.events++;
						if (totals !== state.totals) {
							state.totals = totals;
							state.at = performance.now();
						}
					}
				});
				res.on('end', () => setTimeout(connect, 200));
			}
		);
		req.on('error', () => setTimeout(connect, 500));
	};
	connect();
	return {
		state,
		close: () => {
			state.closed = true;
			req?.destroy();
		}
	};
}

let cluster: PrivateCluster | undefined;
let nginx: Nginx | undefined;
let instances: Instance[] = [];
let nginxDir = '';
process.on('exit', () => {
	for (const i of instances) i.proc.kill('SIGKILL');
	nginx?.proc.kill('SIGKILL');
	cluster?.remove();
	if (nginxDir) rmSync(nginxDir, { recursive: true, force: true });
});
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
	process.on(signal, () => process.exit(130));
}

async function main() {
	const nginxBin = findNginx();
	if (!nginxBin) {
		console.error(
			[
				'bench:cluster needs nginx, which is not installed on this machine.',
				'On Debian or Ubuntu: sudo apt-get install -y nginx',
				'(the bench starts its own nginx on its own port with its own configuration;',
				'the system service may be stopped: sudo systemctl disable --now nginx)'
			].join('\n')
		);
		process.exit(2);
	}
	if (!existsSync('build/handler.js')) {
		console.error('No production build: run "npm run build" first.');
		process.exit(1);
	}
	const report: Record<string, unknown> = {
		instances: INSTANCES,
		candidates: N,
		connections: C,
		answers: ANSWERS,
		pool: POOL,
		cpus: availableParallelism(),
		loadAverageAtStart: loadavg().map((l) => Math.round(l * 10) / 10)
	};
	const findings: string[] = [];
	log(
		`bench:cluster — ${INSTANCES} instances behind nginx, ${N} candidates, ${C} connections, ${availableParallelism()} CPUs, load ${report.loadAverageAtStart}`
	);
	cluster = await createCluster(Number(args['pg-port']), {
		fsync: 'on',
		synchronous_commit: 'on',
		max_connections: '200'
	});
	const { database, settings } = await freshDatabase(cluster.url, 'bench_cluster');
	const url = databaseUrl(cluster.url, 'bench_cluster');
	const db = database.db;
	log(`private cluster on port ${args['pg-port']}: ${settings.version.split(',')[0]}`);

	// An online round open now, N registered candidates signed in beforehand (sessions written as
	// `createSession` writes them), the organizer signed in for the live monitor.
	const world = await contestWorld(db, {
		bankSize: ANSWERS * 2,
		round: { questionCount: ANSWERS, durationSeconds: 3600, attemptsAllowed: 1 }
	});
	await db
		.update(contestRounds)
		.set({ opensAt: new Date(Date.now() - 60_000), closesAt: new Date(Date.now() + 7200_000) })
		.where(eq(contestRounds.id, world.roundId));
	const units = [world.province.tl1, world.province.tl2, world.province.hp1, world.province.hp2];
	const userIds = await seedUsers(db, N + 3, PASSWORD);
	const roundUsers = userIds.slice(3);
	for (let from = 0; from < N; from += 1000) {
		await insertRegistrations(db, {
			contestId: world.contestId,
			levelId: world.levelId,
			source: 'list',
			byUserId: world.organizer.id,
			candidates: roundUsers.slice(from, from + 1000).map((userId, i) => ({
				userId,
				personId: null,
				orgUnitId: units[(from + i) % units.length].id,
				position: 'secretary' as const
			}))
		});
	}
	const now = Date.now();
	const sessionFor = (userId: number) => {
		const token = generateSessionToken();
		return {
			cookie: `bt_session=${token}`,
			row: {
				id: hashToken(token),
				userId,
				createdAt: new Date(now),
				expiresAt: new Date(now + SESSION_IDLE_MS),
				absoluteExpiresAt: new Date(now + SESSION_ABSOLUTE_MS)
			}
		};
	};
	const candidates: Candidate[] = [];
	for (let from = 0; from < N; from += 1000) {
		const batch = roundUsers.slice(from, from + 1000).map((userId, i) => {
			const s = sessionFor(userId);
			candidates.push({ username: `cand${from + i + 3}`, cookie: s.cookie, attemptId: '' });
			return s.row;
		});
		await db.insert(sessions).values(batch);
	}
	const organizer = sessionFor(world.organizer.id);
	await db.insert(sessions).values(organizer.row);
	log(`seeded: round ${world.roundId}, ${N} candidates registered and signed in`);

	// The instances and nginx.
	const finishedBy = new Map<string, number[]>();
	const ports = Array.from({ length: INSTANCES }, (_, i) => portOf(i));
	let t0 = performance.now();
	instances = await Promise.all(ports.map((p) => startInstance(p, url, finishedBy)));
	log(
		`${INSTANCES} instances listening on ${ports.join(', ')} after ${((performance.now() - t0) / 1000).toFixed(1)} s`
	);
	nginx = await startNginx(nginxBin, ports);
	nginxDir = nginx.dir;
	const newLog = accessLog(nginx.dir);
	log(
		`nginx ${nginxBin} on ${NGINX_PORT} with deploy/nginx-bi-thu-gioi.conf (upstream: ${ports.length} instances)`
	);
	const viaNginx = client(ORIGIN, C);
	const direct = ports.map((p) => client(`http://127.0.0.1:${p}`, 8));
	const cpu = cpuMeter(() => instances, nginx, cluster);

	// 1. A session made on one instance is valid on every instance.
	const xff = (address: string) => ({ 'x-forwarded-for': address });
	const login = (
		target: ReturnType<typeof client>,
		username: string,
		password: string,
		from?: string
	) =>
		target.request('POST', '/login', {
			headers: { ...formHeaders(ORIGIN), ...(from ? xff(from) : {}) },
			body: form({ username, password })
		});
	const made = await login(direct[0], 'cand0', PASSWORD, '198.51.100.20');
	const cookie = (made.headers['set-cookie'] ?? [])
		.map((c) => c.split(';')[0])
		.find((c) => c.startsWith('bt_session='));
	const sessionChecks: Record<string, number> = {};
	for (const [i, target] of [...direct.entries(), [-1, viaNginx] as const]) {
		const r = await target.request('GET', '/account', {
			headers: { cookie: cookie ?? '', ...xff('198.51.100.20') }
		});
		sessionChecks[i === -1 ? 'nginx' : `:${ports[i]}`] = r.status;
	}
	report.session = { loginStatus: made.status, accountPage: sessionChecks };
	const sessionOk = made.status === 303 && Object.values(sessionChecks).every((s) => s === 200);
	log(
		`session: signed in on :${ports[0]} (${made.status}); /account with that cookie:`,
		Object.entries(sessionChecks)
			.map(([k, v]) => `${k} ${v}`)
			.join(', '),
		sessionOk ? '— valid everywhere' : '— FINDING'
	);
	if (!sessionOk) findings.push('a session made on one instance is not valid on all');

	// 2a. Per account: 10 wrong passwords spread over the instances, then the right one.
	const perInstance = ports.map(() => 0);
	for (let k = 0; k < 10; k++) {
		const r = await login(direct[k % INSTANCES], 'cand1', 'wrong password', '198.51.100.40');
		if (r.status === 400) perInstance[k % INSTANCES]++;
	}
	const afterAcct = await login(direct[10 % INSTANCES], 'cand1', PASSWORD, '198.51.100.40');
	// 2b. Per address, through nginx: 30 failures on other accounts, each with a forged
	// X-Forwarded-For (nginx appends the real address, which the app takes); then the right one.
	let forgedFailures = 0;
	for (let k = 0; k < 30; k++) {
		const r = await viaNginx.request('POST', '/login', {
			headers: { ...formHeaders(ORIGIN), 'x-forwarded-for': `203.0.113.${k + 1}` },
			body: form({ username: `nobody${k}`, password: 'wrong password' })
		});
		if (r.status === 400) forgedFailures++;
	}
	const afterIp = await viaNginx.request('POST', '/login', {
		headers: { ...formHeaders(ORIGIN), 'x-forwarded-for': '203.0.113.99' },
		body: form({ username: 'cand2', password: PASSWORD })
	});
	const ipSpread = new Map<string, number>();
	for (const l of (await newLog()).filter((l) => l.uri === '/login')) {
		ipSpread.set(l.upstream, (ipSpread.get(l.upstream) ?? 0) + 1);
	}
	report.throttle = {
		account: { failuresPerInstance: perInstance, thenRightPassword: afterAcct.status },
		address: {
			forgedFailures,
			spread: Object.fromEntries(ipSpread),
			thenRightPassword: afterIp.status
		}
	};
	log(
		`throttle per account: 10 failures (${perInstance.join('/')} on the ${INSTANCES} instances), then the right password on :${ports[10 % INSTANCES]}: ${afterAcct.status}`,
		afterAcct.status === 429 ? '(refused: counted across instances)' : '— FINDING'
	);
	log(
		`throttle per address through nginx: ${forgedFailures} failures with forged X-Forwarded-For, answered by`,
		[...ipSpread].map(([k, v]) => `${k} ×${v}`).join(', '),
		`; then the right password: ${afterIp.status}`,
		afterIp.status === 429 ? '(refused)' : '— FINDING'
	);
	if (afterAcct.status !== 429) findings.push('account throttling not counted across instances');
	if (afterIp.status !== 429) findings.push('address throttling not counted across instances');

	// 3. The live monitor on every instance while the candidates start in five waves.
	const monitorPath = `/contests/manage/${world.contestId}/rounds/${world.roundId}/monitor/stream`;
	const monitors = ports.map((p) => watchMonitor(p, monitorPath, organizer.cookie));
	await sleep(1500);
	const startPath = `/contests/rounds/${world.roundId}?/start`;
	const waves = 5;
	const lags: number[][] = [];
	let startErrors = 0;
	const startLatencies: number[] = [];
	const startCpu = cpu();
	t0 = performance.now();
	for (let w = 0; w < waves; w++) {
		const wave = candidates.slice(Math.floor((w * N) / waves), Math.floor(((w + 1) * N) / waves));
		await pool(wave, C, async (cand) => {
			const r = await viaNginx
				.request('POST', startPath, { headers: formHeaders(ORIGIN, cand.cookie), body: '' })
				.catch(() => null);
			if (!r) return void startErrors++;
			startLatencies.push(r.ms);
			const id = /\/attempts\/([0-9a-f-]{36})/.exec(String(r.headers.location ?? ''))?.[1];
			if (r.status !== 303 || !id) return void startErrors++;
			cand.attemptId = id;
		});
		const doneAt = performance.now();
		const started = Math.floor(((w + 1) * N) / waves);
		const waveLags = await Promise.all(
			monitors.map(async (m) => {
				const limit = doneAt + 10_000;
				const shows = () =>
					(JSON.parse(m.state.totals || '{}') as { started?: number }).started === started;
				while (!shows() && performance.now() < limit) await sleep(20);
				return shows() ? Math.max(0, Math.round(m.state.at - doneAt)) : -1;
			})
		);
		lags.push(waveLags);
		log(
			`monitor: wave ${w + 1}, ${started} started; every instance showed it after ${waveLags.map((l) => (l < 0 ? 'NEVER' : `${l} ms`)).join(' / ')}`
		);
	}
	report.start = {
		...phase('start (through nginx, 5 waves)', t0, startLatencies, startErrors),
		cpuMicrosecondsPerRequest: startCpu(N)
	};
	const worstLag = Math.max(...lags.flat().map((l) => (l < 0 ? Infinity : l)));
	report.monitor = { lagsMsPerWave: lags, worstMs: worstLag, limitMs: MONITOR_LIMIT_MS };
	log(
		`monitor: the slowest instance showed new counts ${worstLag} ms after the wave's last start (limit ${MONITOR_LIMIT_MS} ms)`
	);
	if (!(worstLag <= MONITOR_LIMIT_MS)) findings.push(`monitor lag ${worstLag} ms`);
	if (startErrors > 0) findings.push(`${startErrors} starts failed`);

	// 4. kill -9 of one instance while everyone autosaves through nginx; it is started again.
	await newLog();
	const saver = autosaver(viaNginx, ORIGIN, candidates, {
		questions: ANSWERS,
		thinkMs: 200,
		retryMs: 250,
		timeoutMs: 5000
	});
	saver.start();
	await sleep(3000);
	const victim = instances[INSTANCES - 1];
	saver.setWindow('instance killed');
	await killHard(victim.proc);
	const killedAt = performance.now();
	log(`kill -9 of the instance on :${victim.port} while ${N} candidates autosave`);
	await sleep(5000);
	saver.setWindow('instance restarting');
	const restarted = await startInstance(victim.port, url, finishedBy);
	instances[INSTANCES - 1] = restarted;
	log(
		`instance :${victim.port} started again ${((performance.now() - killedAt) / 1000).toFixed(1)} s after the kill`
	);
	saver.setWindow('steady after');
	await sleep(3000);
	const unsent = await saver.drain(30_000);
	const check = await checkAcknowledged(url, candidates, saver.acked);
	const killLog = (await newLog()).filter((l) => l.uri.endsWith('/answers'));
	const passedOn = killLog.filter((l) => l.upstream.includes(','));
	const badGateway = killLog.filter((l) => l.status >= 500).length;
	// What nginx saw of the dead instance: requests cut mid-way and connections refused.
	const errorLog = readFileSync(join(nginx.dir, 'error.log'), 'utf8');
	const cut = (errorLog.match(/prematurely closed|reset by peer/g) ?? []).length;
	const refused = (errorLog.match(/Connection refused/g) ?? []).length;
	log(
		`kill -9: nginx error log: ${cut} requests cut mid-way by the kill, ${refused} connections refused while it was down`
	);
	report.kill = {
		nginxCutMidRequest: cut,
		nginxConnectionRefused: refused,
		requests: saver.counts.sent,
		acknowledged: saver.counts.ok,
		windows: saver.windows,
		passedOnByNginx: passedOn.length,
		passedOnExamples: passedOn
			.slice(0, 3)
			.map((l) => `${l.status} via ${l.upstream} (${l.upstreamStatus})`),
		answered5xxByNginx: badGateway,
		unsentAfterDrain: unsent,
		...check
	};
	log(
		`kill -9: ${saver.counts.sent} save requests, ${saver.counts.ok} acknowledged; nginx passed ${passedOn.length} on to another instance`,
		`(e.g. ${passedOn[0]?.upstream ?? '—'}); 5xx seen by candidates ${badGateway}; queued never acknowledged ${unsent}`
	);
	log(
		`kill -9: ${check.ackedAnswers} acknowledged answers checked against the database, missing ${check.ackedMissing}`
	);
	for (const [name, w] of Object.entries(saver.windows)) {
		log(
			`  sent while ${name}: ok ${w.ok}, refused ${w.refused}, reset ${w.reset}, 5xx ${w['5xx']}, timeout ${w.timeout}, longest ok ${w.longestOkMs} ms`
		);
	}
	if (check.ackedMissing > 0) findings.push(`${check.ackedMissing} acknowledged answers lost`);
	if (unsent > 0) findings.push(`${unsent} saves never acknowledged`);

	// 5. Throughput with 1, 2, 3 instances: the same saves and attempt pages through nginx.
	const throughput: Record<string, unknown>[] = [];
	for (let n = 1; n <= INSTANCES; n++) {
		await nginx.use(ports.slice(0, n));
		await newLog();
		let errors = 0;
		let latencies: number[] = [];
		const seq = 1000 * n;
		const saveCpu = cpu();
		t0 = performance.now();
		await pool(saveOrder(N, ANSWERS), C, async ({ c, position }) => {
			const cand = candidates[c];
			const r = await viaNginx
				.request('POST', `/attempts/${cand.attemptId}/answers`, {
					headers: { 'content-type': 'application/json', origin: ORIGIN, cookie: cand.cookie },
					body: JSON.stringify({
						saves: [{ position, seq, selected: [(c + position) % 3], flagged: false }]
					})
				})
				.catch(() => null);
			if (!r) return void errors++;
			latencies.push(r.ms);
			if (r.status !== 200 || JSON.parse(r.body).results[0]?.status !== 'saved') errors++;
		});
		const save = {
			...phase(`${n} instance(s): autosave`, t0, latencies, errors),
			cpuMicrosecondsPerRequest: saveCpu(N * ANSWERS)
		};
		errors = 0;
		latencies = [];
		const pageCpu = cpu();
		const pages = [...candidates, ...candidates];
		t0 = performance.now();
		await pool(pages, C, async (cand) => {
			const r = await viaNginx
				.request('GET', `/attempts/${cand.attemptId}`, { headers: { cookie: cand.cookie } })
				.catch(() => null);
			if (!r) return void errors++;
			latencies.push(r.ms);
			if (r.status !== 200) errors++;
		});
		const page = {
			...phase(`${n} instance(s): attempt page`, t0, latencies, errors),
			cpuMicrosecondsPerRequest: pageCpu(pages.length)
		};
		const spread = new Map<string, number>();
		for (const l of await newLog()) spread.set(l.upstream, (spread.get(l.upstream) ?? 0) + 1);
		throughput.push({ instances: n, save, page, spread: Object.fromEntries(spread) });
		log(
			`  CPU µs per save: app ${save.cpuMicrosecondsPerRequest.app}, nginx ${save.cpuMicrosecondsPerRequest.nginx}, PostgreSQL ${save.cpuMicrosecondsPerRequest.postgres}, load generator ${save.cpuMicrosecondsPerRequest.bench}`
		);
		log(
			`  CPU µs per page: app ${page.cpuMicrosecondsPerRequest.app}, nginx ${page.cpuMicrosecondsPerRequest.nginx}, PostgreSQL ${page.cpuMicrosecondsPerRequest.postgres}, load generator ${page.cpuMicrosecondsPerRequest.bench}`
		);
		log(`  requests per instance: ${[...spread].map(([k, v]) => `${k} ${v}`).join(', ')}`);
		if (save.errors + page.errors > 0)
			findings.push(`${save.errors + page.errors} errors with ${n} instance(s)`);
	}
	report.throughput = throughput;

	// 6. The deadline passes for everyone; the sweepers of all instances finish the attempts.
	const deadline = Date.now() + 1000;
	await db.execute(
		sql`update attempts set deadline = ${new Date(deadline).toISOString()}::timestamptz
			where round_id = ${world.roundId} and status = 'in_progress'`
	);
	const sweepFrom = Date.now();
	let open = Infinity;
	while (open > 0 && Date.now() - sweepFrom < 120_000) {
		await sleep(250);
		const [row] = (await db.execute(
			sql`select count(*)::int as open from attempts where round_id = ${world.roundId} and status = 'in_progress'`
		)) as unknown as { open: number }[];
		open = row.open;
	}
	await sleep(2 * SWEEP_SECONDS * 1000); // any second finish would be logged by now
	const [done] = (await db.execute(
		sql`select count(*) filter (where status = 'finished' and finish_reason = 'deadline' and score is not null)::int as finished
			from attempts where round_id = ${world.roundId}`
	)) as unknown as { finished: number }[];
	const perPort = new Map<number, number>();
	let twice = 0;
	for (const by of finishedBy.values()) {
		if (by.length > 1) twice++;
		for (const p of by) perPort.set(p, (perPort.get(p) ?? 0) + 1);
	}
	report.sweeper = {
		attempts: N,
		finishedInDatabase: done.finished,
		finishLogLines: [...finishedBy.values()].reduce((s, by) => s + by.length, 0),
		distinctAttempts: finishedBy.size,
		finishedMoreThanOnce: twice,
		byInstance: Object.fromEntries(perPort),
		secondsAfterGrace:
			Math.round((Date.now() - 2 * SWEEP_SECONDS * 1000 - deadline - GRACE_SECONDS * 1000) / 100) /
			10
	};
	log(
		`sweeper: ${done.finished} of ${N} attempts finished at the deadline and scored; finish log lines ${(report.sweeper as { finishLogLines: number }).finishLogLines} for ${finishedBy.size} attempts, by instance`,
		[...perPort].map(([p, k]) => `:${p} ${k}`).join(', '),
		`; finished more than once: ${twice}`
	);
	if (twice > 0 || done.finished !== N || finishedBy.size !== N)
		findings.push('sweeper: not each attempt finished exactly once');

	for (const m of monitors) m.close();
	viaNginx.close();
	for (const d of direct) d.close();
	await Promise.all(instances.map((i) => stopGently(i.proc)));
	nginx.proc.kill('SIGQUIT');
	await database.close();

	report.loadAverageAtEnd = loadavg().map((l) => Math.round(l * 10) / 10);
	report.findings = findings;
	log(
		'throughput through nginx (same machine, 2 cores shared by nginx, the instances, PostgreSQL and the load generator):'
	);
	for (const t of throughput as { instances: number; save: Phase; page: Phase }[]) {
		log(
			`  ${t.instances} instance(s): saves ${t.save.perSecond}/s (p99 ${t.save.p99} ms), attempt pages ${t.page.perSecond}/s (p99 ${t.page.p99} ms)`
		);
	}
	log(`machine load average (1, 5, 15 min): ${report.loadAverageAtEnd}`);
	mkdirSync('bench-results', { recursive: true });
	const file = `bench-results/cluster-${new Date().toISOString().replace(/[:.]/g, '-')}.json`;
	writeFileSync(file, JSON.stringify(report, null, 2));
	log(`report written to ${file}`);
	log(findings.length ? `FINDINGS: ${findings.join('; ')}` : 'no findings');
	if (findings.length > 0) process.exitCode = 1;
}

try {
	await main();
} catch (e) {
	console.error(e);
	if (cluster) console.error(`PostgreSQL log (tail):\n${cluster.log()}`);
	process.exitCode = 1;
}
process.exit();
