// npm run bench:crash -- [--candidates 500] [--connections 64] [--questions 30] [--pool 16]
//   [--port 4392] [--pg-port 5499] [--crash-after 3] [--pg-down 2] [--steady 3] [--kill-app on]
//   [--think 200] [--retry 250] [--synchronous-commit on]
//
// Durability of acknowledged quiz saves when the app is killed and PostgreSQL crashes under load:
// a private cluster, the production build, N candidates autosaving without pause. Mid-load the
// app gets `kill -9` and is started again; then PostgreSQL is stopped with `pg_ctl stop -m
// immediate` (no checkpoint: a crash) and started again while the app keeps running. At the end
// PostgreSQL crashes once more and every answer is read back: every save acknowledged with 200
// must be stored with at least that sequence number.
import { existsSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import postgres from 'postgres';
import { openDatabase } from '../src/lib/server/db/client';
import { migrateDatabase } from '../src/lib/server/db/migrate';
import { SAVE_TIMEOUT_MS } from '../src/lib/quiz/attempt-sync';
import { log, seedUsers, signIn, startAttempts, type Candidate } from './app';
import { autosaver } from './autosaver';
import { appProcess, STOP_LIMIT_MS } from './crash-app';
import { writeBenchContent } from './content';
import { client } from './http';
import { createCluster, type PrivateCluster } from './pg-cluster';
import { checkAcknowledged, printReport, writeReport } from './crash-report';

const { values: args } = parseArgs({
	options: {
		candidates: { type: 'string', default: '500' },
		connections: { type: 'string', default: '64' },
		questions: { type: 'string', default: '30' },
		pool: { type: 'string', default: '16' },
		port: { type: 'string', default: '4392' },
		'pg-port': { type: 'string', default: '5499' },
		'crash-after': { type: 'string', default: '3' },
		'pg-down': { type: 'string', default: '2' },
		steady: { type: 'string', default: '3' },
		'kill-app': { type: 'string', default: 'on' },
		think: { type: 'string', default: '200' },
		retry: { type: 'string', default: '250' },
		'synchronous-commit': { type: 'string', default: 'on' }
	}
});
const N = Number(args.candidates);
const C = Number(args.connections);
const QUESTIONS = Number(args.questions);
const PORT = Number(args.port);
const PASSWORD = 'bench passphrase 2026';
const MODULE = 'bench-m1';
const DATABASE = 'bench_crash';
/**
 * The defaults, written out: an acknowledged commit is on disk (WAL flushed) before the reply.
 * `--synchronous-commit off` is the control: the check must then find acknowledged saves missing.
 */
const DURABILITY = {
	fsync: 'on',
	synchronous_commit: args['synchronous-commit'] === 'off' ? 'off' : 'on',
	full_page_writes: 'on'
};
/** Longest we wait for the first acknowledged save after a restart before calling it a hang. */
const RECOVERY_LIMIT_MS = 60_000;

type Saver = ReturnType<typeof autosaver>;
type App = ReturnType<typeof appProcess>;
type Outage = {
	event: string;
	recoverySeconds: number | null;
	[detail: string]: string | number | boolean | null;
};

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const seconds = (ms: number) => Math.round(ms) / 1000;
const since = (at: number, from: number) => seconds(at - from);

let cluster: PrivateCluster | undefined;
let app: App | undefined;
process.on('exit', () => {
	app?.killNow();
	cluster?.remove();
});
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
	process.on(signal, () => {
		log(`${signal}: removing the private cluster`);
		process.exit(130);
	});
}

/** The bench database, migrated and seeded, and the settings it runs with. */
async function prepareDatabase(adminUrl: string) {
	const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
	await admin.unsafe(`create database ${DATABASE}`);
	await admin.end();
	const url = adminUrl.replace(/\/postgres$/, `/${DATABASE}`);
	const database = await openDatabase({ driver: 'postgres', url, max: 4 });
	await migrateDatabase(database);
	await seedUsers(database.db, N, PASSWORD);
	await database.close();
	const sql = postgres(url, { max: 1 });
	const [settings] = await sql<Record<string, string>[]>`
		select current_setting('fsync') as fsync,
			current_setting('synchronous_commit') as synchronous_commit,
			current_setting('full_page_writes') as full_page_writes, version() as version`;
	await sql.end();
	return { url, settings };
}

/** When the first 200 came at `from` or later, to any save or to one sent since; null on a hang. */
async function firstOk(saver: Saver, from: number, by: 'arrival' | 'sending') {
	let timer: ReturnType<typeof setTimeout> | undefined;
	const limit = new Promise<null>((resolve) => {
		timer = setTimeout(resolve, RECOVERY_LIMIT_MS, null);
	});
	const at = await Promise.race([saver.firstOkSince(from, by), limit]);
	clearTimeout(timer);
	return at;
}

