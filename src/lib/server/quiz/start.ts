import { and, eq, max } from 'drizzle-orm';
import type { Db } from '../db/client';
import { attemptQuestions, attempts, type AttemptKind, type QuizConfig } from '../db/schema';
import { log } from '../log';
import { drawQuestions, type BankQuestion } from './draw';
import { finishAttempt } from './finish';
import { newSeed } from './random';
import { computeDeadline, isPastDeadline } from './timing';

export type StartResult =
	| { ok: true; attemptId: string; resumed: boolean }
	| { ok: false; reason: 'no_attempts_left' | 'no_questions' | 'closed' };

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
	/** The questions to draw from; only read when a new attempt is really made. */
	loadBank: () => Promise<BankQuestion[]>;
};

const MAX_TRIES = 3;

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

/**
 * Starts an attempt, or resumes the one in progress. The start time and deadline are the server's.
 * Concurrent starts (a double click, 50 tabs) make one attempt: each computes the next attempt
 * number and inserts it with ON CONFLICT DO NOTHING on the unique (user, subject, number) and
 * one-open-attempt indexes; the losers then find and resume the winner's attempt. An attempt past
 * its deadline is finished here rather than resumed, so coming back never reopens it.
 */
export async function startAttempt(
	db: Db,
	spec: AttemptSpec,
	options: { now?: Date; seed?: string } = {}
): Promise<StartResult> {
	const now = options.now ?? new Date();
	for (let attempt = 0; attempt < MAX_TRIES; attempt++) {
		const open = await openAttempt(db, spec.userId, spec.subject);
		if (open && !isPastDeadline(open.deadline, now)) {
			return { ok: true, attemptId: open.id, resumed: true };
		}
		if (open) await finishAttempt(db, open.id, { now });

		if (spec.windowClosesAt && now >= spec.windowClosesAt) return { ok: false, reason: 'closed' };
		const [{ used }] = await db
			.select({ used: max(attempts.attemptNo) })
			.from(attempts)
			.where(and(eq(attempts.userId, spec.userId), eq(attempts.subject, spec.subject)));
		const attemptNo = (used ?? 0) + 1;
		const allowed = spec.config.attemptsAllowed;
		if (allowed !== null && allowed !== undefined && attemptNo > allowed) {
			// A concurrent start may have made the last allowed attempt between our two reads (seen
			// on PostgreSQL with 50 parallel starts of a one-attempt round): resume it, not refuse.
			if (await openAttempt(db, spec.userId, spec.subject)) continue;
			return { ok: false, reason: 'no_attempts_left' };
		}

		const seed = options.seed ?? newSeed();
		const { questions, shortfall } = drawQuestions(await spec.loadBank(), spec.config, seed);
		if (questions.length === 0) return { ok: false, reason: 'no_questions' };
		if (shortfall > 0) {
			log.warn({ subject: spec.subject, shortfall }, 'quiz draw rules could not be filled');
		}
		const deadline = computeDeadline(now, spec.config.timeLimitSeconds, spec.windowClosesAt);
		const created = await db.transaction(async (tx) => {
			const [row] = await tx
				.insert(attempts)
				.values({
					userId: spec.userId,
					kind: spec.kind,
					subject: spec.subject,
					attemptNo,
					moduleId: spec.moduleId ?? null,
					roundId: spec.roundId ?? null,
					config: { ...spec.config, questionCount: questions.length },
					seed,
					startedAt: now,
					deadline
				})
				.onConflictDoNothing()
				.returning({ id: attempts.id });
			if (!row) return null;
			await tx.insert(attemptQuestions).values(
				questions.map((q, i) => ({
					attemptId: row.id,
					position: i + 1,
					questionKey: q.key,
					questionVersion: q.version,
					kind: q.kind,
					optionOrder: q.optionOrder
				}))
			);
			return row.id;
		});
		if (created) {
			log.info(
				{ attemptId: created, userId: spec.userId, subject: spec.subject },
				'quiz.attempt_started'
			);
			return { ok: true, attemptId: created, resumed: false };
		}
		// Another request made this attempt first: go round and resume it.
	}
	throw new Error(`could not start an attempt at ${spec.subject} for user ${spec.userId}`);
}

/** The subject of a module's practice quiz. */
export const moduleSubject = (moduleId: string) => `module:${moduleId}`;
