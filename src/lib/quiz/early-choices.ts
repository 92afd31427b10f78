export type ShownAnswer = { position: number; selected: number[]; flagged: boolean };

/**
 * Choices a learner made on the server-rendered attempt page before its script ran (a slow
 * phone): hydration would reset those inputs to what the server had, silently undoing the tap.
 * Read from the page's own form before it hydrates; only the questions whose inputs differ.
 */
export function choicesMadeBeforeScript(
	form: ParentNode | null,
	shown: ShownAnswer[]
): Map<number, { selected: number[]; flagged: boolean }> {
	const changed = new Map<number, { selected: number[]; flagged: boolean }>();
	if (!form) return changed;
	for (const q of shown) {
		const options = [
			...form.querySelectorAll<HTMLInputElement>(`input[name="answer-${q.position}"]`)
		];
		if (options.length === 0) continue;
		const selected = options.filter((o) => o.checked).map((o) => Number(o.value));
		selected.sort((a, b) => a - b);
		const flag = form.querySelector<HTMLInputElement>(`input[name="flag-${q.position}"]`);
		const flagged = flag ? flag.checked : q.flagged;
		const same =
			flagged === q.flagged &&
			selected.length === q.selected.length &&
			selected.every((o, i) => o === [...q.selected].sort((a, b) => a - b)[i]);
		if (!same) changed.set(q.position, { selected, flagged });
	}
	return changed;
}
