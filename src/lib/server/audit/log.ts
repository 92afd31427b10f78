import { and, desc, eq } from 'drizzle-orm';
import type { DbOrTx } from '../db/client';
import { auditLog } from '../db/schema';
import { log } from '../log';

export type AuditEntry = {
	actorUserId?: number | null;
	action: string;
	targetType?: string;
	targetId?: string | number;
	orgUnitId?: number | null;
	success?: boolean;
	details?: Record<string, unknown>;
	ip?: string | null;
};

/**
 * Records a security- or data-relevant event in the audit table (inside the caller's transaction
 * when given one) and in the structured log.
 */
export async function recordAudit(db: DbOrTx, entry: AuditEntry) {
	const row = {
		actorUserId: entry.actorUserId ?? null,
		action: entry.action,
		targetType: entry.targetType ?? null,
		targetId: entry.targetId === undefined ? null : String(entry.targetId),
		orgUnitId: entry.orgUnitId ?? null,
		success: entry.success ?? true,
		details: entry.details ?? null,
		ip: entry.ip ?? null
	};
	await db.insert(auditLog).values(row);
	log.info({ audit: row }, entry.action);
}

export async function auditEntriesFor(db: DbOrTx, targetType: string, targetId: string | number) {
	return db
		.select()
		.from(auditLog)
		.where(and(eq(auditLog.targetType, targetType), eq(auditLog.targetId, String(targetId))))
		.orderBy(desc(auditLog.at))
		.limit(100);
}
