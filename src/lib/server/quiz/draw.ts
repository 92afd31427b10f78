import type { QuestionKind, QuizConfig } from '../db/schema';
import { seededRandom, shuffled } from './random';

/** What the draw needs to know about a question in the bank (never its key or text). */
export type BankQuestion = {
	key: string;
	version: number;
	kind: QuestionKind;
	topic: string;
	difficulty: number;
	optionIds: string[];
};

/** A question as an attempt shows it: which version, and its options in the order shown. */
export type DrawnQuestion = {
	key: string;
	version: number;
	kind: QuestionKind;
	optionOrder: string[];
};

export type DrawRules = Pick<QuizConfig, 'questionCount' | 'draw'>;

export type DrawResult = {
	questions: DrawnQuestion[];
	/** Questions some rule wanted but the bank could not supply (made up from the rest, if any). */
	shortfall: number;
};

const matches = (q: BankQuestion, rule: QuizConfig['draw'][number]) =>
	(rule.topic === undefined || q.topic === rule.topic) &&
	(rule.difficulty === undefined || q.difficulty === rule.difficulty);

/**
 * Draws an attempt's questions. The rules are filled in order, each from the questions no earlier
 * rule took; a rule the bank cannot fill is made up from any remaining question so the attempt
 * still has `questionCount` questions when the bank allows. Then questions are put in a random
 * order and each question's options shuffled (true/false keeps its natural order: a shuffled
 * "Sai / Đúng" only confuses). The same seed and bank always give the same attempt.
 */
export function drawQuestions(
	bank: readonly BankQuestion[],
	rules: DrawRules,
	seed: string
): DrawResult {
	const random = seededRandom(seed);
	const pool = [...bank].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
	const wanted = Math.max(0, rules.questionCount);
	const taken = new Set<string>();
	const chosen: BankQuestion[] = [];
	let shortfall = 0;
	const draw = rules.draw.length > 0 ? rules.draw : [{ count: wanted }];

	for (const rule of draw) {
		const room = Math.min(rule.count, wanted - chosen.length);
		if (room <= 0) break;
		const candidates = pool.filter((q) => !taken.has(q.key) && matches(q, rule));
		const picked = shuffled(candidates, random).slice(0, room);
		shortfall += room - picked.length;
		for (const q of picked) {
			taken.add(q.key);
			chosen.push(q);
		}
	}
	if (chosen.length < wanted) {
		const rest = shuffled(
			pool.filter((q) => !taken.has(q.key)),
			random
		).slice(0, wanted - chosen.length);
		chosen.push(...rest);
	}

	const questions = shuffled(chosen, random).map((q) => ({
		key: q.key,
		version: q.version,
		kind: q.kind,
		optionOrder: q.kind === 'true_false' ? [...q.optionIds] : shuffled(q.optionIds, random)
	}));
	return { questions, shortfall };
}
