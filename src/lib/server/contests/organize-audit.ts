import type { DbOrTx } from '../db/client';
import { contestAuditLog } from '../db/schema';
import { log } from '../log';

export type ContestChange = {
	contestId: number;
	actorUserId: number | null;
	action: string;
	targetType?: string;
	targetId?: string | number;
	reason?: string | null;
	details?: Record<string, unknown>;
};

/** One line in the contest's audit trail (inside the caller's transaction) and in the log. */
export async function logContestChange(db: DbOrTx, change: ContestChange) {
	const row = {
		contestId: change.contestId,
		actorUserId: change.actorUserId,
		action: change.action,
		targetType: change.targetType ?? null,
		targetId: change.targetId === undefined ? null : String(change.targetId),
		reason: change.reason ?? null,
		details: change.details ?? null
	};
	await db.insert(contestAuditLog).values(row);
	log.info({ contestAudit: row }, change.action);
}