/** Recovery after a restart at `restartAt`: the first 200, and the first to a save sent after. */
async function recovery(saver: Saver, restartAt: number, restarted: Promise<unknown>) {
	const first = firstOk(saver, restartAt, 'arrival');
	const fresh = firstOk(saver, restartAt, 'sending');
	await restarted;
	const readyAt = performance.now();
	const [ok, freshOk] = await Promise.all([first, fresh]);
	const after = (at: number | null, from: number) => (at === null ? null : since(at, from));
	return { readyAt, ok, after, seconds: after(ok, restartAt), fresh: after(freshOk, restartAt) };
}

const recoveryLine = (r: Awaited<ReturnType<typeof recovery>>, what: string, from: number) =>
	r.ok === null
		? `FINDING: no save acknowledged within ${RECOVERY_LIMIT_MS / 1000} s of the ${what} restart`
		: `first 200 ${r.seconds} s after the ${what} restart (${r.after(r.ok, from)} s after the outage began); to a save sent after the restart: ${r.fresh ?? 'none'} s`;

async function killApp(app: App, saver: Saver): Promise<Outage> {
	const killAt = performance.now();
	saver.setWindow('app killed');
	await app.kill();
	log('app killed (kill -9)');
	const restartAt = performance.now();
	saver.setWindow('app restarting');
	const r = await recovery(saver, restartAt, app.launch());
	saver.setWindow('steady');
	log(`app listening ${since(r.readyAt, restartAt)} s after the restart`);
	log(recoveryLine(r, 'app', killAt));
	return {
		event: 'kill -9 of the app, then node scripts/start.js',
		recoverySeconds: r.seconds,
		recoveryForSavesSentAfterSeconds: r.fresh,
		fromKillSeconds: r.after(r.ok, killAt),
		appStartSeconds: since(r.readyAt, restartAt)
	};
}

async function crashPostgres(cluster: PrivateCluster, app: App, saver: Saver): Promise<Outage> {
	const before = app.current();
	const crashAt = performance.now();
	saver.setWindow('postgres crashed');
	await cluster.crash();
	log('PostgreSQL crashed (pg_ctl stop -m immediate)');
	await sleep(Number(args['pg-down']) * 1000);
	const restartAt = performance.now();
	saver.setWindow('postgres restarting');
	const r = await recovery(saver, restartAt, cluster.start());
	saver.setWindow('steady');
	const survived = app.current() === before && app.alive();
	log(`PostgreSQL accepting connections ${since(r.readyAt, restartAt)} s after pg_ctl start`);
	// Issue 15's goal: within 1 s of PostgreSQL accepting connections (the app's reconnect backoff).
	log(`first 200 ${r.after(r.ok, r.readyAt) ?? 'none'} s after PostgreSQL accepted connections`);
	log(recoveryLine(r, 'PostgreSQL', crashAt));
	log(
		survived
			? 'the app process survived the database crash (no restart)'
			: 'FINDING: the app process did not survive the database crash'
	);
	return {
		event: 'pg_ctl stop -m immediate, then pg_ctl start',
		recoverySeconds: r.seconds,
		recoveryForSavesSentAfterSeconds: r.fresh,
		fromCrashSeconds: r.after(r.ok, crashAt),
		downSeconds: since(restartAt, crashAt),
		postgresReadySeconds: since(r.readyAt, restartAt),
		firstAckAfterReadySeconds: r.after(r.ok, r.readyAt),
		appSurvived: survived
	};
}

