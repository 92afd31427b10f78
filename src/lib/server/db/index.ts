import { building } from '$app/environment';
import { log } from '../log';
import { databaseConfigFromEnv, openDatabase, type Database } from './client';

export type { Db, DbOrTx, Tx } from './client';
export type { Reader } from './read';

/** The app's one database, opened from the environment when the server starts (not while building). */
export const database: Database = building
	? (undefined as unknown as Database)
	: await openDatabase(databaseConfigFromEnv(process.env), {
			onReplicaChange: (state) =>
				state.use
					? log.info(
							{ lagSeconds: state.lagSeconds },
							'read replica in use for dashboards and exports'
						)
					: log.warn(
							{ reason: state.reason, detail: state.detail },
							'read replica not used: dashboards and exports read from the primary'
						)
		});

export const db = building ? (undefined as unknown as Database['db']) : database.db;

/** Dashboards and exports: read-only work, on the replica when DATABASE_READ_URL names one fit for it. */
export const reading: Database['read'] = (work) => database.read(work);
