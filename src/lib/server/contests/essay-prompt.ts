import { createHash } from 'node:crypto';
import { and, desc, eq } from 'drizzle-orm';
import type { DbOrTx } from '../db/client';
import { questionVersions, type ContestRound } from '../db/schema';
import type { BankQuestion } from '../quiz/draw';
import { bankKey, currentQuestions } from './bank';

/*
 * An essay round's prompt: what candidates write about, set by the organizer on the round form
 * (`contest_rounds.essay_prompt`, Markdown). Its attempt is one essay question: the prompt is kept
 * as a row of `question_versions` (kind `essay`, no options, no key), so the attempt engine draws,
 * shows and snapshots it like any question and `attempt_questions` points at exactly the prompt
 * the candidate saw. The contest bank's readers leave these rows out (`bank.ts`).
 */

/** The prompt's key: `c<contest>:essay:<round>` (a bank file's keys never contain `:`). */
export const essayPromptKey = (round: Pick<ContestRound, 'id' | 'contestId'>) =>
	bankKey(round.contestId, `essay:${round.id}`);

/** The most an organizer may write as a prompt. */
export const ESSAY_PROMPT_MAX = 5000;

/**
 * Makes the stored prompt row follow the round: a new version when the prompt changed, none
 * current when the round is no longer an essay round or has no prompt. Called in the transaction
 * that saves the round.
 */
export async function syncEssayPrompt(
	tx: DbOrTx,
	round: Pick<ContestRound, 'id' | 'contestId' | 'kind' | 'essayPrompt'>
) {
	const key = essayPromptKey(round);
	const prompt = round.kind === 'essay' ? (round.essayPrompt ?? '').trim() : '';
	const [last] = await tx
		.select({
			version: questionVersions.version,
			hash: questionVersions.hash,
			isCurrent: questionVersions.isCurrent
		})
		.from(questionVersions)
		.where(eq(questionVersions.key, key))
		.orderBy(desc(questionVersions.version))
		.limit(1);
	const stored = {
		kind: 'essay' as const,
		topic: 'essay',
		difficulty: 1,
		stem: { vi: prompt },
		options: [],
		correct: [],
		explanation: { vi: '' },
		sources: []
	};
	const hash = createHash('sha256').update(JSON.stringify(stored)).digest('hex');
	if (prompt !== '' && last?.hash === hash && last.isCurrent) return;
	await tx
		.update(questionVersions)
		.set({ isCurrent: false })
		.where(and(eq(questionVersions.key, key), eq(questionVersions.isCurrent, true)));
	if (prompt === '') return;
	await tx.insert(questionVersions).values({
		key,
		version: (last?.version ?? 0) + 1,
		hash,
		contestId: round.contestId,
		moduleId: null,
		isCurrent: true,
		...stored
	});
}

/** The essay round's "bank": its current prompt, as the engine's draw sees it. */
export async function loadEssayPrompt(
	db: DbOrTx,
	round: Pick<ContestRound, 'id' | 'contestId'>
): Promise<BankQuestion[]> {
	return currentQuestions(db, eq(questionVersions.key, essayPromptKey(round)));
}
