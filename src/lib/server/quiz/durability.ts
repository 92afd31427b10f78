import { sql } from 'drizzle-orm';
import type { Database } from '../db/client';
import { rowsOf } from './rows';

/**
 * An answer is acknowledged once its commit returns. That only means "stored" if PostgreSQL
 * flushes commits: with synchronous_commit or fsync off, a crash loses acknowledged saves.
 * Returns the settings that break this (empty when all is well, and on the embedded database).
 */
export async function durabilityProblems(database: Database): Promise<string[]> {
	if (database.config.driver !== 'postgres') return [];
	const [row] = rowsOf<{ sync: string; fsync: string }>(
		await database.db.execute(
			sql`select current_setting('synchronous_commit') as sync, current_setting('fsync') as fsync`
		)
	);
	const problems: string[] = [];
	if (row.sync === 'off') problems.push('synchronous_commit=off');
	if (row.fsync === 'off') problems.push('fsync=off');
	return problems;
}
