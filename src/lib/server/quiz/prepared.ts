import type { SQL } from 'drizzle-orm';
import { PgDialect } from 'drizzle-orm/pg-core';
import type { DbOrTx } from '../db/client';
import { rowsOf } from './rows';

const dialect = new PgDialect();

/**
 * A raw statement that PostgreSQL parses and plans once per connection (a named prepared
 * statement), for the hottest path: on PostgreSQL this doubles the throughput of the autosave
 * statement compared with `db.execute`, which sends it unprepared every time. Values are given
 * as `sql.placeholder(name)` in the statement and by name when it runs.
 */
export function preparedStatement<Row>(name: string, statement: SQL) {
	const query = dialect.sqlToQuery(statement);
	return async (db: DbOrTx, values: Record<string, unknown>): Promise<Row[]> =>
		rowsOf<Row>(await db._.session.prepareQuery(query, undefined, name, false).execute(values));
}
