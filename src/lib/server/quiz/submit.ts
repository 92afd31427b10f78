import type { Db } from '../db/client';
import { notFound, redirectTo, type ActionOutcome } from '../http/action-outcome';
import { answersFromForm, pageAfter } from './attempt-form';
import { finishAttempt } from './finish';
import { saveAnswers } from './save';
import { quizTiming } from './settings';

type FormInput = { userId: number; attemptId: string; form: FormData; receivedAt: Date };

/**
 * Saves the answers posted with the attempt form (`answersFromForm`). A closed attempt sends the
 * learner to the result (`outcome`); `refused` tells the page an answer was not saved, `tooLong`
 * that an essay was over the limit (the page then says the limit).
 */
export async function saveFormAnswers(
	db: Db,
	input: FormInput
): Promise<{ outcome: ActionOutcome } | { outcome: null; refused: boolean; tooLong: boolean }> {
	const { saves, malformed, tooLong } = answersFromForm(input.form);
	const out = await saveAnswers(db, {
		attemptId: input.attemptId,
		userId: input.userId,
		saves,
		now: input.receivedAt,
		graceMs: quizTiming.graceMs
	});
	if (!out.ok && out.reason === 'not_found') return { outcome: notFound };
	if (!out.ok) return { outcome: redirectTo(`/attempts/${input.attemptId}/result?late=1`) };
	return {
		outcome: null,
		refused: malformed > 0 || out.results.some((r) => r.status !== 'saved'),
		tooLong: tooLong > 0
	};
}

/**
 * The attempt form's submit (`?/submit`), for the signed-in user: first the answers it carries
 * (the page adds those not acknowledged yet, `appendPendingSaves`), then, when confirmed, the
 * finish (scored in one statement); otherwise the confirmation page. Carried by the route's
 * action and, for the page's script, by the exchange in front of SvelteKit (`action-exchange.ts`).
 */
export async function submitAttemptForm(db: Db, input: FormInput): Promise<ActionOutcome> {
	const { form, attemptId } = input;
	// The final confirmation carries no answers: nothing to save first.
	const saved = form.has('pos') ? await saveFormAnswers(db, input) : null;
	if (saved?.outcome) return saved.outcome;
	if (form.get('confirmed') !== '1') {
		// The confirmation also says when an answer on the page was not saved.
		const refused = saved?.refused ?? false;
		const tooLong = saved?.tooLong ?? false;
		return redirectTo(
			`/attempts/${attemptId}${pageAfter(form, { confirm: true, refused, tooLong })}`
		);
	}
	const result = await finishAttempt(db, attemptId, {
		userId: input.userId,
		now: input.receivedAt
	});
	if (result === 'not_found') return notFound;
	return redirectTo(`/attempts/${attemptId}/result`);
}
