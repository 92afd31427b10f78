import { asc, eq, inArray } from 'drizzle-orm';
import type { Db } from '../db/client';
import {
	attemptQuestions,
	attempts,
	questionVersions,
	sources,
	type LocalizedText
} from '../db/schema';
import type { ResultQuestion, ResultView } from '../../quiz/types';
import { attemptHeader, localized, reviewSessionTitle, type Locale } from './taking';
import { isMistake, summarizeScore } from './scoring';
import { versionSeen } from './rows';
import { questionHtml } from './text';
import { localizeLocator } from '../content/locators';

export type ResultState =
	{ state: 'finished'; view: ResultView } | { state: 'open' } | { state: 'not_found' };

async function sourceLabels(db: Db, ids: string[], locale: Locale) {
	if (ids.length === 0) return new Map<string, { label: string; url?: string }>();
	const rows = await db
		.select({ id: sources.id, number: sources.number, title: sources.title, url: sources.url })
		.from(sources)
		.where(inArray(sources.id, ids));
	return new Map(
		rows.map((s) => [
			s.id,
			{ label: `${s.number}: ${localized(s.title, locale)}`, url: s.url ?? undefined }
		])
	);
}

/**
 * A finished attempt's result, showing as much as the quiz's review setting allows:
 * none → pass/fail only; score → score and per-topic breakdown; answers → each question with the
 * learner's answer and the right one; full → also the explanation and its sources.
 * An open attempt has no result yet: nothing from the key is read for it.
 */
export async function attemptResult(
	db: Db,
	input: {
		attemptId: string;
		userId: number;
		locale: Locale;
		/** A topic's title as the module names it (the content catalog); the id otherwise. */
		topicTitle?: (moduleId: string, topic: string) => LocalizedText | undefined;
		/**
		 * Contest attempts show nothing from the key unless the caller (the contest module) has
		 * checked that the round's review is open.
		 */
		contestReviewOpen?: boolean;
	}
): Promise<ResultState> {
	const header = await attemptHeader(db, input.attemptId, input.userId);
	if (!header) return { state: 'not_found' };
	if (header.status !== 'finished') return { state: 'open' };
	const [attempt] = await db
		.select({ finishedAt: attempts.finishedAt, finishReason: attempts.finishReason })
		.from(attempts)
		.where(eq(attempts.id, header.id));
	const rows = await db
		.select({
			position: attemptQuestions.position,
			kind: attemptQuestions.kind,
			optionOrder: attemptQuestions.optionOrder,
			selected: attemptQuestions.selected,
			points: attemptQuestions.points,
			stem: questionVersions.stem,
			options: questionVersions.options,
			correct: questionVersions.correct,
			topic: questionVersions.topic,
			moduleId: questionVersions.moduleId,
			explanation: questionVersions.explanation,
			sources: questionVersions.sources
		})
		.from(attemptQuestions)
		.innerJoin(questionVersions, versionSeen)
		.where(eq(attemptQuestions.attemptId, header.id))
		.orderBy(asc(attemptQuestions.position));

	const mode =
		header.kind === 'contest' && !input.contestReviewOpen ? 'none' : header.config.review;
	const summary = summarizeScore(
		rows.map((r) => ({ topic: r.topic, points: r.points ?? 0 })),
		header.config.passPercent
	);
	const view: ResultView = {
		id: header.id,
		kind: header.kind,
		title: localized(header.moduleTitle ?? reviewSessionTitle, input.locale),
		moduleSlug: header.moduleSlug,
		finishReason: attempt.finishReason ?? 'submitted',
		startedAt: header.startedAt.toISOString(),
		finishedAt: (attempt.finishedAt ?? header.deadline).toISOString(),
		review: mode,
		passed: summary.passed,
		passPercent: header.config.passPercent,
		mistakes: rows.filter((r) => isMistake(r.points ?? 0)).length
	};
	if (mode === 'none') return { state: 'finished', view };
	view.score = {
		score: summary.score,
		maxScore: summary.maxScore,
		percent: summary.percent,
		byTopic: summary.byTopic.map((t) => {
			const moduleId = rows.find((r) => r.topic === t.topic)!.moduleId;
			const title = moduleId === null ? undefined : input.topicTitle?.(moduleId, t.topic);
			return { ...t, title: title ? localized(title, input.locale) : t.topic };
		})
	};
	if (mode === 'score') return { state: 'finished', view };

	const labels =
		mode === 'full'
			? await sourceLabels(
					db,
					[...new Set(rows.flatMap((r) => r.sources.map((s) => s.source)))],
					input.locale
				)
			: new Map();
	view.questions = rows.map((r): ResultQuestion => {
		const text = new Map(r.options.map((o) => [o.id, o.text]));
		const chosen = new Set(r.selected ?? []);
		const correct = new Set(r.correct);
		const question: ResultQuestion = {
			position: r.position,
			kind: r.kind,
			stemHtml: questionHtml(localized(r.stem, input.locale)),
			points: r.points ?? 0,
			options: r.optionOrder.map((id, i) => ({
				html: questionHtml(localized(text.get(id), input.locale)),
				chosen: chosen.has(i),
				correct: correct.has(id)
			}))
		};
		if (mode === 'full') {
			question.explanationHtml = questionHtml(localized(r.explanation, input.locale));
			question.sources = r.sources.map((s) => ({
				label: labels.get(s.source)?.label ?? s.source,
				locator: s.locator ? localizeLocator(s.locator, input.locale) : s.locator,
				url: labels.get(s.source)?.url
			}));
		}
		return question;
	});
	return { state: 'finished', view };
}
