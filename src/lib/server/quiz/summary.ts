import { and, desc, eq } from 'drizzle-orm';
import type { DbOrTx } from '../db/client';
import { attempts, modules } from '../db/schema';
import type { AttemptHistoryItem, QuizSummary } from '../../quiz/types';
import { moduleSubject } from './start';

const percentOf = (score: number | null, max: number | null) =>
	score === null || !max ? null : Math.round((score / max) * 1000) / 10;

/** A learner's attempts at a module's quiz, newest first. Scores hidden when the quiz shows none. */
export async function moduleAttemptHistory(
	db: DbOrTx,
	userId: number,
	moduleId: string
): Promise<AttemptHistoryItem[]> {
	const rows = await db
		.select({
			id: attempts.id,
			attemptNo: attempts.attemptNo,
			status: attempts.status,
			startedAt: attempts.startedAt,
			finishedAt: attempts.finishedAt,
			finishReason: attempts.finishReason,
			score: attempts.score,
			maxScore: attempts.maxScore,
			passed: attempts.passed,
			config: attempts.config
		})
		.from(attempts)
		.where(and(eq(attempts.userId, userId), eq(attempts.subject, moduleSubject(moduleId))))
		.orderBy(desc(attempts.attemptNo));
	return rows.map((r) => ({
		id: r.id,
		attemptNo: r.attemptNo,
		status: r.status,
		startedAt: r.startedAt.toISOString(),
		finishedAt: r.finishedAt?.toISOString() ?? null,
		finishReason: r.finishReason,
		percent: r.config.review === 'none' ? null : percentOf(r.score, r.maxScore),
		passed: r.status === 'finished' ? r.passed : null
	}));
}

/**
 * What a module page shows about its practice quiz: attempts used and left, best score, whether
 * the practice is passed (a finished attempt at or above the pass mark) and since when, and the
 * attempt in progress, if any. Null when the module has no quiz.
 */
export async function quizSummaryForModule(
	db: DbOrTx,
	userId: number,
	moduleId: string
): Promise<QuizSummary | null> {
	const [module] = await db
		.select({ slug: modules.slug, quiz: modules.quiz })
		.from(modules)
		.where(eq(modules.id, moduleId));
	if (!module?.quiz) return null;
	const history = await moduleAttemptHistory(db, userId, moduleId);
	const allowed = module.quiz.attemptsAllowed ?? null;
	const passedAttempts = history.filter((a) => a.passed);
	const firstPass = passedAttempts.at(-1) ?? null;
	const percents = history.map((a) => a.percent).filter((p): p is number => p !== null);
	const open = history.find((a) => a.status === 'in_progress') ?? null;
	return {
		moduleSlug: module.slug,
		questionCount: module.quiz.questionCount,
		timeLimitSeconds: module.quiz.timeLimitSeconds,
		passPercent: module.quiz.passPercent,
		attemptsUsed: history.length,
		attemptsAllowed: allowed,
		attemptsLeft: allowed === null ? null : Math.max(0, allowed - history.length),
		bestPercent: percents.length > 0 ? Math.max(...percents) : null,
		passed: firstPass !== null,
		passedAt: firstPass?.finishedAt ?? null,
		openAttemptId: open?.id ?? null
	};
}

/** Modules whose practice quiz the learner has passed (any finished attempt at the pass mark). */
export async function passedPracticeModuleIds(db: DbOrTx, userId: number): Promise<Set<string>> {
	const rows = await db
		.selectDistinct({ moduleId: attempts.moduleId })
		.from(attempts)
		.where(
			and(
				eq(attempts.userId, userId),
				eq(attempts.kind, 'practice'),
				eq(attempts.status, 'finished'),
				eq(attempts.passed, true)
			)
		);
	return new Set(rows.map((r) => r.moduleId).filter((id): id is string => id !== null));
}
