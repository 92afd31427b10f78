import { and, eq, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../db/client';
import { attempts, type AttemptKind, type QuizConfig } from '../db/schema';
import { log } from '../log';
import { drawQuestions, type BankQuestion } from './draw';
import { finishAttempt } from './finish';
import { preparedStatement } from './prepared';
import { newSeed } from './random';
import { iso } from './rows';
import { computeDeadline, isPastDeadline } from './timing';

export type StartResult =
	| { ok: true; attemptId: string; resumed: boolean }
	| { ok: false; reason: 'no_attempts_left' | 'no_questions' | 'closed' | 'refused' };

/** Everything the engine needs to start an attempt at something: a module's quiz, a round, a review. */
export type AttemptSpec = {
	userId: number;
	kind: AttemptKind;
	/** What is being sat: "module:<id>", "round:<id>", "review". Attempts are counted per subject. */
	subject: string;
	moduleId?: string | null;
	roundId?: number | null;
	config: QuizConfig;
	/** A contest round's close: no start after it, and no deadline beyond it. */
	windowClosesAt?: Date | null;
	/**
	 * The questions to draw from. Without `bankKey` it is only read when a new attempt is really
	 * made; with one, it is read once per process and key (see `bankKey`).
	 */
	loadBank: () => Promise<BankQuestion[]>;
	/**
	 * Names an immutable bank (e.g. a module id with its content hash): the engine then keeps the
	 * bank in memory, draws before it touches the database, and starts in one statement. The
	 * statement checks that every drawn question version is still current; if one is not, the
	 * cached bank is dropped and read again. Leave it out for a bank that changes without a new key.
	 */
	bankKey?: string;
	/**
	 * Conditions the start statement itself checks (see `guardedStartStatement`), e.g. that a
	 * contest round's candidate is registered and the round's settings the paper was drawn with
	 * are still the stored ones. When they do not hold, nothing is started or resumed: `refused`.
	 */
	guard?: { statement: StartStatement; values: Record<string, unknown> };
};

const MAX_TRIES = 3;

/** Banks by key, per database handle (tests open many databases in one process). */
const bankCache = new WeakMap<Db, Map<string, Promise<BankQuestion[]>>>();
const BANK_CACHE_SIZE = 200;

function cachedBank(db: Db, spec: AttemptSpec): Promise<BankQuestion[]> {
	if (!spec.bankKey) return spec.loadBank();
	let banks = bankCache.get(db);
	if (!banks) bankCache.set(db, (banks = new Map()));
	let bank = banks.get(spec.bankKey);
	if (!bank) {
		if (banks.size >= BANK_CACHE_SIZE) banks.delete(banks.keys().next().value!);
		bank = spec.loadBank();
		banks.set(spec.bankKey, bank);
		const key = spec.bankKey;
		bank.catch(() => banks.delete(key));
	}
	return bank;
}

function forgetBank(db: Db, key: string) {
	bankCache.get(db)?.delete(key);
}

const placeholder = sql.placeholder;

type StartRow = {
	created: string | null;
	open_id: string | null;
	open_deadline: string | Date | null;
	used: number;
	stale: boolean;
	guard_ok: boolean;
};

/**
 * The start in one statement (autocommit, so one round trip): the open attempt if there is one;
 * otherwise, when the attempt limit allows and every drawn question version is (still) current,
 * the attempt and its questions inserted together. Concurrent starts: the unique indexes make one
 * insert win (ON CONFLICT DO NOTHING); the others insert nothing (their question rows come from
 * the attempt insert's RETURNING, so none either) and go round to resume the winner's attempt.
 * `guard` is a query of one row with a boolean `ok`: when it is false, nothing is inserted and no
 * open attempt is returned.
 */
function startStatementText(guard: SQL) {
	return sql`
	with guard as (${guard}),
	open as (
		select id, deadline from attempts
		where user_id = ${placeholder('userId')}::int and subject = ${placeholder('subject')}::text
			and status = 'in_progress' and (select ok from guard)
	),
	used as (
		select coalesce(max(attempt_no), 0)::int as n from attempts
		where user_id = ${placeholder('userId')}::int and subject = ${placeholder('subject')}::text
	),
	paper as (
		select * from jsonb_to_recordset(${placeholder('paper')}::jsonb)
			as p(position int, key text, version int, kind text, option_order jsonb)
	),
	stale as (
		select ${placeholder('checkCurrent')}::boolean and exists (
			select 1 from paper p
			where not exists (
				select 1 from question_versions qv
				where qv.key = p.key and qv.version = p.version and qv.is_current
			)
		) as stale
	),
	created as (
		insert into attempts (user_id, kind, subject, attempt_no, module_id, round_id, config, seed,
			started_at, deadline)
		select ${placeholder('userId')}::int, ${placeholder('kind')}::text, ${placeholder('subject')}::text,
			used.n + 1, ${placeholder('moduleId')}::text, ${placeholder('roundId')}::int,
			${placeholder('config')}::jsonb, ${placeholder('seed')}::text,
			${placeholder('startedAt')}::timestamptz, ${placeholder('deadline')}::timestamptz
		from used, stale, guard
		where guard.ok and not exists (select 1 from open) and not stale.stale
			and (${placeholder('allowed')}::int is null or used.n + 1 <= ${placeholder('allowed')}::int)
		on conflict do nothing
		returning id
	),
	questions as (
		insert into attempt_questions (attempt_id, position, question_key, question_version, kind,
			option_order)
		select created.id, p.position, p.key, p.version, p.kind, p.option_order
		from created, paper p
	)
	select (select id from created) as created, (select id from open) as open_id,
		(select deadline from open) as open_deadline, (select n from used) as used,
		(select stale from stale) as stale, (select ok from guard) as guard_ok`;
}

export type StartStatement = ReturnType<typeof preparedStatement<StartRow>>;

/**
 * The start statement with conditions of the caller's (`guard`: one row with a boolean `ok`,
 * its own placeholders; `name` names the prepared statement). Made once, at module load.
 */
export const guardedStartStatement = (name: string, guard: SQL): StartStatement =>
	preparedStatement<StartRow>(name, startStatementText(guard));

const startStatement = guardedStartStatement('quiz_start', sql`select true as ok`);

async function openAttempt(db: Db, userId: number, subject: string) {
	const [open] = await db
		.select({ id: attempts.id, deadline: attempts.deadline })
		.from(attempts)
		.where(
			and(
				eq(attempts.userId, userId),
				eq(attempts.subject, subject),
				eq(attempts.status, 'in_progress')
			)
		);
	return open ?? null;
}

const started = (spec: AttemptSpec, attemptId: string): StartResult => {
	log.info({ attemptId, userId: spec.userId, subject: spec.subject }, 'quiz.attempt_started');
	return { ok: true, attemptId, resumed: false };
};

/**
 * Starts an attempt, or resumes the one in progress. The start time and deadline are the server's.
 * The paper is drawn in memory first (from the cached bank when the spec names one, otherwise
 * from `loadBank` once it is clear a new attempt is due), then one statement resumes or inserts
 * the attempt with all its questions. Concurrent starts (a double click, 50 tabs) make one
 * attempt: the unique (user, subject, number) and one-open-attempt indexes let one insert
 * through; the losers go round and resume the winner's attempt. An attempt past its deadline is
 * finished here rather than resumed, so coming back never reopens it.
 */
export async function startAttempt(
	db: Db,
	spec: AttemptSpec,
	options: { now?: Date; seed?: string } = {}
): Promise<StartResult> {
	const now = options.now ?? new Date();
	if (spec.windowClosesAt && now >= spec.windowClosesAt) {
		// Every attempt at it is past its deadline (capped by the close): finish it, start none.
		const open = await openAttempt(db, spec.userId, spec.subject);
		if (open && !isPastDeadline(open.deadline, now)) {
			return { ok: true, attemptId: open.id, resumed: true };
		}
		if (open) await finishAttempt(db, open.id, { now });
		return { ok: false, reason: 'closed' };
	}
	const deadline = computeDeadline(now, spec.config.timeLimitSeconds, spec.windowClosesAt);
	const allowed = spec.config.attemptsAllowed ?? null;
	for (let attempt = 0; attempt < MAX_TRIES; attempt++) {
		if (!spec.bankKey && !spec.guard) {
			// The bank may be costly to read: only once a new attempt is really due. (With a
			// guard, even resuming waits for the statement, which checks it.)
			const open = await openAttempt(db, spec.userId, spec.subject);
			if (open && !isPastDeadline(open.deadline, now)) {
				return { ok: true, attemptId: open.id, resumed: true };
			}
			if (open) await finishAttempt(db, open.id, { now });
		}
		const seed = options.seed ?? newSeed();
		const { questions, shortfall } = drawQuestions(await cachedBank(db, spec), spec.config, seed);
		if (questions.length === 0) return { ok: false, reason: 'no_questions' };
		if (shortfall > 0) {
			log.warn({ subject: spec.subject, shortfall }, 'quiz draw rules could not be filled');
		}
		const paper = questions.map((q, i) => ({
			position: i + 1,
			key: q.key,
			version: q.version,
			kind: q.kind,
			option_order: q.optionOrder
		}));
		const [row] = await (spec.guard?.statement ?? startStatement)(db, {
			...spec.guard?.values,
			userId: spec.userId,
			subject: spec.subject,
			kind: spec.kind,
			moduleId: spec.moduleId ?? null,
			roundId: spec.roundId ?? null,
			config: JSON.stringify({ ...spec.config, questionCount: questions.length }),
			seed,
			startedAt: iso(now),
			deadline: iso(deadline),
			allowed,
			checkCurrent: Boolean(spec.bankKey),
			paper: JSON.stringify(paper)
		});
		if (!row.guard_ok) return { ok: false, reason: 'refused' };
		if (row.created) return started(spec, row.created);
		if (row.open_id) {
			if (!isPastDeadline(new Date(row.open_deadline!), now)) {
				return { ok: true, attemptId: row.open_id, resumed: true };
			}
			await finishAttempt(db, row.open_id, { now });
			continue;
		}
		if (allowed !== null && Number(row.used) + 1 > allowed) {
			return { ok: false, reason: 'no_attempts_left' };
		}
		if (row.stale && spec.bankKey) {
			// The bank changed under the cache (a question retired): read it again.
			forgetBank(db, spec.bankKey);
			continue;
		}
		// Another request made this attempt first: go round and resume it.
	}
	throw new Error(`could not start an attempt at ${spec.subject} for user ${spec.userId}`);
}

/** The subject of a module's practice quiz. */
export const moduleSubject = (moduleId: string) => `module:${moduleId}`;
