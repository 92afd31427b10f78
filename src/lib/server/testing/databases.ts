import { randomBytes } from 'node:crypto';
import postgres from 'postgres';
import { afterAll, beforeAll, describe } from 'vitest';
import { openDatabase, type Database, type Db } from '../db/client';
import { migrateDatabase } from '../db/migrate';

export type TestDatabaseKind = 'pglite' | 'postgres';

/** PGlite always; the real PostgreSQL too when TEST_DATABASE_URL is set (CI sets it). */
export const testDatabaseKinds: TestDatabaseKind[] = process.env.TEST_DATABASE_URL
	? ['pglite', 'postgres']
	: ['pglite'];

/** A migrated, empty database of the given kind; on PostgreSQL a fresh database dropped on close. */
export async function createTestDatabase(kind: TestDatabaseKind): Promise<Database> {
	if (kind === 'pglite') {
		const database = await openDatabase({ driver: 'pglite', dataDir: null });
		await migrateDatabase(database);
		return database;
	}
	const adminUrl = process.env.TEST_DATABASE_URL;
	if (!adminUrl) throw new Error('TEST_DATABASE_URL is not set');
	const name = `bt_test_${process.pid}_${randomBytes(4).toString('hex')}`;
	const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
	await admin.unsafe(`create database ${name}`);
	await admin.end();
	const url = new URL(adminUrl);
	url.pathname = '/' + name;
	const database = await openDatabase({ driver: 'postgres', url: url.toString(), max: 20 });
	await migrateDatabase(database);
	return {
		...database,
		async close() {
			await database.close();
			const cleanup = postgres(adminUrl, { max: 1, onnotice: () => {} });
			await cleanup.unsafe(`drop database if exists ${name} with (force)`);
			await cleanup.end();
		}
	};
}

/**
 * Runs a suite once per test database kind. The database lives for the whole suite; tests that
 * need isolation create their own rows (unique codes/names) rather than relying on emptiness.
 */
export function describeEachDatabase(name: string, suite: (ctx: { db: () => Db }) => void) {
	for (const kind of testDatabaseKinds) {
		describe(`${name} [${kind}]`, () => {
			let database: Database | undefined;
			beforeAll(async () => {
				database = await createTestDatabase(kind);
			});
			afterAll(async () => {
				await database?.close();
			});
			suite({
				db: () => {
					if (!database) throw new Error('test database not ready');
					return database.db;
				}
			});
		});
	}
}
