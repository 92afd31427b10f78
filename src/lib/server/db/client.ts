import { mkdirSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { drizzle as drizzlePostgres } from 'drizzle-orm/postgres-js';
import postgres from 'postgres';
import * as schema from './schema';

export type Db = PgDatabase<PgQueryResultHKT, typeof schema>;
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];
/** A database handle or an open transaction: domain functions accept either. */
export type DbOrTx = Db | Tx;

export type DatabaseConfig =
	{ driver: 'postgres'; url: string; max?: number } | { driver: 'pglite'; dataDir: string | null };

export interface Database {
	db: Db;
	config: DatabaseConfig;
	close(): Promise<void>;
}

/** Reads DATABASE_URL / DATA_DIR; an unset DATABASE_URL means the embedded PGlite database. */
export function databaseConfigFromEnv(env: Record<string, string | undefined>): DatabaseConfig {
	const url = env.DATABASE_URL?.trim();
	if (url) {
		if (!/^postgres(ql)?:\/\//.test(url)) {
			throw new Error(
				`DATABASE_URL must start with postgres:// or postgresql:// (got "${url.slice(0, 16)}…")`
			);
		}
		const max = env.DATABASE_POOL_SIZE ? Number(env.DATABASE_POOL_SIZE) : undefined;
		if (max !== undefined && !(Number.isInteger(max) && max > 0)) {
			throw new Error('DATABASE_POOL_SIZE must be a positive integer');
		}
		return { driver: 'postgres', url, max };
	}
	return { driver: 'pglite', dataDir: env.DATA_DIR?.trim() || './data' };
}

/**
 * Seconds before postgres.js tries a lost connection again, after `retries` failed tries in a row.
 * Its default grows to 20 s (3^retries / 100), so after an outage of a minute the first answer
 * could wait up to 20 s more once PostgreSQL accepts connections again; a refused connection
 * costs nothing, so the app tries every half second at most (with jitter, so that the instances
 * of a cluster do not knock in step).
 */
export function reconnectDelaySeconds(retries: number, random: () => number = Math.random) {
	return (0.5 + random() / 2) * Math.min(0.05 * 2 ** retries, 0.5);
}

export async function openDatabase(config: DatabaseConfig): Promise<Database> {
	if (config.driver === 'postgres') {
		const client = postgres(config.url, {
			max: config.max ?? 10,
			backoff: (retries: number) => reconnectDelaySeconds(retries),
			onnotice: () => {},
			connection: { application_name: 'bi-thu-gioi' }
		});
		try {
			await client`select 1`;
		} catch (e) {
			await client.end({ timeout: 1 });
			throw new Error(`Cannot connect to PostgreSQL at DATABASE_URL: ${(e as Error).message}`);
		}
		const db = drizzlePostgres(client, { schema }) as unknown as Db;
		return { db, config, close: () => client.end({ timeout: 5 }) };
	}
	// PGlite does not create missing parent folders; null means in-memory (tests).
	if (config.dataDir) mkdirSync(config.dataDir, { recursive: true });
	const client = config.dataDir ? await PGlite.create(config.dataDir) : await PGlite.create();
	const db = drizzlePglite(client, { schema }) as unknown as Db;
	return { db, config, close: () => client.close() };
}