async function main() {
	if (!existsSync('build/handler.js')) {
		console.error('No production build: run "npm run build" first.');
		process.exit(1);
	}
	log(
		`bench:crash — ${N} candidates, ${QUESTIONS} questions, ${C} connections, ${availableParallelism()} CPUs`
	);
	cluster = await createCluster(Number(args['pg-port']), DURABILITY);
	const { url, settings } = await prepareDatabase(cluster.url);
	log(
		`private cluster ${cluster.dir} on port ${args['pg-port']} (${cluster.bin}): ${settings.version.split(',')[0]};`,
		`fsync=${settings.fsync}, synchronous_commit=${settings.synchronous_commit}, full_page_writes=${settings.full_page_writes}`
	);
	const contentDir = 'bench-results/crash-content';
	writeBenchContent(contentDir, MODULE, QUESTIONS);

	const origin = `http://localhost:${PORT}`;
	let runStart = performance.now();
	app = appProcess(
		{
			DATABASE_URL: url,
			DATABASE_POOL_SIZE: args.pool!,
			PORT: String(PORT),
			HOST: '127.0.0.1',
			ORIGIN: origin,
			SEED_DEMO: '0',
			CONTENT_DIR: contentDir,
			LOG_LEVEL: 'warn',
			NODE_ENV: 'production'
		},
		() => performance.now() - runStart
	);
	await app.launch();
	const http = client(origin, C);
	const candidates: Candidate[] = Array.from({ length: N }, (_, i) => ({
		username: `cand${i}`,
		cookie: '',
		attemptId: ''
	}));
	const signedIn = await signIn(http, origin, candidates, C, PASSWORD);
	const started = await startAttempts(http, origin, candidates, C, MODULE);
	if (signedIn.errors + started.errors > 0) {
		throw new Error(`sign in / start failed: ${signedIn.errors} / ${started.errors} errors`);
	}
	log(`${N} candidates signed in, attempts started`);

	const saver = autosaver(http, origin, candidates, {
		questions: QUESTIONS,
		thinkMs: Number(args.think),
		retryMs: Number(args.retry),
		// As the attempt page: a save with no reply by then is shown as "not saved yet" and sent again.
		timeoutMs: SAVE_TIMEOUT_MS
	});
	const outages: Outage[] = [];
	runStart = performance.now();
	saver.start();
	log(`autosaving: a change every ${args.think} ms per candidate (retry after ${args.retry} ms)`);
	const steady = () => sleep(Number(args.steady) * 1000);
	await sleep(Number(args['crash-after']) * 1000);
	if (args['kill-app'] !== 'off') {
		outages.push(await killApp(app, saver));
		await steady();
	}
	outages.push(await crashPostgres(cluster, app, saver));
	if (!app.alive()) await app.launch();
	await steady();

	const unsent = await saver.drain(30_000);
	const loadSeconds = since(performance.now(), runStart);
	http.close();
	// As a deploy stops it: the app that lived through the database crash must still shut down.
	const appExitSeconds = await app.stop();
	log(
		appExitSeconds === null
			? `FINDING: the app did not exit within ${STOP_LIMIT_MS / 1000} s of SIGTERM (killed)`
			: `the app exited ${appExitSeconds} s after SIGTERM`
	);
	// Every acknowledgement goes through one more crash before it is checked.
	await cluster.crash();
	await cluster.start();
	log(`load stopped after ${loadSeconds} s; PostgreSQL crashed and restarted once more`);
	const check = await checkAcknowledged(url, candidates, saver.acked);

	const report = {
		candidates: N,
		connections: C,
		questions: QUESTIONS,
		cpus: availableParallelism(),
		postgres: settings,
		loadSeconds,
		requests: saver.counts.sent,
		requestsAcknowledged: saver.counts.ok,
		savesSent: saver.counts.savesSent,
		savesAcknowledged: saver.counts.savesAcknowledged,
		invalid: saver.counts.invalid,
		latency: saver.latency(),
		windows: saver.windows,
		outages,
		unexpectedAppExits: app.unexpectedExits,
		appExitSecondsAfterSigterm: appExitSeconds,
		unsentAfterDrain: unsent,
		...check,
		timeline: saver.timeline,
		loadAverage: loadavg().map((l) => Math.round(l * 10) / 10)
	};
	// What fails the run; saves left unanswered for a while are reported, not failed.
	const findings = [
		...(check.ackedMissing > 0 ? [`${check.ackedMissing} acknowledged saves missing`] : []),
		...app.unexpectedExits.map((e) => `the app exited by itself at ${e.atSeconds} s`),
		...outages.filter((o) => o.appSurvived === false).map(() => 'the app died with PostgreSQL'),
		...outages.filter((o) => o.recoverySeconds === null).map((o) => `no recovery: ${o.event}`),
		...(appExitSeconds === null ? ['the app did not exit on SIGTERM'] : []),
		...(unsent > 0 ? [`${unsent} queued saves never acknowledged`] : [])
	];
	const unanswered = Object.values(saver.windows).reduce((n, w) => n + w.timeout, 0);
	printReport(report);
	if (unanswered > 0) {
		log(
			`${unanswered} saves got no answer within ${SAVE_TIMEOUT_MS / 1000} s: the page says "not saved yet" then, keeps them queued and sends them again (none acknowledged later is counted)`
		);
	}
	log(findings.length ? `FINDINGS: ${findings.join('; ')}` : 'no findings');
	writeReport({ ...report, unanswered, findings });
	if (findings.length > 0) process.exitCode = 1;
}

try {
	await main();
} catch (e) {
	console.error(e);
	if (cluster) console.error(`PostgreSQL log (tail):\n${cluster.log()}`);
	process.exitCode = 1;
}
