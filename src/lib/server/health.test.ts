import { describe, expect, it } from 'vitest';
import type { Db } from './db/client';
import { checkHealth } from './health';
import { describeEachDatabase } from './testing/databases';

describeEachDatabase('health', ({ db }) => {
	it('answers 200 with the database reachable', async () => {
		const health = await checkHealth(db(), 'test');
		expect(health.status).toBe(200);
		expect(health.body).toMatchObject({ ok: true, database: 'ok', driver: 'test' });
	});
});

describe('health when the database does not answer', () => {
	const hanging = { execute: () => new Promise(() => {}) } as unknown as Db;
	const failing = {
		execute: () => Promise.reject(new Error('connection refused'))
	} as unknown as Db;

	it('answers 503 "timeout" after the timeout when the query hangs', async () => {
		const started = performance.now();
		const health = await checkHealth(hanging, 'postgres', 100);
		expect(health.status).toBe(503);
		expect(health.body).toMatchObject({ ok: false, database: 'timeout' });
		expect(performance.now() - started).toBeLessThan(1000);
	});

	it('answers 503 "error" when the query fails', async () => {
		const health = await checkHealth(failing, 'postgres', 1000);
		expect(health).toMatchObject({ status: 503, body: { ok: false, database: 'error' } });
	});
});
