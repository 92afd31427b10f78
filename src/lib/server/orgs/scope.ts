import { like, or, sql, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '../db/client';
import { orgUnits } from '../db/schema';
import { escapeLike } from '../text/fold';

/** Units whose path lies under one of the scope roots (an empty scope matches nothing). */
export function inScope(paths: string[]): SQL {
	if (paths.length === 0) return sql`false`;
	return or(...paths.map((p) => like(orgUnits.path, escapeLike(p) + '%')))!;
}

export function isPathInScope(paths: string[], path: string): boolean {
	return paths.some((p) => path.startsWith(p));
}

const ORG_TREE_LOCK = 727_101;

/**
 * Serializes changes to the tree's shape (move, merge, import) across transactions and app
 * instances, so two concurrent moves cannot build a cycle from two consistent snapshots.
 * Held until the transaction ends.
 */
export async function lockOrgTree(tx: DbOrTx) {
	await tx.execute(sql`select pg_advisory_xact_lock(${ORG_TREE_LOCK})`);
}

export { rowsOf } from '../db/rows';

/** A unique-constraint violation (SQLSTATE 23505), as thrown by either driver through Drizzle. */
export function isUniqueViolation(e: unknown): boolean {
	for (let cur = e as { code?: unknown; cause?: unknown } | undefined, i = 0; cur && i < 5; i++) {
		if (cur.code === '23505') return true;
		cur = cur.cause as typeof cur;
	}
	return false;
}
