import type { SaveResult } from '../../quiz/types';
import { and, eq, inArray, sql, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import { ESSAY_MAX_CHARS, normalizeEssay } from '../../quiz/essay';
import type { Db } from '../db/client';
import { attemptQuestions } from '../db/schema';
import { validateSessionToken } from '../auth/session';
import { hashToken } from '../auth/token';
import { checkOpen } from './clock';
import { preparedStatement } from './prepared';
import { iso, isAttemptId } from './rows';

/** Most options a question can have, and most answers one request may carry (an offline queue). */
const MAX_OPTIONS = 26;
const MAX_BATCH = 200;
/**
 * The most a save's sequence number may be ahead of the stored one. The page numbers each change
 * of a question from the stored number + 1, so it is ahead by the changes it made before an
 * acknowledgement: a handful, never thousands. Anything further ahead (a forged request, a
 * tampered offline queue) is refused, so the stored number stays near what pages really produce
 * and can never reach the top, where no later save could be newer and the answer would freeze.
 */
export const MAX_SEQ_STEP = 10_000;

/** The message of a written answer over `ESSAY_MAX_CHARS` (the endpoint answers it with the limit). */
export const TEXT_TOO_LONG = 'text_too_long';

/**
 * One answer as the browser sends it: option positions as shown, never option ids or scores; for
 * an essay question its text instead (no options), at most `ESSAY_MAX_CHARS` characters.
 */
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
	flagged: z.boolean(),
	// Far above the cap only to tell "too long" from garbage; the body cap bounds it anyway.
	text: z
		.string()
		.max(ESSAY_MAX_CHARS * 4)
		.transform(normalizeEssay)
		.refine((t) => t.length <= ESSAY_MAX_CHARS, TEXT_TOO_LONG)
		.optional()
});
export const answerBatchSchema = z.object({
	saves: z.array(answerSaveSchema).max(MAX_BATCH)
});
export type AnswerSave = z.output<typeof answerSaveSchema>;

export type { SaveResult };

export type SaveOutcome =
	{ ok: true; results: SaveResult[] } | { ok: false; reason: 'not_found' | 'closed' };

/** Whose attempt it must be: a known user, or whoever holds a live session with this token hash. */
type Owner = { userId: number } | { sessionHash: string; sessionAt: string };

const SESSION_TOKEN = /^[a-z2-7]{32}$/;

/**
 * The save statement. In one round trip it checks that the attempt belongs to the owner (by user
 * id, or by a live session of an enabled account), is open, and that `now` (the request's
 * arrival on the app clock) is within the deadline plus grace; then it stores each answer that
 * is newer than the stored one (per-question sequence numbers: a stale or replayed save never
 * overwrites a newer answer), at most `MAX_SEQ_STEP` ahead of it, and whose options exist in
 * that question; an essay question takes a text and no options, a choice question no text. It
 * takes a share lock on
 * the attempt row, so a concurrent finish waits for it and scores it. Returns what it stored.
 */
async function storeAnswers(
	db: Db,
	input: { attemptId: string; owner: Owner; saves: AnswerSave[]; now: Date; graceMs: number }
) {
	const [first, ...more] = input.saves;
	const values = {
		attemptId: input.attemptId,
		at: iso(input.now),
		cutoff: iso(new Date(input.now.getTime() - input.graceMs)),
		...input.owner,
		...(more.length === 0
			? { ...first, selected: JSON.stringify(first.selected), text: first.text ?? null }
			: { saves: JSON.stringify(input.saves) })
	};
	const statements = 'userId' in input.owner ? saveStatements.forUser : saveStatements.forSession;
	const rows = await (more.length === 0 ? statements.one : statements.batch)(db, values);
	return new Map(rows.map((r) => [Number(r.position), Number(r.seq)]));
}

const placeholder = sql.placeholder;

function saveStatement(owner: SQL, saves: SQL) {
	return sql`
		with a as (
			select a.id from attempts a
			where a.id = ${placeholder('attemptId')}::uuid and ${owner}
				and a.status = 'in_progress' and a.deadline >= ${placeholder('cutoff')}::timestamptz
			for share of a
		)
		update attempt_questions aq
		set selected = v.selected, answer_text = v.text, seq = v.seq, flagged = v.flagged,
			saved_at = ${placeholder('at')}::timestamptz
		from a, ${saves}
		where aq.attempt_id = a.id and aq.position = v.position and aq.seq < v.seq
			and v.seq <= aq.seq + ${sql.raw(String(MAX_SEQ_STEP))}
			and case when aq.kind = 'essay'
				then v.text is not null and jsonb_array_length(v.selected) = 0
				else v.text is null and (aq.kind = 'multiple' or jsonb_array_length(v.selected) <= 1) end
			and not exists (
				select 1 from jsonb_array_elements_text(v.selected) as o(i)
				where o.i::int < 0 or o.i::int >= jsonb_array_length(aq.option_order)
			)
		returning aq.position, aq.seq`;
}

/**
 * The saves as rows `v`. One answer (an autosave on change, nearly every request) is given as
 * plain values, so PostgreSQL plans a primary-key lookup of that question's row; a batch (an
 * offline queue) comes as JSON, where the plan reads the attempt's questions and joins them.
 */
const oneSave = sql`(select ${placeholder('position')}::int as position, ${placeholder('seq')}::int as seq,
	${placeholder('selected')}::jsonb as selected, ${placeholder('flagged')}::boolean as flagged,
	${placeholder('text')}::text as text) as v`;
const batchOfSaves = sql`jsonb_to_recordset(${placeholder('saves')}::jsonb)
	as v(position int, seq int, selected jsonb, flagged boolean, text text)`;

