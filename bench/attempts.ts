// npm run bench:attempts -- [--candidates 2000] [--connections 64] [--answers 30] [--pool 16]
//   [--admin-url postgres://postgres@127.0.0.1:5432/postgres] [--database bench_attempts]
//   [--entry scripts/start.js]
//
// The attempt engine under a contest-day load, against a real PostgreSQL and the production build:
// N candidates sign in, start the quiz, autosave `answers` answers each, then all submit at once
// (the deadline storm). Then the same saves against a bare Node + postgres.js server doing only
// the upsert, as the physical ceiling. Prints throughput, latency percentiles, errors, and
// answers acknowledged vs answers stored (which must be equal).
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { sql } from 'drizzle-orm';
import {
	bareSaves,
	databaseUrl as dbUrl,
	freshDatabase,
	phase,
	saveOrder,
	log,
	seedUsers,
	signIn,
	startAttempts,
	openAttemptPages,
	startProcess,
	submitStorm,
	stop,
	type Candidate
} from './app';
import { writeBenchContent } from './content';
import { client, pool } from './http';

const { values: args } = parseArgs({
	options: {
		candidates: { type: 'string', default: '2000' },
		connections: { type: 'string', default: '64' },
		answers: { type: 'string', default: '30' },
		pool: { type: 'string', default: '16' },
		'admin-url': {
			type: 'string',
			default: process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres'
		},
		database: { type: 'string', default: 'bench_attempts' },
		port: { type: 'string', default: '4390' },
		entry: { type: 'string', default: 'scripts/start.js' },
		profile: { type: 'boolean', default: false }
	}
});
const N = Number(args.candidates);
const C = Number(args.connections);
const ANSWERS = Number(args.answers);
const POOL = Number(args.pool);
const APP_PORT = Number(args.port);
const BARE_PORT = APP_PORT + 1;
const PASSWORD = 'bench passphrase 2026';
const MODULE = 'bench-m1';

const databaseUrl = (name: string) => dbUrl(args['admin-url']!, name);

