import { desc, eq } from 'drizzle-orm';
import type { DbOrTx } from '../db/client';
import { contestAuditLog } from '../db/schema';
import { log } from '../log';

export type ContestAuditEntry = {
	contestId: number;
	actorUserId: number | null;
	action: string;
	targetType?: string;
	targetId?: string | number;
	reason?: string | null;
	details?: Record<string, unknown>;
};

/** Records a change to a contest in its audit trail (inside the caller's transaction). */
export async function recordContestAudit(db: DbOrTx, entry: ContestAuditEntry) {
	const row = {
		contestId: entry.contestId,
		actorUserId: entry.actorUserId,
		action: entry.action,
		targetType: entry.targetType ?? null,
		targetId: entry.targetId === undefined ? null : String(entry.targetId),
		reason: entry.reason ?? null,
		details: entry.details ?? null
	};
	await db.insert(contestAuditLog).values(row);
	log.info({ contestAudit: row }, entry.action);
}

/** A contest's audit trail, newest first. */
export async function contestAuditTrail(db: DbOrTx, contestId: number, limit = 200) {
	return db
		.select()
		.from(contestAuditLog)
		.where(eq(contestAuditLog.contestId, contestId))
		.orderBy(desc(contestAuditLog.id))
		.limit(limit);
}
