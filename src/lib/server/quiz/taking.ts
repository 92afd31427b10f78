import { asc, eq } from 'drizzle-orm';
import type { Db } from '../db/client';
import {
	attemptQuestions,
	attempts,
	contestRounds,
	modules,
	questionVersions,
	type LocalizedText
} from '../db/schema';
import type { TakingView } from '../../quiz/types';
import { finishAttempt } from './finish';
import { isAttemptId, versionSeen } from './rows';
import { questionHtml } from './text';
import { isPastDeadline } from './timing';

export type Locale = 'vi' | 'en';

/** The text in the reader's language, falling back to Vietnamese. */
export const localized = (text: LocalizedText | null | undefined, locale: Locale) =>
	(text && (text[locale] || text.vi)) ?? '';

export const reviewSessionTitle: LocalizedText = {
	vi: 'Ôn lại câu đã sai',
	en: 'Practise my mistakes'
};

/** The attempt's owner and state, or null when it does not exist or is someone else's. */
export async function attemptHeader(db: Db, attemptId: string, userId: number) {
	if (!isAttemptId(attemptId)) return null;
	const [row] = await db
		.select({
			id: attempts.id,
			userId: attempts.userId,
			kind: attempts.kind,
			status: attempts.status,
			startedAt: attempts.startedAt,
			deadline: attempts.deadline,
			config: attempts.config,
			moduleTitle: modules.title,
			moduleSlug: modules.slug,
			roundName: contestRounds.name
		})
		.from(attempts)
		.leftJoin(modules, eq(modules.id, attempts.moduleId))
		.leftJoin(contestRounds, eq(contestRounds.id, attempts.roundId))
		.where(eq(attempts.id, attemptId));
	if (!row || row.userId !== userId) return null;
	return row;
}

export type TakingState =
	{ state: 'open'; view: TakingView } | { state: 'finished' } | { state: 'not_found' };

/**
 * What the attempt page shows while the attempt is open: stems and option texts in the order
 * drawn, and the learner's own saved answers. Only these columns are read: the key, the
 * explanation and the sources stay in the database until the attempt is finished. An attempt
 * whose deadline has passed is finished on this access instead (it is never reopened).
 */
export async function openAttemptForTaking(
	db: Db,
	input: { attemptId: string; userId: number; locale: Locale; now: Date }
): Promise<TakingState> {
	const header = await attemptHeader(db, input.attemptId, input.userId);
	if (!header) return { state: 'not_found' };
	if (header.status !== 'in_progress') return { state: 'finished' };
	if (isPastDeadline(header.deadline, input.now)) {
		await finishAttempt(db, header.id, { now: input.now });
		return { state: 'finished' };
	}
	const rows = await db
		.select({
			position: attemptQuestions.position,
			kind: attemptQuestions.kind,
			optionOrder: attemptQuestions.optionOrder,
			selected: attemptQuestions.selected,
			answerText: attemptQuestions.answerText,
			flagged: attemptQuestions.flagged,
			seq: attemptQuestions.seq,
			stem: questionVersions.stem,
			options: questionVersions.options
		})
		.from(attemptQuestions)
		.innerJoin(questionVersions, versionSeen)
		.where(eq(attemptQuestions.attemptId, header.id))
		.orderBy(asc(attemptQuestions.position));
	return {
		state: 'open',
		view: {
			id: header.id,
			kind: header.kind,
			title: header.roundName ?? localized(header.moduleTitle ?? reviewSessionTitle, input.locale),
			moduleSlug: header.moduleSlug,
			startedAt: header.startedAt.toISOString(),
			deadline: header.deadline.toISOString(),
			serverNow: new Date().toISOString(),
			questions: rows.map((r) => {
				const text = new Map(r.options.map((o) => [o.id, o.text]));
				return {
					position: r.position,
					kind: r.kind,
					stemHtml: questionHtml(localized(r.stem, input.locale)),
					optionsHtml: r.optionOrder.map((id) =>
						questionHtml(localized(text.get(id), input.locale))
					),
					selected: r.selected ?? [],
					text: r.kind === 'essay' ? (r.answerText ?? '') : null,
					flagged: r.flagged,
					seq: r.seq
				};
			})
		}
	};
}
