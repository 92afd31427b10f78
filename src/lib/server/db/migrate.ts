import { drizzle as drizzlePostgres } from 'drizzle-orm/postgres-js';
import { migrate as migratePostgres } from 'drizzle-orm/postgres-js/migrator';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import type { PgliteDatabase } from 'drizzle-orm/pglite';
import postgres from 'postgres';
import type { Database } from './client';

const MIGRATION_LOCK = 727_001;

/**
 * Applies the committed migrations in `drizzle/`. On PostgreSQL a session advisory lock on a
 * dedicated connection makes it safe for several app instances starting at once: the first
 * migrates, the others wait and then find nothing to do.
 */
export async function migrateDatabase(database: Database, migrationsFolder = 'drizzle') {
	const config = database.config;
	if (config.driver === 'pglite') {
		await migratePglite(database.db as unknown as PgliteDatabase, { migrationsFolder });
		return;
	}
	const client = postgres(config.url, { max: 1, onnotice: () => {} });
	try {
		await client`select pg_advisory_lock(${MIGRATION_LOCK})`;
		await migratePostgres(drizzlePostgres(client), { migrationsFolder });
		await client`select pg_advisory_unlock(${MIGRATION_LOCK})`;
	} finally {
		await client.end({ timeout: 5 });
	}
}
