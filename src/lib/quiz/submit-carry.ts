import type { PendingSave } from './attempt-sync';

/**
 * Adds the answers the server has not acknowledged to the final submit, in the fields of the
 * attempt form (`pos`, `seq-<pos>`, `answer-<pos>`, `flag-<pos>`, an essay's `text-<pos>`; read by the route's
 * `answersFromForm`): the submit stores them before it scores, so an answer whose autosave got no
 * reply (or commits late) is in the score either way.
 */
export function appendPendingSaves(form: FormData, saves: PendingSave[]) {
	for (const save of saves) {
		const p = String(save.position);
		form.append('pos', p);
		form.append(`seq-${p}`, String(save.seq));
		for (const option of save.selected) form.append(`answer-${p}`, String(option));
		if (save.flagged) form.append(`flag-${p}`, 'on');
		if (save.text !== undefined) form.append(`text-${p}`, save.text);
	}
}
