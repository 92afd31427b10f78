import { m } from '$lib/paraglide/messages.js';

/**
 * The attempt page script's texts, rendered on the server in the learner's language (the page
 * carries them as JSON in `data-messages`), so the script itself has no language in it.
 * Placeholders such as `{count}` are filled by the script (`fill` in ./text.ts).
 */
export function attemptMessages(total: number) {
	return {
		saved: m.quiz_saved(),
		saving: m.quiz_saving(),
		offline: m.quiz_not_saved_offline({ count: '{count}' }),
		noReply: m.quiz_not_saved_no_reply({ count: '{count}' }),
		signedOut: m.quiz_not_saved_signed_out(),
		closed: m.quiz_closed(),
		timeUp: m.quiz_time_up_submitting(),
		submitOffline: m.quiz_submit_offline(),
		answerRefused: m.quiz_answer_refused(),
		minutesLeft5: m.quiz_minutes_left({ minutes: 5 }),
		minutesLeft1: m.quiz_minutes_left({ minutes: 1 }),
		answeredOf: m.quiz_answered_of({ answered: '{count}', total }),
		questionN: m.quiz_question_n({ n: '{n}' }),
		stateAnswered: m.quiz_state_answered(),
		stateUnanswered: m.quiz_state_unanswered(),
		stateFlagged: m.quiz_state_flagged(),
		viewOne: m.quiz_view_one(),
		viewAll: m.quiz_view_all(),
		confirmUnanswered: m.quiz_confirm_unanswered({ count: '{count}' }),
		confirmAllAnswered: m.quiz_confirm_all_answered(),
		confirmFlagged: m.quiz_confirm_flagged({ list: '{list}' }),
		confirmUnsaved: m.quiz_confirm_unsaved({ count: '{count}' }),
		charsLeft: m.quiz_essay_chars_left({ count: '{count}' })
	};
}

export type AttemptMessages = ReturnType<typeof attemptMessages>;
