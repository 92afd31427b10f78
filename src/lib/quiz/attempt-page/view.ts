import type { AttemptSync } from '../attempt-sync';
import { isAnswered, type Card } from './cards';
import type { AttemptMessages } from './messages';
import { fill, questionLabel, saveStatusText } from './text';

const STATUSES = ['saved', 'pending', 'saving', 'offline', 'no_reply', 'signed_out', 'closed'];

/** The save status line and its screen-reader twin (problems only), from the sync's state. */
export function paintSaveStatus(root: HTMLElement, t: AttemptMessages, sync: AttemptSync) {
	const line = root.querySelector<HTMLElement>('[data-save-status]');
	if (!line) return;
	const { text, problem } = saveStatusText(t, sync.status, sync.unsaved);
	line.classList.remove(...STATUSES);
	line.classList.add(sync.status);
	line.hidden = false;
	const label = line.querySelector('[data-save-text]');
	if (label) label.textContent = text;
	const signIn = line.querySelector<HTMLTemplateElement>('template[data-sign-in]');
	const link = line.querySelector('a');
	if (sync.status !== 'signed_out') link?.remove();
	else if (signIn && !link) line.append(signIn.content.cloneNode(true));
	const spoken = root.querySelector('[data-save-problem]');
	if (spoken && spoken.textContent !== problem) spoken.textContent = problem;
}

/** The answered count, the navigator's cells (state, current, label) and the one/all link. */
export function paintProgress(
	root: HTMLElement,
	t: AttemptMessages,
	cards: Card[],
	view: { current: number; showAll: boolean }
) {
	const answered = cards.filter(isAnswered).length;
	const count = root.querySelector('[data-answered-count]');
	if (count) count.textContent = fill(t.answeredOf, { count: answered });
	root
		.querySelector<HTMLProgressElement>('[data-answered-progress]')
		?.setAttribute('value', String(answered));
	const cells = root.querySelectorAll<HTMLButtonElement>('[data-navigator] button[name="go"]');
	cells.forEach((cell, i) => {
		const card = cards[i];
		if (!card) return;
		const item = { answered: isAnswered(card), flagged: card.flagged };
		const current = !view.showAll && view.current === card.number;
		cell.classList.toggle('answered', item.answered);
		cell.classList.toggle('flagged', item.flagged);
		cell.classList.toggle('current', current);
		if (current) cell.setAttribute('aria-current', 'step');
		else cell.removeAttribute('aria-current');
		cell.setAttribute('aria-label', questionLabel(t, card.number, item));
	});
	const toggle = root.querySelector<HTMLAnchorElement>('[data-view-toggle]');
	if (toggle) {
		toggle.textContent = view.showAll ? t.viewOne : t.viewAll;
		toggle.href = view.showAll ? `?q=${view.current}` : '?view=all';
	}
}

/** The previous / next buttons (one question at a time) or none (all on one page). */
export function paintSteps(
	root: HTMLElement,
	view: { current: number; showAll: boolean },
	total: number
) {
	for (const button of root.querySelectorAll<HTMLButtonElement>('button[data-step]')) {
		const to = view.current + Number(button.dataset.step);
		button.hidden = view.showAll;
		button.value = String(to);
		button.disabled = to < 1 || to > total;
	}
	// "Save answers" is for the form posts only: the script saves as the learner goes.
	const saveAll = root.querySelector<HTMLElement>('[data-save-all]');
	if (saveAll) saveAll.hidden = true;
}

/**
 * Fills the submit confirmation: the questions left unanswered (buttons that go to them), the
 * flagged ones, and how many answers the server has not acknowledged.
 */
export function fillSubmitDialog(
	dialog: HTMLDialogElement,
	t: AttemptMessages,
	cards: Card[],
	unsaved: number,
	onGo: (n: number) => void
) {
	const unanswered = cards.filter((c) => !isAnswered(c)).map((c) => c.number);
	const flagged = cards.filter((c) => c.flagged).map((c) => c.number);
	const set = (selector: string, text: string) => setText(dialog, selector, text);
	set(
		'[data-unanswered-text]',
		unanswered.length > 0
			? fill(t.confirmUnanswered, { count: unanswered.length })
			: t.confirmAllAnswered
	);
	set(
		'[data-flagged-text]',
		flagged.length > 0 ? fill(t.confirmFlagged, { list: flagged.join(', ') }) : ''
	);
	paintUnsaved(dialog, t, unsaved);
	const list = dialog.querySelector<HTMLElement>('[data-unanswered-list]');
	if (!list) return;
	list.hidden = unanswered.length === 0;
	list.replaceChildren(
		...unanswered.map((n) => {
			const item = document.createElement('li');
			const button = document.createElement('button');
			button.type = 'button';
			button.className = 'link';
			button.textContent = fill(t.questionN, { n });
			button.addEventListener('click', () => {
				dialog.close();
				onGo(n);
			});
			item.append(button);
			return item;
		})
	);
}

/** The confirmation's warning about answers the server has not acknowledged (kept current). */
export function paintUnsaved(dialog: HTMLDialogElement, t: AttemptMessages, unsaved: number) {
	setText(
		dialog,
		'[data-unsaved-text]',
		unsaved > 0 ? fill(t.confirmUnsaved, { count: unsaved }) : ''
	);
}

/** Sets an element's text, hidden when there is none. */
function setText(scope: Element, selector: string, text: string) {
	const el = scope.querySelector<HTMLElement>(selector);
	if (!el) return;
	if (el.textContent !== text) el.textContent = text;
	el.hidden = text === '';
}
