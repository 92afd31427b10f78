import { sql } from 'drizzle-orm';
import type { Db } from './db/client';
import { log } from './log';

/** How long `/healthz` waits for the database before answering 503. */
export const HEALTH_TIMEOUT_MS = 2000;

export type Health = {
	status: 200 | 503;
	body: { ok: boolean; database: 'ok' | 'timeout' | 'error'; ms: number; driver: string };
};

let lastOk: boolean | null = null;

/**
 * `/healthz` for the load balancer and monitoring: `SELECT 1` on the app's database with a short
 * timeout (a pool whose connections all hang answers 503 instead of hanging the check). Logged
 * only when the answer changes (healthy → unhealthy and back), not on every probe.
 */
export async function checkHealth(
	db: Db,
	driver: string,
	timeoutMs = HEALTH_TIMEOUT_MS
): Promise<Health> {
	const started = performance.now();
	let timer: ReturnType<typeof setTimeout> | undefined;
	const limit = new Promise<'timeout'>((resolve) => {
		timer = setTimeout(resolve, timeoutMs, 'timeout');
	});
	const query = db.execute(sql`select 1 as ok`).then(
		() => 'ok' as const,
		(err: unknown) => ({ err })
	);
	const outcome = await Promise.race([query, limit]);
	clearTimeout(timer);
	const ms = Math.round(performance.now() - started);
	const database = outcome === 'ok' ? 'ok' : outcome === 'timeout' ? 'timeout' : 'error';
	const ok = database === 'ok';
	if (ok !== lastOk) {
		if (ok && lastOk !== null) log.info({ ms }, 'health: database reachable again');
		if (!ok) {
			const err = typeof outcome === 'object' ? outcome.err : undefined;
			log.warn({ err, database, ms, timeoutMs }, 'health: database check failed');
		}
		lastOk = ok;
	}
	return { status: ok ? 200 : 503, body: { ok, database, ms, driver } };
}
