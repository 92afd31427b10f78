import { and, eq, inArray, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '../db/client';
import { attemptQuestions, attempts } from '../db/schema';
import { finishAttempt } from './finish';
import { iso, isAttemptId, rowsOf } from './rows';
import { isOverdue, saveCutoff } from './timing';

/** Most options a question can have, and most answers one request may carry (an offline queue). */
const MAX_OPTIONS = 26;
const MAX_BATCH = 200;

/** One answer as the browser sends it: option positions as shown, never option ids or scores. */
export const answerSaveSchema = z.object({
	position: z.number().int().min(1).max(1000),
	seq: z.number().int().min(1).max(2_000_000_000),
	selected: z
		.array(
			z
				.number()
				.int()
				.min(0)
				.max(MAX_OPTIONS - 1)
		)
		.max(MAX_OPTIONS)
		.transform((s) => [...new Set(s)].sort((a, b) => a - b)),
	flagged: z.boolean()
});
export const answerBatchSchema = z.object({
	saves: z.array(answerSaveSchema).max(MAX_BATCH)
});
export type AnswerSave = z.output<typeof answerSaveSchema>;

export type SaveResult = {
	position: number;
	/** saved: stored now; stale: a newer (or the same) save was already stored, its values attached; invalid: no such question, or an option it does not have. */
	status: 'saved' | 'stale' | 'invalid';
	seq: number;
	selected?: number[] | null;
	flagged?: boolean;
};

export type SaveOutcome =
	{ ok: true; results: SaveResult[] } | { ok: false; reason: 'not_found' | 'closed' };

/**
 * Stores answers in one statement, which also checks that the attempt is the caller's, is open,
 * that `now` (the request's arrival on the app clock) is within the deadline plus grace, that the
 * save is newer than what is stored (per-question sequence numbers, so a stale or replayed save
 * never overwrites a newer answer), and that every chosen option exists in that question. It
 * takes a share lock on the attempt row, so a concurrent finish waits for it and scores it.
 * The caller acknowledges only after this returns, i.e. after the commit.
 */
export async function saveAnswers(
	db: Db,
	input: { attemptId: string; userId: number; saves: AnswerSave[]; now: Date; graceMs: number }
): Promise<SaveOutcome> {
	if (!isAttemptId(input.attemptId)) return { ok: false, reason: 'not_found' };
	const latest = new Map<number, AnswerSave>();
	for (const s of input.saves) {
		const seen = latest.get(s.position);
		if (!seen || s.seq > seen.seq) latest.set(s.position, s);
	}
	const saves = [...latest.values()];
	if (saves.length === 0) return checkOpen(db, input);

	const at = iso(input.now);
	const cutoff = iso(new Date(input.now.getTime() - input.graceMs));
	const stored = rowsOf<{ position: number; seq: number }>(
		await db.execute(sql`
			with a as (
				select id from attempts
				where id = ${input.attemptId}::uuid and user_id = ${input.userId}
					and status = 'in_progress' and deadline >= ${cutoff}::timestamptz
				for share
			)
			update attempt_questions aq
			set selected = v.selected, seq = v.seq, flagged = v.flagged, saved_at = ${at}::timestamptz
			from a, jsonb_to_recordset(${JSON.stringify(saves)}::jsonb)
				as v(position int, seq int, selected jsonb, flagged boolean)
			where aq.attempt_id = a.id and aq.position = v.position and aq.seq < v.seq
				and (aq.kind = 'multiple' or jsonb_array_length(v.selected) <= 1)
				and not exists (
					select 1 from jsonb_array_elements_text(v.selected) as o(i)
					where o.i::int < 0 or o.i::int >= jsonb_array_length(aq.option_order)
				)
			returning aq.position, aq.seq`)
	);
	const savedAt = new Map(stored.map((r) => [Number(r.position), Number(r.seq)]));
	if (savedAt.size === saves.length) {
		return {
			ok: true,
			results: saves.map((s) => ({ position: s.position, status: 'saved', seq: s.seq }))
		};
	}
	const open = await checkOpen(db, input);
	if (!open.ok) return open;
	return { ok: true, results: await explainUnsaved(db, input.attemptId, saves, savedAt) };
}

/** Why some saves were not stored, with the stored values of the stale ones. */
async function explainUnsaved(
	db: Db,
	attemptId: string,
	saves: AnswerSave[],
	savedAt: Map<number, number>
): Promise<SaveResult[]> {
	const missing = saves.filter((s) => !savedAt.has(s.position)).map((s) => s.position);
	const rows = await db
		.select({
			position: attemptQuestions.position,
			kind: attemptQuestions.kind,
			optionOrder: attemptQuestions.optionOrder,
			selected: attemptQuestions.selected,
			flagged: attemptQuestions.flagged,
			seq: attemptQuestions.seq
		})
		.from(attemptQuestions)
		.where(
			and(eq(attemptQuestions.attemptId, attemptId), inArray(attemptQuestions.position, missing))
		);
	const byPosition = new Map(rows.map((r) => [r.position, r]));
	return saves.map((s): SaveResult => {
		if (savedAt.has(s.position)) return { position: s.position, status: 'saved', seq: s.seq };
		const row = byPosition.get(s.position);
		const fits =
			row &&
			s.selected.every((i) => i < row.optionOrder.length) &&
			(row.kind === 'multiple' || s.selected.length <= 1);
		if (!row || !fits) return { position: s.position, status: 'invalid', seq: row?.seq ?? 0 };
		return {
			position: s.position,
			status: 'stale',
			seq: row.seq,
			selected: row.selected,
			flagged: row.flagged
		};
	});
}

/**
 * Whether the attempt is the caller's and still takes saves. One past its deadline and grace is
 * finished here (finishing on access), so the answer is `closed` from then on.
 */
async function checkOpen(
	db: Db,
	input: { attemptId: string; userId: number; now: Date; graceMs: number }
): Promise<SaveOutcome> {
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
	return { ok: true, results: [] };
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
