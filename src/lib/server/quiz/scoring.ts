import type { QuestionKind, QuizConfig } from '../db/schema';

export type MultipleScoring = QuizConfig['multipleScoring'];

export type ScorableAnswer = {
	kind: QuestionKind;
	/** Option ids in the order shown. */
	optionOrder: readonly string[];
	/** Indices into `optionOrder` the learner chose; null when never answered. */
	selected: readonly number[] | null;
	/** The key: option ids that are right. */
	correct: readonly string[];
};

/** Each question is worth one point. */
export const POINTS_PER_QUESTION = 1;

const round4 = (n: number) => Math.round(n * 10_000) / 10_000;

/**
 * Points for one answer, from the key on the server (never from the client):
 * - single choice and true/false: 1 for exactly the right option, else 0;
 * - multiple choice, all or nothing: 1 for exactly the right set, else 0;
 * - multiple choice, partial: each right option chosen earns 1/(number right), each wrong option
 *   chosen costs 1/(number wrong), never below 0; so choosing everything earns 0.
 */
export function scoreAnswer(answer: ScorableAnswer, multipleScoring: MultipleScoring): number {
	const chosen = new Set(
		(answer.selected ?? [])
			.filter((i) => Number.isInteger(i) && i >= 0 && i < answer.optionOrder.length)
			.map((i) => answer.optionOrder[i])
	);
	const correct = new Set(answer.correct);
	const hits = [...chosen].filter((id) => correct.has(id)).length;
	const misses = chosen.size - hits;
	const exact = misses === 0 && hits === correct.size && correct.size > 0;
	if (answer.kind !== 'multiple' || multipleScoring === 'all_or_nothing') {
		return exact ? POINTS_PER_QUESTION : 0;
	}
	const wrongOptions = answer.optionOrder.length - correct.size;
	const earned = correct.size > 0 ? hits / correct.size : 0;
	const penalty = wrongOptions > 0 ? misses / wrongOptions : 0;
	return round4(Math.max(0, earned - penalty) * POINTS_PER_QUESTION);
}

export type TopicResult = { topic: string; points: number; maxPoints: number; questions: number };

export type AttemptScore = {
	score: number;
	maxScore: number;
	percent: number;
	passed: boolean;
	byTopic: TopicResult[];
};

/** The attempt's total, pass/fail against the pass mark (percent, inclusive) and per-topic sums. */
export function summarizeScore(
	questions: readonly { topic: string; points: number }[],
	passPercent: number
): AttemptScore {
	const score = round4(questions.reduce((s, q) => s + q.points, 0));
	const maxScore = questions.length * POINTS_PER_QUESTION;
	const percent = maxScore > 0 ? round4((score / maxScore) * 100) : 0;
	const topics = new Map<string, TopicResult>();
	for (const q of questions) {
		const t = topics.get(q.topic) ?? { topic: q.topic, points: 0, maxPoints: 0, questions: 0 };
		t.points = round4(t.points + q.points);
		t.maxPoints += POINTS_PER_QUESTION;
		t.questions += 1;
		topics.set(q.topic, t);
	}
	return {
		score,
		maxScore,
		percent,
		passed: maxScore > 0 && percent >= passPercent,
		byTopic: [...topics.values()].sort((a, b) => a.topic.localeCompare(b.topic))
	};
}

/** A question counts as a mistake (for the review deck) unless it earned full marks. */
export const isMistake = (points: number) => points < POINTS_PER_QUESTION;