async function main() {
	if (!existsSync('build/handler.js')) {
		throw new Error('No production build: run "npm run build" first.');
	}
	log(
		`bench:attempts — ${N} candidates, ${ANSWERS} answers each, ${C} connections, pool ${POOL}, ${availableParallelism()} CPUs`
	);
	const { database, settings } = await freshDatabase(args['admin-url']!, args.database!);
	log(
		`PostgreSQL: ${settings.version.split(',')[0]}; synchronous_commit=${settings.synchronous_commit}, fsync=${settings.fsync}`
	);
	await seedUsers(database.db, N, PASSWORD);
	const contentDir = 'bench-results/content';
	writeBenchContent(contentDir, MODULE, ANSWERS);
	log(
		`seeded ${N} users; module ${MODULE} (${ANSWERS} of ${ANSWERS * 2} questions) in ${contentDir}`
	);

	const origin = `http://localhost:${APP_PORT}`;
	const profile = args.profile ? ['--cpu-prof', '--cpu-prof-dir=bench-results/profile'] : [];
	// The production entry (what `npm start` runs): SvelteKit behind the quiz autosave handler.
	// `--entry build/index.js` measures adapter-node's own server, where SvelteKit answers saves.
	const app = await startProcess('node', [...profile, args.entry!], {
		DATABASE_URL: databaseUrl(args.database!),
		DATABASE_POOL_SIZE: String(POOL),
		PORT: String(APP_PORT),
		HOST: '127.0.0.1',
		ORIGIN: origin,
		SEED_DEMO: '0',
		CONTENT_DIR: contentDir,
		LOG_LEVEL: 'warn',
		NODE_ENV: 'production'
	});
	const http = client(origin, C);
	const candidates: Candidate[] = Array.from({ length: N }, (_, i) => ({
		username: `cand${i}`,
		cookie: '',
		attemptId: ''
	}));
	const report: Record<string, unknown> = {
		candidates: N,
		connections: C,
		answers: ANSWERS,
		pool: POOL,
		cpus: availableParallelism(),
		postgres: settings
	};

	try {
		// Sign in (argon2id on every login: CPU-bound by design).
		let t0 = performance.now();
		const signedIn = await signIn(http, origin, candidates, C, PASSWORD);
		report.signIn = phase('sign in', t0, signedIn.latencies, signedIn.errors);

		// Start the quiz (the POST alone), then open the attempt pages.
		t0 = performance.now();
		const started = await startAttempts(http, origin, candidates, C, MODULE, {
			openPage: false
		});
		report.start = phase('start', t0, started.latencies, started.errors);
		t0 = performance.now();
		const pages = await openAttemptPages(http, candidates, C);
		report.attemptPage = phase('attempt page (SSR)', t0, pages.latencies, pages.errors);

		// The app's own cost: the same autosave requests without a session cookie go through the
		// cross-site check, body reading and validation, and are refused before any database work.
		// (The production entry answers them in front of SvelteKit; `node build/index.js` would
		// take them through SvelteKit's request handling and hooks.)
		let errors = 0;
		let latencies: number[] = [];
		t0 = performance.now();
		await pool(saveOrder(N, ANSWERS), C, async ({ c, position }) => {
			const r = await http
				.request('POST', `/attempts/${candidates[c].attemptId}/answers`, {
					headers: { 'content-type': 'application/json', origin },
					body: JSON.stringify({
						saves: [{ position, seq: 1, selected: [0], flagged: false }]
					})
				})
				.catch(() => null);
			if (!r) return void errors++;
			latencies.push(r.ms);
			if (r.status !== 401) errors++;
		});
		report.withoutDatabase = phase('same requests, no database (401)', t0, latencies, errors);

		// Autosave: every candidate answers every question once.
		errors = 0;
		latencies = [];
		let acknowledged = 0;
		const order = saveOrder(N, ANSWERS);
		t0 = performance.now();
		await pool(order, C, async ({ c, position }) => {
			const cand = candidates[c];
			const body = JSON.stringify({
				saves: [{ position, seq: 1, selected: [(c + position) % 2], flagged: false }]
			});
			const r = await http
				.request('POST', `/attempts/${cand.attemptId}/answers`, {
					headers: { 'content-type': 'application/json', origin, cookie: cand.cookie },
					body
				})
				.catch(() => null);
			if (!r) return void errors++;
			latencies.push(r.ms);
			if (r.status !== 200) return void errors++;
			const result = JSON.parse(r.body).results[0];
			if (result?.status === 'saved') acknowledged++;
			else errors++;
		});
		const saves = phase('autosave', t0, latencies, errors);
		report.save = saves;

		const [{ stored }] = (await database.db.execute(
			sql`select count(*)::int as stored from attempt_questions where seq > 0`
		)) as unknown as { stored: number }[];
		report.acknowledged = acknowledged;
		report.stored = stored;
		log(
			`answers acknowledged ${acknowledged}, stored ${stored}: ${acknowledged === stored ? 'EQUAL' : 'MISMATCH'}`
		);

		// Right after, under the same conditions: the bare server doing the same saves.
		report.bare = await bareSaves({
			port: BARE_PORT,
			url: databaseUrl(args.database!),
			pool: POOL,
			connections: C,
			candidates,
			answers: ANSWERS,
			seq: 2
		});

		// The deadline storm: everyone submits at once.
		report.submit = await submitStorm(http, candidates, C, origin, 'submit storm');
		const [finished] = (await database.db.execute(
			sql`select count(*) filter (where status = 'finished' and score is not null)::int as scored,
				count(*) filter (where status <> 'finished')::int as open from attempts`
		)) as unknown as { scored: number; open: number }[];
		report.finished = finished;
		log(`attempts finished and scored ${finished.scored} of ${N}; still open ${finished.open}`);
	} finally {
		http.close();
		await stop(app);
	}

	const save = report.save as { perSecond: number; p99: number };
	const bareSave = report.bare as { perSecond: number };
	const withoutDatabase = report.withoutDatabase as { perSecond: number };
	log(
		`the app without database work: ${withoutDatabase.perSecond}/s = ${((withoutDatabase.perSecond / bareSave.perSecond) * 100).toFixed(0)} % of the bare server`
	);
	for (const name of ['start', 'submit'] as const) {
		const p = report[name] as { perSecond: number; p50: number; p95: number; p99: number };
		const target = name === 'start' ? 15 : 25;
		log(
			`${name}: ${p.perSecond}/s vs bare ${bareSave.perSecond}/s = ${((p.perSecond / bareSave.perSecond) * 100).toFixed(1)} % (target ≥ ${target} %);`,
			`p50 ${p.p50} ms, p95 ${p.p95} ms, p99 ${p.p99} ms`
		);
		report[`${name}Ratio`] = Math.round((p.perSecond / bareSave.perSecond) * 1000) / 1000;
	}
	const ratio = save.perSecond / bareSave.perSecond;
	report.ratio = Math.round(ratio * 1000) / 1000;
	log(
		`save path: ${save.perSecond}/s vs bare ${bareSave.perSecond}/s = ${(ratio * 100).toFixed(0)} % (target ≥ 50 %);`,
		`p99 ${save.p99} ms (target < 50 ms); lost ${(report.acknowledged as number) - (report.stored as number)}`
	);
	report.loadAverage = loadavg().map((l) => Math.round(l * 10) / 10);
	log(`machine load average (1, 5, 15 min): ${report.loadAverage}`);
	mkdirSync('bench-results', { recursive: true });
	const file = `bench-results/attempts-${new Date().toISOString().replace(/[:.]/g, '-')}.json`;
	writeFileSync(file, JSON.stringify(report, null, 2));
	log(`report written to ${file}`);
	await database.close();
	if (report.acknowledged !== report.stored) process.exitCode = 1;
}

await main();
