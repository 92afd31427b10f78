import { building } from '$app/environment';
import { databaseConfigFromEnv, openDatabase, type Database } from './client';

export type { Db, DbOrTx, Tx } from './client';

/** The app's one database, opened from the environment when the server starts (not while building). */
export const database: Database = building
	? (undefined as unknown as Database)
	: await openDatabase(databaseConfigFromEnv(process.env));

export const db = building ? (undefined as unknown as Database['db']) : database.db;
