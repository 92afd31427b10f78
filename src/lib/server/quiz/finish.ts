import { and, asc, eq, lt, sql } from 'drizzle-orm';
import type { Db, Tx } from '../db/client';
import { attemptQuestions, attempts, questionVersions, type AttemptKind } from '../db/schema';
import type { QuizConfig } from '../db/schema';
import { log } from '../log';
import { recordReviewOutcomes } from './deck';
import { iso, isAttemptId } from './rows';
import { isMistake, scoreAnswer, summarizeScore } from './scoring';

export type FinishResult = 'finished' | 'already_finished' | 'not_found';

type ClosedAttempt = {
	id: string;
	userId: number;
	kind: AttemptKind;
	config: QuizConfig;
	finishReason: string | null;
};

/**
 * Scores a just-closed attempt from its stored answers and the key, inside the transaction that
 * closed it, and feeds its mistakes to the review deck. Runs exactly once per attempt because
 * only the transaction whose conditional update closed the attempt gets here.
 */
async function scoreClosedAttempt(tx: Tx, attempt: ClosedAttempt, now: Date) {
	const rows = await tx
		.select({
			position: attemptQuestions.position,
			kind: attemptQuestions.kind,
			optionOrder: attemptQuestions.optionOrder,
			selected: attemptQuestions.selected,
			questionKey: attemptQuestions.questionKey,
			correct: questionVersions.correct,
			topic: questionVersions.topic,
			moduleId: questionVersions.moduleId
		})
		.from(attemptQuestions)
		.innerJoin(
			questionVersions,
			and(
				eq(questionVersions.key, attemptQuestions.questionKey),
				eq(questionVersions.version, attemptQuestions.questionVersion)
			)
		)
		.where(eq(attemptQuestions.attemptId, attempt.id))
		.orderBy(asc(attemptQuestions.position));
	const scored = rows.map((r) => ({
		...r,
		points: scoreAnswer(r, attempt.config.multipleScoring)
	}));
	if (scored.length > 0) {
		const points = JSON.stringify(scored.map((r) => ({ position: r.position, points: r.points })));
		await tx.execute(sql`
			update attempt_questions aq set points = v.points
			from jsonb_to_recordset(${points}::jsonb) as v(position int, points real)
			where aq.attempt_id = ${attempt.id}::uuid and aq.position = v.position`);
	}
	const summary = summarizeScore(scored, attempt.config.passPercent);
	await tx
		.update(attempts)
		.set({ score: summary.score, maxScore: summary.maxScore, passed: summary.passed })
		.where(eq(attempts.id, attempt.id));
	await recordReviewOutcomes(tx, {
		userId: attempt.userId,
		kind: attempt.kind,
		now,
		outcomes: scored.map((r) => ({
			questionKey: r.questionKey,
			moduleId: r.moduleId,
			mistake: isMistake(r.points)
		}))
	});
	log.info(
		{
			attemptId: attempt.id,
			userId: attempt.userId,
			reason: attempt.finishReason,
			score: summary.score,
			maxScore: summary.maxScore
		},
		'quiz.attempt_finished'
	);
}

const closedColumns = {
	id: attempts.id,
	userId: attempts.userId,
	kind: attempts.kind,
	config: attempts.config,
	finishReason: attempts.finishReason
};

/**
 * Closes an open attempt: finished now (submitted), or, when the deadline has passed, recorded as
 * finished at the deadline (whenever the server noticed).
 */
function closeAttempt(tx: Tx, id: string, now: Date, userId?: number) {
	const at = iso(now);
	return tx
		.update(attempts)
		.set({
			status: 'finished',
			finishedAt: sql`least(${at}::timestamptz, ${attempts.deadline})`,
			finishReason: sql`case when ${at}::timestamptz < ${attempts.deadline} then 'submitted' else 'deadline' end`
		})
		.where(
			and(
				eq(attempts.id, id),
				eq(attempts.status, 'in_progress'),
				userId === undefined ? undefined : eq(attempts.userId, userId)
			)
		)
		.returning(closedColumns);
}

/**
 * Finishes an attempt and scores it, exactly once however many calls race (a double-clicked
 * submit, two tabs, the sweeper): the conditional update lets one transaction through; the others
 * wait for its row lock, then find the attempt finished. Saves in flight hold a share lock on the
 * attempt row, so the score includes every save acknowledged before the close. With `userId`,
 * only that user's attempt can be finished (others get `not_found`).
 */
export async function finishAttempt(
	db: Db,
	attemptId: string,
	options: { now?: Date; userId?: number } = {}
): Promise<FinishResult> {
	if (!isAttemptId(attemptId)) return 'not_found';
	const now = options.now ?? new Date();
	return db.transaction(async (tx) => {
		const [closed] = await closeAttempt(tx, attemptId, now, options.userId);
		if (closed) {
			await scoreClosedAttempt(tx, closed, now);
			return 'finished';
		}
		const [existing] = await tx
			.select({ userId: attempts.userId })
			.from(attempts)
			.where(eq(attempts.id, attemptId));
		if (!existing || (options.userId !== undefined && existing.userId !== options.userId)) {
			return 'not_found';
		}
		return 'already_finished';
	});
}

/**
 * The sweeper: finishes attempts whose deadline and grace have passed, whether or not the learner
 * ever comes back; they are recorded as finished at their deadline with their last acknowledged
 * answers. Safe on several app instances at once: each batch claims its rows with
 * `FOR UPDATE SKIP LOCKED`, so instances take different attempts, and closing is conditional
 * anyway. Returns how many attempts this call finished.
 */
export async function finishOverdueAttempts(
	db: Db,
	options: { now?: Date; graceMs: number; batchSize?: number; maxBatches?: number }
): Promise<number> {
	const now = options.now ?? new Date();
	const cutoff = new Date(now.getTime() - options.graceMs);
	const batchSize = options.batchSize ?? 50;
	let total = 0;
	for (let batch = 0; batch < (options.maxBatches ?? 100); batch++) {
		const finished = await db.transaction(async (tx) => {
			const due = await tx
				.select({ id: attempts.id })
				.from(attempts)
				.where(and(eq(attempts.status, 'in_progress'), lt(attempts.deadline, cutoff)))
				.orderBy(asc(attempts.deadline))
				.limit(batchSize)
				.for('update', { skipLocked: true });
			let n = 0;
			for (const { id } of due) {
				const [closed] = await closeAttempt(tx, id, now);
				if (closed) {
					await scoreClosedAttempt(tx, closed, now);
					n++;
				}
			}
			return { claimed: due.length, n };
		});
		total += finished.n;
		if (finished.claimed < batchSize) break;
	}
	return total;
}
