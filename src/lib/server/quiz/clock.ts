import { eq } from 'drizzle-orm';
import type { Db } from '../db/client';
import { attempts } from '../db/schema';
import { finishAttempt } from './finish';
import { isAttemptId } from './rows';
import { isOverdue, saveCutoff } from './timing';

export type OpenCheck = { ok: true } | { ok: false; reason: 'not_found' | 'closed' };

/**
 * Whether the attempt is the caller's and still takes saves. One past its deadline and grace is
 * finished here (finishing on access), so the answer is `closed` from then on.
 */
export async function checkOpen(
	db: Db,
	input: { attemptId: string; userId: number; now: Date; graceMs: number }
): Promise<OpenCheck> {
	const [row] = await db
		.select({ userId: attempts.userId, status: attempts.status, deadline: attempts.deadline })
		.from(attempts)
		.where(eq(attempts.id, input.attemptId));
	if (!row || row.userId !== input.userId) return { ok: false, reason: 'not_found' };
	if (row.status !== 'in_progress') return { ok: false, reason: 'closed' };
	if (isOverdue(row.deadline, input.now, input.graceMs)) {
		await finishAttempt(db, input.attemptId, { now: input.now });
		return { ok: false, reason: 'closed' };
	}
	return { ok: true };
}

export type AttemptClock = {
	serverNow: string;
	deadline: string;
	/** Saves are accepted until this moment (deadline + grace). */
	acceptsUntil: string;
	status: 'open' | 'finished';
};

/**
 * The heartbeat: the attempt's deadline and the server's time, so the browser's countdown can
 * correct for its clock. An attempt past its deadline and grace is finished on this access.
 */
export async function attemptClock(
	db: Db,
	input: { attemptId: string; userId: number; now: Date; graceMs: number }
): Promise<AttemptClock | null> {
	if (!isAttemptId(input.attemptId)) return null;
	const open = await checkOpen(db, input);
	if (!open.ok && open.reason === 'not_found') return null;
	const [row] = await db
		.select({ deadline: attempts.deadline })
		.from(attempts)
		.where(eq(attempts.id, input.attemptId));
	return {
		serverNow: new Date().toISOString(),
		deadline: row.deadline.toISOString(),
		acceptsUntil: saveCutoff(row.deadline, input.graceMs).toISOString(),
		status: open.ok ? 'open' : 'finished'
	};
}