const forUser = sql`a.user_id = ${placeholder('userId')}::int`;
const forSession = sql`exists (
		select 1 from sessions s join users u on u.id = s.user_id
		where s.id = ${placeholder('sessionHash')}::text and s.user_id = a.user_id
			and s.expires_at > ${placeholder('sessionAt')}::timestamptz
			and s.absolute_expires_at > ${placeholder('sessionAt')}::timestamptz
			and u.disabled_at is null)`;

type Stored = { position: number; seq: number };

const saveStatements = {
	forUser: {
		one: preparedStatement<Stored>('quiz_save_one_for_user', saveStatement(forUser, oneSave)),
		batch: preparedStatement<Stored>('quiz_save_for_user', saveStatement(forUser, batchOfSaves))
	},
	forSession: {
		one: preparedStatement<Stored>('quiz_save_one_for_session', saveStatement(forSession, oneSave)),
		batch: preparedStatement<Stored>(
			'quiz_save_for_session',
			saveStatement(forSession, batchOfSaves)
		)
	}
};

/** The newest save per question (a queue sent after being offline may hold several). */
function newestPerQuestion(saves: AnswerSave[]) {
	const latest = new Map<number, AnswerSave>();
	for (const s of saves) {
		const seen = latest.get(s.position);
		if (!seen || s.seq > seen.seq) latest.set(s.position, s);
	}
	return [...latest.values()];
}

const allSaved = (saves: AnswerSave[]): SaveOutcome => ({
	ok: true,
	results: saves.map((s) => ({ position: s.position, status: 'saved', seq: s.seq }))
});

/** After a save that did not store everything: closed, not the caller's, or stale/invalid items. */
async function explainOutcome(
	db: Db,
	input: { attemptId: string; userId: number; now: Date; graceMs: number },
	saves: AnswerSave[],
	savedAt: Map<number, number>
): Promise<SaveOutcome> {
	const open = await checkOpen(db, input);
	if (!open.ok) return open;
	return { ok: true, results: await explainUnsaved(db, input.attemptId, saves, savedAt) };
}

/**
 * Stores a signed-in user's answers (see `storeAnswers`). The caller acknowledges only after this
 * returns, i.e. after the commit.
 */
export async function saveAnswers(
	db: Db,
	input: { attemptId: string; userId: number; saves: AnswerSave[]; now: Date; graceMs: number }
): Promise<SaveOutcome> {
	if (!isAttemptId(input.attemptId)) return { ok: false, reason: 'not_found' };
	const saves = newestPerQuestion(input.saves);
	if (saves.length === 0) return nothingToSave(db, input);
	const savedAt = await storeAnswers(db, { ...input, owner: { userId: input.userId }, saves });
	if (savedAt.size === saves.length) return allSaved(saves);
	return explainOutcome(db, input, saves, savedAt);
}

/**
 * The autosave endpoint's path: the session check is part of the save statement, so a save that
 * goes through costs one database round trip in all. Only when something was not stored is the
 * session looked up the usual way, to tell a signed-out user from a closed or foreign attempt.
 */
export async function saveAnswersWithSession(
	db: Db,
	input: {
		attemptId: string;
		sessionToken: string | undefined;
		saves: AnswerSave[];
		now: Date;
		/**
		 * The app's own clock, by which sessions expire (as the hooks check them): `now` except on a
		 * test-clock server, where `now` is the test's instant.
		 */
		sessionNow?: Date;
		graceMs: number;
	}
): Promise<SaveOutcome | { ok: false; reason: 'signed_out' }> {
	const sessionNow = input.sessionNow ?? input.now;
	const token = input.sessionToken ?? '';
	if (!SESSION_TOKEN.test(token)) return { ok: false, reason: 'signed_out' };
	if (!isAttemptId(input.attemptId)) return { ok: false, reason: 'not_found' };
	const saves = newestPerQuestion(input.saves);
	const savedAt =
		saves.length > 0
			? await storeAnswers(db, {
					...input,
					owner: { sessionHash: hashToken(token), sessionAt: iso(sessionNow) },
					saves
				})
			: new Map<number, number>();
	if (saves.length > 0 && savedAt.size === saves.length) return allSaved(saves);
	const session = await validateSessionToken(db, token, sessionNow);
	if (!session) return { ok: false, reason: 'signed_out' };
	const who = { ...input, userId: session.user.id };
	return saves.length === 0 ? nothingToSave(db, who) : explainOutcome(db, who, saves, savedAt);
}

/** An empty batch (a heartbeat of the queue): only whether the attempt still takes saves. */
async function nothingToSave(
	db: Db,
	input: { attemptId: string; userId: number; now: Date; graceMs: number }
): Promise<SaveOutcome> {
	const open = await checkOpen(db, input);
	return open.ok ? { ok: true, results: [] } : open;
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
			answerText: attemptQuestions.answerText,
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
			(row.kind === 'essay'
				? s.text !== undefined && s.selected.length === 0
				: s.text === undefined &&
					s.selected.every((i) => i < row.optionOrder.length) &&
					(row.kind === 'multiple' || s.selected.length <= 1));
		// Options the question does not have, or a sequence number no page could have produced.
		if (!row || !fits || s.seq > row.seq + MAX_SEQ_STEP) {
			return { position: s.position, status: 'invalid', seq: row?.seq ?? 0 };
		}
		return {
			position: s.position,
			status: 'stale',
			seq: row.seq,
			selected: row.selected,
			flagged: row.flagged,
			...(row.kind === 'essay' ? { text: row.answerText ?? '' } : {})
		};
	});
}
