import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { count } from 'drizzle-orm';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { databaseConfigFromEnv, openDatabase } from './db/client';
import { migrateDatabase } from './db/migrate';
import { orgUnits, people, qualificationRuleVersions, roleGrants, users } from './db/schema';
import { prepareServer, shutDownApp } from './startup';

describe('databaseConfigFromEnv', () => {
	it('defaults to the embedded database in ./data', () => {
		expect(databaseConfigFromEnv({})).toEqual({ driver: 'pglite', dataDir: './data' });
		expect(databaseConfigFromEnv({ DATA_DIR: '/srv/bt' })).toEqual({
			driver: 'pglite',
			dataDir: '/srv/bt'
		});
	});
	it('switches to PostgreSQL with DATABASE_URL and rejects malformed settings clearly', () => {
		expect(databaseConfigFromEnv({ DATABASE_URL: 'postgres://u@h/db' })).toEqual({
			driver: 'postgres',
			url: 'postgres://u@h/db',
			max: undefined
		});
		expect(() => databaseConfigFromEnv({ DATABASE_URL: 'mysql://x' })).toThrow(/postgres:\/\//);
		expect(() =>
			databaseConfigFromEnv({ DATABASE_URL: 'postgres://x', DATABASE_POOL_SIZE: 'ten' })
		).toThrow(/DATABASE_POOL_SIZE/);
	});
	it('takes a read replica for dashboards and exports with DATABASE_READ_URL', () => {
		const primary = 'postgres://u@primary/db';
		expect(
			databaseConfigFromEnv({ DATABASE_URL: primary, DATABASE_READ_URL: 'postgres://u@replica/db' })
		).toEqual({
			driver: 'postgres',
			url: primary,
			max: undefined,
			replica: { url: 'postgres://u@replica/db', maxLagSeconds: 30 }
		});
		expect(
			databaseConfigFromEnv({
				DATABASE_URL: primary,
				DATABASE_READ_URL: 'postgres://u@replica/db',
				DATABASE_READ_MAX_LAG_SECONDS: '5'
			})
		).toMatchObject({ replica: { maxLagSeconds: 5 } });
		expect(() => databaseConfigFromEnv({ DATABASE_READ_URL: 'postgres://u@replica/db' })).toThrow(
			/DATABASE_READ_URL needs DATABASE_URL/
		);
		expect(() =>
			databaseConfigFromEnv({ DATABASE_URL: primary, DATABASE_READ_URL: 'replica:5432' })
		).toThrow(/DATABASE_READ_URL must start with postgres:\/\//);
		expect(() =>
			databaseConfigFromEnv({
				DATABASE_URL: primary,
				DATABASE_READ_URL: 'postgres://u@replica/db',
				DATABASE_READ_MAX_LAG_SECONDS: 'soon'
			})
		).toThrow(/DATABASE_READ_MAX_LAG_SECONDS/);
	});
	it('fails at start, not at the first request, when PostgreSQL is unreachable', async () => {
		await expect(
			openDatabase({ driver: 'postgres', url: 'postgres://nobody@127.0.0.1:1/none' })
		).rejects.toThrow(/Cannot connect to PostgreSQL/);
	});
});

describe('prepareServer on the embedded database', () => {
	const dir = mkdtempSync(join(tmpdir(), 'bt-start-'));
	afterAll(() => rmSync(dir, { recursive: true, force: true }));

	it('creates missing folders, seeds the demo province once, and keeps the data on the next start', async () => {
		const log = vi.spyOn(console, 'log').mockImplementation(() => {});
		const dataDir = join(dir, 'nested', 'data');
		const first = await openDatabase({ driver: 'pglite', dataDir });
		(await prepareServer(first, {}))();
		const counts = async (db: typeof first.db) => ({
			units: (await db.select({ n: count() }).from(orgUnits))[0].n,
			people: (await db.select({ n: count() }).from(people))[0].n,
			users: (await db.select({ n: count() }).from(users))[0].n,
			grants: (await db.select({ n: count() }).from(roleGrants))[0].n
		});
		const seeded = await counts(first.db);
		// The province's qualification rule: the modules content/ marks as required (m03 is not).
		const rules = await first.db.select().from(qualificationRuleVersions);
		expect(rules).toHaveLength(1);
		expect(rules[0].requiredModules).toContain('m01-vai-tro-chi-bo');
		expect(rules[0].requiredModules).not.toContain('m03-sinh-hoat-chuyen-de');
		await first.close();
		expect(seeded.units).toBeGreaterThanOrEqual(36);
		expect(seeded.people).toBeGreaterThanOrEqual(100);
		const printed = log.mock.calls.flat().join('\n');
		expect(printed).toContain('quanly.tanlap');
		expect(printed).toContain('Demo@2026!');
		// The demo judges are told where the demo finals wait for them.
		expect(printed).toContain('giamkhao1');
		expect(printed).toContain('/contests/judge');

		log.mockClear();
		const second = await openDatabase({ driver: 'pglite', dataDir });
		(await prepareServer(second, {}))();
		expect(await counts(second.db)).toEqual(seeded);
		expect(log.mock.calls.flat().join('\n')).not.toContain('Demo@2026!');
		await second.close();
		log.mockRestore();
	});
});

describe.runIf(process.env.TEST_DATABASE_URL)('migrations on PostgreSQL', () => {
	it('several instances migrating at once all succeed (advisory lock)', async () => {
		const { createTestDatabase } = await import('./testing/databases');
		const database = await createTestDatabase('postgres');
		try {
			const url = (database.config as { url: string }).url;
			const instances = await Promise.all(
				[1, 2, 3].map(() => openDatabase({ driver: 'postgres', url, max: 2 }))
			);
			await Promise.all(instances.map((i) => migrateDatabase(i)));
			const [{ n }] = await instances[0].db.select({ n: count() }).from(orgUnits);
			expect(n).toBe(0);
			await Promise.all(instances.map((i) => i.close()));
		} finally {
			await database.close();
		}
	});
});

describe('shutDownApp', () => {
	it('stops the tasks, closes the database, then exits', async () => {
		const order: string[] = [];
		await shutDownApp(
			{ close: async () => void order.push('close') },
			() => order.push('stop tasks'),
			(code) => order.push(`exit ${code}`)
		);
		expect(order).toEqual(['stop tasks', 'close', 'exit 0']);
	});
	it('exits even when the database never finishes closing (sockets left after an outage)', async () => {
		const exit = vi.fn();
		await shutDownApp({ close: () => new Promise<void>(() => {}) }, () => {}, exit, 50);
		expect(exit).toHaveBeenCalledWith(0);
	});
	it('exits when closing the database fails', async () => {
		const exit = vi.fn();
		await shutDownApp({ close: () => Promise.reject(new Error('gone')) }, () => {}, exit);
		expect(exit).toHaveBeenCalledWith(0);
	});
});
