// npm run bench:round -- [--candidates 25000] [--connections 64] [--answers 30] [--pool 16]
//   [--submit-share 0.5] [--forms enhanced|plain]
//   [--admin-url postgres://postgres@127.0.0.1:5432/postgres]
//   [--database bench_round] [--port 4394]
//
// A province's online contest round on a real PostgreSQL and the production entry
// (scripts/start.js): N registered candidates, signed in beforehand (sessions written straight
// into the table, not timed); the window opens for everyone at the same server instant and all
// start at once; each autosaves `answers` answers; the deadline passes, a share of the candidates
// submit at that moment (their pages do at time-up) and the app's sweeper finishes the rest; then
// the organizer closes the round and the ranking is computed and published with the contest
// module's own functions. In the same run, the same saves against the bare upsert server give
// the ceiling each phase is compared with.
import { mkdirSync, existsSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { eq, sql } from 'drizzle-orm';
import { generateSessionToken, hashToken } from '../src/lib/server/auth/token';
import { SESSION_ABSOLUTE_MS, SESSION_IDLE_MS } from '../src/lib/server/auth/session';
import { contestRounds, sessions } from '../src/lib/server/db/schema';
import { insertRegistrations } from '../src/lib/server/contests/registration';
import {
	closeRound,
	computeRoundResults,
	publishRoundResults
} from '../src/lib/server/contests/publish';
import { contestWorld } from '../src/lib/server/contests/testing/fixtures';
import {
	actionLocation,
	bareSaves,
	databaseUrl,
	enhancedHeaders,
	formHeaders,
	freshDatabase,
	log,
	phase,
	saveOrder,
	seedUsers,
	startProcess,
	submitStorm,
	stop,
	type Candidate,
	type FormMode,
	type Phase
} from './app';
import { client, pool } from './http';

const { values: args } = parseArgs({
	options: {
		candidates: { type: 'string', default: '25000' },
		connections: { type: 'string', default: '64' },
		answers: { type: 'string', default: '30' },
		pool: { type: 'string', default: '16' },
		'submit-share': { type: 'string', default: '0.5' },
		forms: { type: 'string', default: 'enhanced' },
		'admin-url': {
			type: 'string',
			default: process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres'
		},
		database: { type: 'string', default: 'bench_round' },
		port: { type: 'string', default: '4394' }
	}
});
const N = Number(args.candidates);
const C = Number(args.connections);
const ANSWERS = Number(args.answers);
const POOL = Number(args.pool);
const SUBMIT_SHARE = Number(args['submit-share']);
if (args.forms !== 'enhanced' && args.forms !== 'plain')
	throw new Error('--forms: enhanced or plain');
const FORMS: FormMode = args.forms;
const APP_PORT = Number(args.port);
const ADMIN_URL = args['admin-url']!;
const DATABASE = args.database!;
const URL_ = databaseUrl(ADMIN_URL, DATABASE);
const GRACE_SECONDS = 5;
const SWEEP_SECONDS = 5;

const sleepUntil = (t: number) => new Promise((r) => setTimeout(r, Math.max(0, t - Date.now())));

async function main() {
	if (!existsSync('build/handler.js')) {
		throw new Error('No production build: run "npm run build" first.');
	}
	log(
		`bench:round — ${N} candidates, ${ANSWERS} answers each, ${C} connections, pool ${POOL}, ${availableParallelism()} CPUs`
	);
	const { database, settings } = await freshDatabase(ADMIN_URL, DATABASE);
	const db = database.db;
	log(
		`PostgreSQL: ${settings.version.split(',')[0]}; synchronous_commit=${settings.synchronous_commit}, fsync=${settings.fsync}`
	);

	// The contest as its organizer sets it up: a province, a level, an online round (one attempt,
	// `answers` questions drawn from a confidential bank of twice as many), the contest open.
	const world = await contestWorld(db, {
		bankSize: ANSWERS * 2,
		round: { questionCount: ANSWERS, durationSeconds: 3600, attemptsAllowed: 1 }
	});
	const units = [world.province.tl1, world.province.tl2, world.province.hp1, world.province.hp2];
	const userIds = await seedUsers(db, N, 'bench passphrase 2026');
	for (let from = 0; from < N; from += 1000) {
		await insertRegistrations(db, {
			contestId: world.contestId,
			levelId: world.levelId,
			source: 'list',
			byUserId: world.organizer.id,
			candidates: userIds.slice(from, from + 1000).map((userId, i) => ({
				userId,
				personId: null,
				orgUnitId: units[(from + i) % units.length].id,
				position: 'secretary' as const
			}))
		});
	}
	// Signed in beforehand: one session each, written as `createSession` writes it.
	const candidates: Candidate[] = [];
	const now = Date.now();
	for (let from = 0; from < N; from += 1000) {
		const batch = userIds.slice(from, from + 1000).map((userId, i) => {
			const token = generateSessionToken();
			candidates.push({
				username: `cand${from + i}`,
				cookie: `bt_session=${token}`,
				attemptId: ''
			});
			return {
				id: hashToken(token),
				userId,
				createdAt: new Date(now),
				expiresAt: new Date(now + SESSION_IDLE_MS),
				absoluteExpiresAt: new Date(now + SESSION_ABSOLUTE_MS)
			};
		});
		await db.insert(sessions).values(batch);
	}
	log(
		`seeded: contest ${world.contestId}, round ${world.roundId}, ${N} candidates registered and signed in`
	);

	const origin = `http://localhost:${APP_PORT}`;
	const app = await startProcess('node', ['scripts/start.js'], {
		DATABASE_URL: URL_,
		DATABASE_POOL_SIZE: String(POOL),
		PORT: String(APP_PORT),
		HOST: '127.0.0.1',
		ORIGIN: origin,
		SEED_DEMO: '0',
		LOG_LEVEL: 'warn',
		NODE_ENV: 'production',
		QUIZ_GRACE_SECONDS: String(GRACE_SECONDS),
		QUIZ_SWEEP_SECONDS: String(SWEEP_SECONDS)
	});
	const http = client(origin, C);
	const report: Record<string, unknown> = {
		candidates: N,
		connections: C,
		answers: ANSWERS,
		pool: POOL,
		submitShare: SUBMIT_SHARE,
		forms: FORMS,
		cpus: availableParallelism(),
		postgres: settings
	};
	const startPath = `/contests/rounds/${world.roundId}?/start`;
	// The lobby's form has no field when the round asks no prediction.
	const startOne = (cand: Candidate) =>
		http.request('POST', startPath, {
			headers:
				FORMS === 'enhanced'
					? enhancedHeaders(origin, cand.cookie, '', false)
					: formHeaders(origin, cand.cookie),
			body: ''
		});

	try {
		// The window opens at one server instant, 20 s from now (time for one early try on a busy machine).
		const opensAt = Date.now() + 20_000;
		await db
			.update(contestRounds)
			.set({ opensAt: new Date(opensAt), closesAt: new Date(opensAt + 2 * 3600_000) })
			.where(eq(contestRounds.id, world.roundId));
		const early = await startOne(candidates[0]);
		const earlyTo = actionLocation(early) ?? '';
		report.startBeforeOpen = { status: early.status, location: earlyTo };
		log(
			`a start one moment before the window opens: ${early.status} ${earlyTo} (must not lead to an attempt)`
		);
		if (earlyTo.includes('/attempts/')) process.exitCode = 1;
		await sleepUntil(opensAt);

		// Everyone starts at once.
		let errors = 0;
		let latencies: number[] = [];
		let t0 = performance.now();
		await pool(candidates, C, async (cand) => {
			const r = await startOne(cand).catch(() => null);
			if (!r) return void errors++;
			latencies.push(r.ms);
			const id = /^\/attempts\/([0-9a-f-]{36})$/.exec(actionLocation(r) ?? '')?.[1];
			if (!id) return void errors++;
			cand.attemptId = id;
		});
		report.start = phase('start (window open)', t0, latencies, errors);

		// Autosave: every candidate answers every question once.
		errors = 0;
		latencies = [];
		let acknowledged = 0;
		t0 = performance.now();
		await pool(saveOrder(N, ANSWERS), C, async ({ c, position }) => {
			const cand = candidates[c];
			const r = await http
				.request('POST', `/attempts/${cand.attemptId}/answers`, {
					headers: { 'content-type': 'application/json', origin, cookie: cand.cookie },
					body: JSON.stringify({
						saves: [{ position, seq: 1, selected: [(c + position) % 3], flagged: false }]
					})
				})
				.catch(() => null);
			if (!r) return void errors++;
			latencies.push(r.ms);
			if (r.status !== 200) return void errors++;
			if (JSON.parse(r.body).results[0]?.status === 'saved') acknowledged++;
			else errors++;
		});
		report.save = phase('autosave', t0, latencies, errors);
		const [{ stored }] = (await db.execute(
			sql`select count(*)::int as stored from attempt_questions aq join attempts a on a.id = aq.attempt_id
				where a.round_id = ${world.roundId} and aq.seq > 0`
		)) as unknown as { stored: number }[];
		report.acknowledged = acknowledged;
		report.stored = stored;
		log(
			`answers acknowledged ${acknowledged}, stored ${stored}: ${acknowledged === stored ? 'EQUAL' : 'MISMATCH'}`
		);

		// The ceiling, right after and under the same conditions.
		report.bare = await bareSaves({
			port: APP_PORT + 1,
			url: URL_,
			pool: POOL,
			connections: C,
			candidates,
			answers: ANSWERS,
			seq: 2
		});

		// The deadline. The clock is fast-forwarded: every attempt's deadline is set to a moment
		// a few seconds ahead (as if the duration had been chosen to end then), so the run does
		// not wait out an hour. At the deadline a share of the pages submit (time-up), the rest are
		// left to the app's sweeper (every QUIZ_SWEEP_SECONDS, after QUIZ_GRACE_SECONDS of grace).
		const deadline = Date.now() + 3000;
		await db.execute(
			sql`update attempts set deadline = ${new Date(deadline).toISOString()}::timestamptz
				where round_id = ${world.roundId} and status = 'in_progress'`
		);
		await sleepUntil(deadline);
		const submitting = candidates.filter((_, i) => i < Math.round(N * SUBMIT_SHARE));
		report.submit = await submitStorm(
			http,
			submitting,
			C,
			origin,
			'submit storm (at the deadline)',
			FORMS
		);

		// The sweeper finishes the rest; wait for it (at most five minutes).
		const sweepFrom = Date.now();
		let open = Infinity;
		while (open > 0 && Date.now() - sweepFrom < 300_000) {
			await new Promise((r) => setTimeout(r, 250));
			const [row] = (await db.execute(
				sql`select count(*)::int as open from attempts where round_id = ${world.roundId} and status = 'in_progress'`
			)) as unknown as { open: number }[];
			open = row.open;
		}
		const sweptAfterCutoff = (Date.now() - (deadline + GRACE_SECONDS * 1000)) / 1000;
		report.sweeper = {
			attempts: N - submitting.length,
			secondsAfterGrace: Math.round(sweptAfterCutoff * 10) / 10,
			left: open
		};
		log(
			`sweeper: the other ${N - submitting.length} attempts finished ${sweptAfterCutoff.toFixed(1)} s after deadline + grace`,
			`(sweeps every ${SWEEP_SECONDS} s); still open ${open}`
		);
		const [finished] = (await db.execute(
			sql`select count(*) filter (where status = 'finished' and score is not null)::int as scored,
				count(*) filter (where finish_reason = 'deadline')::int as at_deadline,
				count(*)::int as total from attempts where round_id = ${world.roundId}`
		)) as unknown as { scored: number; at_deadline: number; total: number }[];
		report.finished = finished;
		log(`attempts finished and scored ${finished.scored} of ${N} (${finished.total} started)`);

		// The organizer closes the round, computes the ranking and publishes it.
		const [round] = await db
			.select()
			.from(contestRounds)
			.where(eq(contestRounds.id, world.roundId));
		const closed = await closeRound(db, round, { actorUserId: world.organizer.id });
		if (!closed.ok) throw new Error(`close: ${closed.error}`);
		const [closedRound] = await db
			.select()
			.from(contestRounds)
			.where(eq(contestRounds.id, world.roundId));
		t0 = performance.now();
		const computed = await computeRoundResults(db, closedRound, {
			actorUserId: world.organizer.id
		});
		const computeMs = performance.now() - t0;
		if (!computed.ok) throw new Error(`compute: ${computed.error}`);
		const [computedRound] = await db
			.select()
			.from(contestRounds)
			.where(eq(contestRounds.id, world.roundId));
		const t1 = performance.now();
		const published = await publishRoundResults(db, computedRound, {
			actorUserId: world.organizer.id
		});
		const publishMs = performance.now() - t1;
		if (!published.ok) throw new Error(`publish: ${published.error}`);
		report.ranking = {
			ranked: computed.ranked,
			computeMs: Math.round(computeMs),
			publishMs: Math.round(publishMs),
			totalMs: Math.round(computeMs + publishMs)
		};
		log(
			`ranking: ${computed.ranked} candidates ranked in ${(computeMs / 1000).toFixed(2)} s, published in ${(publishMs / 1000).toFixed(2)} s (target < 5 s)`
		);
	} finally {
		http.close();
		await stop(app);
	}

	const bare = report.bare as Phase;
	for (const [name, target] of [
		['start', 15],
		['save', 50],
		['submit', 25]
	] as const) {
		const p = report[name] as Phase;
		const ratio = p.perSecond / bare.perSecond;
		report[`${name}Ratio`] = Math.round(ratio * 1000) / 1000;
		log(
			`${name}: ${p.perSecond}/s = ${(ratio * 100).toFixed(1)} % of the bare upsert server's ${bare.perSecond}/s (target ≥ ${target} %);`,
			`p50 ${p.p50} ms, p95 ${p.p95} ms, p99 ${p.p99} ms; errors ${p.errors}`
		);
	}
	const lost = (report.acknowledged as number) - (report.stored as number);
	log(`lost (acknowledged but not stored): ${lost}`);
	report.loadAverage = loadavg().map((l) => Math.round(l * 10) / 10);
	log(`machine load average (1, 5, 15 min): ${report.loadAverage}`);
	mkdirSync('bench-results', { recursive: true });
	const file = `bench-results/round-${new Date().toISOString().replace(/[:.]/g, '-')}.json`;
	writeFileSync(file, JSON.stringify(report, null, 2));
	log(`report written to ${file}`);
	await database.close();
	const finished = report.finished as { scored: number } | undefined;
	if (lost !== 0 || finished?.scored !== N) process.exitCode = 1;
}

await main();
