import { mkdirSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { drizzle as drizzlePostgres } from 'drizzle-orm/postgres-js';
import postgres from 'postgres';
import { readFrom, readRouting, type Reader, type ReplicaState } from './read';
import * as schema from './schema';

export type Db = PgDatabase<PgQueryResultHKT, typeof schema>;
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];
/** A database handle or an open transaction: domain functions accept either. */
export type DbOrTx = Db | Tx;

/** An optional streaming replica for dashboards and exports (DATABASE_READ_URL). */
export type ReplicaConfig = { url: string; maxLagSeconds: number };

export type DatabaseConfig =
	| { driver: 'postgres'; url: string; max?: number; replica?: ReplicaConfig }
	| { driver: 'pglite'; dataDir: string | null };

export interface Database {
	db: Db;
	/** Read-only work (dashboards, exports): on the replica when there is one fit for it. */
	read: Reader;
	config: DatabaseConfig;
	close(): Promise<void>;
}

const postgresUrl = (name: string, url: string) => {
	if (!/^postgres(ql)?:\/\//.test(url)) {
		throw new Error(
			`${name} must start with postgres:// or postgresql:// (got "${url.slice(0, 16)}…")`
		);
	}
	return url;
};

/** Reads DATABASE_URL / DATA_DIR; an unset DATABASE_URL means the embedded PGlite database. */
export function databaseConfigFromEnv(env: Record<string, string | undefined>): DatabaseConfig {
	const url = env.DATABASE_URL?.trim();
	const readUrl = env.DATABASE_READ_URL?.trim();
	if (readUrl && !url) {
		throw new Error('DATABASE_READ_URL needs DATABASE_URL: the embedded database has no replica');
	}
	if (url) {
		postgresUrl('DATABASE_URL', url);
		const max = env.DATABASE_POOL_SIZE ? Number(env.DATABASE_POOL_SIZE) : undefined;
		if (max !== undefined && !(Number.isInteger(max) && max > 0)) {
			throw new Error('DATABASE_POOL_SIZE must be a positive integer');
		}
		if (!readUrl) return { driver: 'postgres', url, max };
		const lag = Number(env.DATABASE_READ_MAX_LAG_SECONDS ?? 30);
		if (!(Number.isFinite(lag) && lag >= 0)) {
			throw new Error('DATABASE_READ_MAX_LAG_SECONDS must be a number of seconds (0 or more)');
		}
		return {
			driver: 'postgres',
			url,
			max,
			replica: { url: postgresUrl('DATABASE_READ_URL', readUrl), maxLagSeconds: lag }
		};
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

const connect = (url: string, max: number) =>
	postgres(url, {
		max,
		backoff: (retries: number) => reconnectDelaySeconds(retries),
		onnotice: () => {},
		// No JIT: this app's statements are short, and on the dashboards' province-wide counts
		// PostgreSQL's JIT compiled for 3 s to save milliseconds (bench/README.md, dashboards).
		connection: { application_name: 'bi-thu-gioi', jit: 'off' }
	});

export async function openDatabase(
	config: DatabaseConfig,
	options: { onReplicaChange?: (state: ReplicaState) => void } = {}
): Promise<Database> {
	if (config.driver === 'postgres') {
		const client = connect(config.url, config.max ?? 10);
		try {
			await client`select 1`;
		} catch (e) {
			await client.end({ timeout: 1 });
			throw new Error(`Cannot connect to PostgreSQL at DATABASE_URL: ${(e as Error).message}`);
		}
		const db = drizzlePostgres(client, { schema }) as unknown as Db;
		if (!config.replica)
			return { db, read: readFrom(db), config, close: () => client.end({ timeout: 5 }) };
		// Not connected now: the app starts and serves from the primary while the replica is away.
		const replicaClient = connect(config.replica.url, config.max ?? 10);
		const read = readRouting({
			primary: db,
			replica: drizzlePostgres(replicaClient, { schema }) as unknown as Db,
			maxLagSeconds: config.replica.maxLagSeconds,
			probe: {
				primaryLsn: async () => (await client`select pg_current_wal_lsn()::text as lsn`)[0].lsn,
				replicaStatus: async () => {
					const [row] = await replicaClient`
						select pg_is_in_recovery() as recovery, pg_last_wal_replay_lsn()::text as replay,
							extract(epoch from now() - pg_last_xact_replay_timestamp())::float8 as age`;
					return { recovery: row.recovery, replayLsn: row.replay, replayAge: row.age };
				}
			},
			onChange: options.onReplicaChange
		});
		const close = async () => {
			await Promise.all([client.end({ timeout: 5 }), replicaClient.end({ timeout: 5 })]);
		};
		return { db, read, config, close };
	}
	// PGlite does not create missing parent folders; null means in-memory (tests).
	if (config.dataDir) mkdirSync(config.dataDir, { recursive: true });
	const client = config.dataDir ? await PGlite.create(config.dataDir) : await PGlite.create();
	const db = drizzlePglite(client, { schema }) as unknown as Db;
	return { db, read: readFrom(db), config, close: () => client.close() };
}
