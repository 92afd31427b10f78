import { and, asc, eq, isNull, lte } from 'drizzle-orm';
import type { Db, DbOrTx } from '../db/client';
import { attempts, questionVersions, reviewCards, type QuizConfig } from '../db/schema';
import type { BankQuestion } from './draw';
import { startAttempt, type StartResult } from './start';

export const REVIEW_SESSION_SIZE = 10;
export const REVIEW_SECONDS_PER_QUESTION = 90;
export const REVIEW_SUBJECT = 'review';

/** Due cards whose question still has a current version, most overdue and lowest box first. */
async function dueBank(db: DbOrTx, userId: number, now: Date): Promise<BankQuestion[]> {
	const rows = await db
		.select({
			key: questionVersions.key,
			version: questionVersions.version,
			kind: questionVersions.kind,
			topic: questionVersions.topic,
			difficulty: questionVersions.difficulty,
			options: questionVersions.options
		})
		.from(reviewCards)
		.innerJoin(
			questionVersions,
			and(eq(questionVersions.key, reviewCards.questionKey), eq(questionVersions.isCurrent, true))
		)
		.where(
			and(
				eq(reviewCards.userId, userId),
				isNull(reviewCards.masteredAt),
				lte(reviewCards.dueAt, now)
			)
		)
		.orderBy(asc(reviewCards.dueAt), asc(reviewCards.box))
		.limit(REVIEW_SESSION_SIZE);
	return rows.map(({ options, ...q }) => ({ ...q, optionIds: options.map((o) => o.id) }));
}

/** "Practise my mistakes": a short timed session of due cards through the same attempt engine. */
export async function startReviewSession(
	db: Db,
	input: { userId: number; now?: Date; seed?: string }
): Promise<StartResult | { ok: false; reason: 'nothing_due' }> {
	const now = input.now ?? new Date();
	const bank = await dueBank(db, input.userId, now);
	const n = Math.max(bank.length, 1);
	const config: QuizConfig = {
		questionCount: n,
		timeLimitSeconds: n * REVIEW_SECONDS_PER_QUESTION,
		passPercent: 100,
		attemptsAllowed: null,
		review: 'full',
		multipleScoring: 'all_or_nothing',
		draw: []
	};
	const result = await startAttempt(
		db,
		{
			userId: input.userId,
			kind: 'review',
			subject: REVIEW_SUBJECT,
			config,
			loadBank: async () => bank
		},
		{ now, seed: input.seed }
	);
	if (!result.ok && result.reason === 'no_questions') return { ok: false, reason: 'nothing_due' };
	return result;
}

/** The review session in progress, if any (to continue rather than start). */
export async function openReviewSession(db: DbOrTx, userId: number): Promise<string | null> {
	const [row] = await db
		.select({ id: attempts.id })
		.from(attempts)
		.where(
			and(
				eq(attempts.userId, userId),
				eq(attempts.subject, REVIEW_SUBJECT),
				eq(attempts.status, 'in_progress')
			)
		);
	return row?.id ?? null;
}
