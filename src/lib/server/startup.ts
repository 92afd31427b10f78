import type { Database } from './db/client';
import { migrateDatabase } from './db/migrate';
import { DEMO_PASSWORD, isDatabaseEmpty, seedDemo } from './demo/seed';
import { DEMO_FINALS, seedDemoFinals } from './demo/finals';
import { deleteExpiredSessions } from './auth/session';
import { contentRootFromEnv } from './content/load';
import { loadCatalog } from './content/store';
import { syncContent } from './content/sync';
import { log } from './log';
import { durabilityProblems } from './quiz/durability';
import { finishOverdueAttempts } from './quiz/finish';
import { timingFromEnv } from './quiz/timing';
import { BACKGROUND_REFRESH_MINUTES, refreshQualificationAhead } from './qualification/background';

type Task = { name: string; everyMs: number; run: () => Promise<unknown> };

/** Background work every instance runs; each task must be safe to run on several instances at once. */
function startPeriodicTasks(tasks: Task[]) {
	const timers = tasks.map((task) =>
		setInterval(() => {
			task.run().catch((e) => log.error({ err: e, task: task.name }, 'periodic task failed'));
		}, task.everyMs).unref()
	);
	return () => timers.forEach(clearInterval);
}

/**
 * Everything before the first request: migrations, demo data on an empty embedded database (or
 * when SEED_DEMO=1), and the periodic tasks. Throws, stopping the start, when anything is wrong.
 */
export async function prepareServer(database: Database, env: Record<string, string | undefined>) {
	const started = Date.now();
	const quizTiming = timingFromEnv(env);
	await migrateDatabase(database);
	log.info({ driver: database.config.driver, ms: Date.now() - started }, 'database migrated');

	// Content is read, checked and rendered once; invalid content stops the start (file:line list).
	const contentStarted = Date.now();
	const { catalog, warnings } = loadCatalog(contentRootFromEnv(env));
	const synced = await syncContent(database.db, catalog.content);
	if (warnings.length > 0) {
		log.warn({ warnings: warnings.length }, 'content has warnings: run npm run content:check');
	}
	log.info({ ...synced, ms: Date.now() - contentStarted }, 'content loaded');

	const wantSeed =
		env.SEED_DEMO === '1' || (database.config.driver === 'pglite' && env.SEED_DEMO !== '0');
	if (wantSeed && (await isDatabaseEmpty(database.db))) {
		const logins = await seedDemo(database.db);
		await seedDemoFinals(database.db);
		const host = env.ORIGIN ?? `http://localhost:${env.PORT ?? 3000}`;
		const lines = [
			'',
			'Demo province "Sơn Hà" created. Sign in at ' +
				host +
				' with password ' +
				DEMO_PASSWORD +
				':',
			...logins.map((l) => `  ${l.username.padEnd(16)} ${l.role.padEnd(10)} ${l.scope}`),
			`The judges (${DEMO_FINALS.judges.join(', ')}) score the demo finals under "Chấm thi" (/contests/judge).`,
			''
		];
		console.log(lines.join('\n'));
	}

	const durability = await durabilityProblems(database);
	if (durability.length > 0) {
		log.warn({ settings: durability }, 'PostgreSQL may lose acknowledged quiz answers in a crash');
	}

	return startPeriodicTasks([
		{
			name: 'expired-sessions',
			everyMs: 60 * 60_000,
			run: () => deleteExpiredSessions(database.db)
		},
		{
			name: 'qualification-ahead',
			everyMs: BACKGROUND_REFRESH_MINUTES * 60_000,
			run: () => refreshQualificationAhead(database.db, new Date())
		},
		{
			name: 'overdue-attempts',
			everyMs: quizTiming.sweepIntervalMs,
			run: () => finishOverdueAttempts(database.db, { graceMs: quizTiming.graceMs })
		}
	]);
}

/** Longest wait for the database to close at shutdown before the process exits anyway. */
export const DATABASE_CLOSE_LIMIT_MS = 10_000;

/**
 * The app's part of a shutdown, once the server has stopped taking requests and finished those in
 * flight: stop the periodic tasks, close the database, exit. The exit is explicit because
 * postgres.js can keep idle sockets open after a database outage (porsager/postgres#1193), which
 * would keep the process alive after SIGTERM until a supervisor kills it.
 */
export async function shutDownApp(
	database: Pick<Database, 'close'>,
	stopTasks: () => void,
	exit: (code: number) => void = (code) => process.exit(code),
	closeLimitMs = DATABASE_CLOSE_LIMIT_MS
) {
	stopTasks();
	let limit: NodeJS.Timeout | undefined;
	const closed = await Promise.race([
		database.close().then(
			() => true,
			(err) => {
				log.error({ err }, 'closing the database failed');
				return false;
			}
		),
		new Promise<false>((resolve) => (limit = setTimeout(() => resolve(false), closeLimitMs)))
	]);
	clearTimeout(limit);
	if (!closed)
		log.warn({ limitMs: closeLimitMs }, 'database did not close cleanly; exiting anyway');
	exit(0);
}
