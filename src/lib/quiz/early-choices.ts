export type ShownAnswer = { position: number; selected: number[]; flagged: boolean };
export type EarlyChoice = { selected: number[]; flagged: boolean };

const sorted = (options: number[]) => [...options].sort((a, b) => a - b);

/**
 * Choices a learner made on the server-rendered attempt page before its script ran (a slow
 * phone): the script must save those taps, not overwrite them with the server's answer.
 * Read from the attempt's form (empty on the server); only the questions whose inputs differ.
 */
export function choicesMadeBeforeScript(
	attemptId: string,
	shown: ShownAnswer[]
): Map<number, EarlyChoice> {
	const changed = new Map<number, EarlyChoice>();
	if (typeof document === 'undefined') return changed;
	const form = document.querySelector(`form#answers[data-attempt="${attemptId}"]`);
	if (!form) return changed;
	for (const q of shown) {
		const options = [
			...form.querySelectorAll<HTMLInputElement>(`input[name="answer-${q.position}"]`)
		];
		if (options.length === 0) continue;
		const selected = sorted(options.filter((o) => o.checked).map((o) => Number(o.value)));
		const flag = form.querySelector<HTMLInputElement>(`input[name="flag-${q.position}"]`);
		const flagged = flag ? flag.checked : q.flagged;
		if (flagged !== q.flagged || selected.join() !== sorted(q.selected).join()) {
			changed.set(q.position, { selected, flagged });
		}
	}
	return changed;
}
