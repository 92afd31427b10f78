import { and, desc, eq, isNull, sql } from 'drizzle-orm';
import type { DbOrTx } from '../db/client';
import {
	attemptQuestions,
	attempts,
	contestRegistrations,
	questionVersions,
	type ContestRound
} from '../db/schema';
import { roundSubject } from '../contests/round-attempt';
import { questionHtml } from '../quiz/text';

/** One essay as judges read it: the prompt the candidate saw and what they wrote. */
export type JudgedEssay = { promptHtml: string; text: string };

/**
 * The essays of an essay round by registration: each candidate's submitted attempt (finished; the
 * latest if the round allowed several), its essay questions in order. Nothing of an attempt still
 * being written. Read only through `judgeView`, which a judge reaches through `judgeSeat` (on the
 * round's panel) and which shows candidates by code until the lock; no name or unit is read here.
 */
export async function roundEssays(
	db: DbOrTx,
	round: Pick<ContestRound, 'id' | 'levelId' | 'kind'>
): Promise<Map<number, JudgedEssay[]>> {
	const essays = new Map<number, JudgedEssay[]>();
	if (round.kind !== 'essay') return essays;
	const latest = db
		.selectDistinctOn([contestRegistrations.id], {
			registrationId: sql<number>`${contestRegistrations.id}`.as('essay_registration_id'),
			attemptId: sql<string>`${attempts.id}`.as('essay_attempt_id')
		})
		.from(contestRegistrations)
		.innerJoin(
			attempts,
			and(
				eq(attempts.userId, contestRegistrations.userId),
				eq(attempts.subject, roundSubject(round.id)),
				eq(attempts.status, 'finished')
			)
		)
		.where(
			and(eq(contestRegistrations.levelId, round.levelId), isNull(contestRegistrations.withdrawnAt))
		)
		.orderBy(contestRegistrations.id, desc(attempts.attemptNo))
		.as('latest');
	const rows = await db
		.select({
			registrationId: latest.registrationId,
			text: attemptQuestions.answerText,
			stem: questionVersions.stem
		})
		.from(latest)
		.innerJoin(attemptQuestions, eq(attemptQuestions.attemptId, latest.attemptId))
		.innerJoin(
			questionVersions,
			and(
				eq(questionVersions.key, attemptQuestions.questionKey),
				eq(questionVersions.version, attemptQuestions.questionVersion)
			)
		)
		.where(eq(attemptQuestions.kind, 'essay'))
		.orderBy(latest.registrationId, attemptQuestions.position);
	for (const r of rows) {
		const list = essays.get(r.registrationId) ?? [];
		list.push({ promptHtml: questionHtml(r.stem.vi), text: r.text ?? '' });
		essays.set(r.registrationId, list);
	}
	return essays;
}
