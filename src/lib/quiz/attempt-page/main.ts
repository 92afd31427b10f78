// The attempt page's only script: the page ships without the client app (`csr = false` in
// src/routes/(learn)/attempts/[id]/+page.server.ts) and works fully with form posts; this adds
// the countdown on the server's clock, autosave with the offline queue (../attempt-sync.ts),
// navigation without reloads, the submit confirmation and the submit that carries unsaved
// answers. Bundled on its own by Vite (`?worker&url` in the page: one classic script, no
// framework); its texts come rendered from the server (`data-messages`, ./messages.ts).
import { AttemptSync, localPendingStore } from '../attempt-sync';
import { choicesMadeBeforeScript } from '../early-choices';
import { watchAttemptPage } from '../page-events';
import { ServerClock } from '../server-clock';
import { appendPendingSaves } from '../submit-carry';
import { chosenIn, collectCards, paint, showCards, type Card } from './cards';
import { startCountdown } from './countdown';
import { paintCharsLeft } from './essay';
import type { AttemptMessages } from './messages';
import { fillSubmitDialog, paintProgress, paintSaveStatus, paintSteps, paintUnsaved } from './view';

// Loaded `async` (a deferred script would hold DOMContentLoaded back on a slow connection): it
// may arrive before the page has finished parsing.
if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', begin);
else begin();

function begin() {
	const root = document.querySelector<HTMLElement>('[data-attempt-page]');
	const form = document.querySelector<HTMLFormElement>('form#answers');
	const actions = form?.querySelector('.actions');
	if (root && form && actions) start(root, form, actions);
}

function start(root: HTMLElement, form: HTMLFormElement, actions: Element) {
	const id = root.dataset.attempt ?? '';
	const deadline = root.dataset.deadline ?? '';
	const t = JSON.parse(root.dataset.messages ?? '{}') as AttemptMessages;
	const clock = new ServerClock(root.dataset.serverNow ?? '');
	const cards = collectCards(form);
	const total = cards.length;
	// Taps made before this script ran are in the form already: they are saved below.
	const early = choicesMadeBeforeScript(id, cards);
	const view = {
		current: Number(root.dataset.current) || 1,
		showAll: root.dataset.showAll === '1'
	};
	const finalForm = document.querySelector<HTMLFormElement>('form[data-final-form]');
	const dialog = document.querySelector<HTMLDialogElement>('dialog[data-submit-dialog]');
	const submitButton = form.querySelector<HTMLButtonElement>('[data-submit]');
	let locked = false;
	let timeUp = false;
	let submitting = false;

	const byPosition = (position: number) => cards.find((c) => c.position === position);
	const alert = (name: string, text: string | null) => {
		const el = root.querySelector<HTMLElement>(`[data-alert="${name}"]`);
		if (!el) return;
		el.hidden = text === null;
		if (text !== null) el.textContent = text;
	};
	const refresh = () => paintProgress(root, t, cards, view);

	const sync = new AttemptSync(id, clock, localPendingStore(id), {
		onNewer(position, selected, flagged, seq, text) {
			const card = byPosition(position);
			if (!card) return;
			Object.assign(card, { selected, flagged, seq });
			if (card.essay && text !== undefined) {
				clearTimeout(typing.get(card));
				typing.delete(card);
				card.text = text;
			}
			paint(card, locked);
			refresh();
		},
		onRenumbered(position, seq) {
			const card = byPosition(position);
			if (!card) return;
			card.seq = seq;
			paint(card, locked);
		},
		onRefused: (_position, message) => alert('refused', message ?? t.answerRefused),
		onClosed(message) {
			lock();
			alert('closed', message ?? t.closed);
			window.location.assign(`/attempts/${id}/result`);
		},
		onChange() {
			paintSaveStatus(root, t, sync);
			if (dialog?.open) paintUnsaved(dialog, t, sync.unsaved);
		}
	});

	function record(card: Card, selected: number[], flagged: boolean) {
		if (locked) return;
		card.seq += 1;
		card.selected = selected;
		card.flagged = flagged;
		const text = card.essay ? { text: card.text ?? '' } : {};
		sync.queue({ position: card.position, seq: card.seq, selected, flagged, ...text });
		paint(card, locked);
		refresh();
	}

	// Essays: the text is recorded (numbered and queued) after a pause in typing, or at once when
	// the learner leaves the field, moves on, submits or leaves the page.
	const typing = new Map<Card, ReturnType<typeof setTimeout>>();
	const ESSAY_PAUSE_MS = 800;
	function recordEssay(card: Card) {
		clearTimeout(typing.get(card));
		typing.delete(card);
		if (!card.essay || card.essay.value === card.text) return;
		card.text = card.essay.value;
		record(card, [], card.flagged);
	}
	const recordTyping = () => [...typing.keys()].forEach(recordEssay);

	function lock() {
		locked = true;
		for (const card of cards) paint(card, true);
		if (submitButton) submitButton.disabled = true;
	}

	function render() {
		root.classList.toggle('all', view.showAll);
		showCards(cards, (c) => view.showAll || c.number === view.current, actions);
		paintSteps(root, view, total);
		refresh();
	}

	function go(n: number) {
		view.current = Math.min(Math.max(1, n), total);
		view.showAll = false;
		history.replaceState(history.state, '', `?q=${view.current}`);
		recordTyping();
		void sync.flush();
		render();
		document.getElementById(`q-${view.current}`)?.focus();
	}

	function setShowAll(all: boolean) {
		view.showAll = all;
		history.replaceState(history.state, '', all ? '?view=all' : `?q=${view.current}`);
		render();
	}

	/** The final submit: saves what is queued, carries whatever is still not acknowledged. */
	async function submit() {
		if (!finalForm || submitting) return;
		if (!navigator.onLine) return alert('offline', t.submitOffline);
		alert('offline', null);
		recordTyping();
		submitting = true;
		lock();
		await sync.flush();
		const body = new FormData(finalForm);
		appendPendingSaves(body, sync.pendingSaves);
		try {
			// SvelteKit answers an action asked for JSON with where to go next.
			const response = await fetch(finalForm.action, {
				method: 'POST',
				body,
				headers: { accept: 'application/json', 'x-sveltekit-action': 'true' }
			});
			const result = (await response.json().catch(() => null)) as {
				type?: string;
				location?: string;
			} | null;
			if (result?.type === 'redirect' && result.location) {
				window.location.assign(result.location);
				return;
			}
			submitting = false;
			window.location.reload();
		} catch {
			// The connection dropped on the way: nothing was submitted.
			submitting = false;
			alert('offline', t.submitOffline);
			if (!timeUp && sync.status !== 'closed') {
				locked = false;
				for (const card of cards) paint(card, false);
				if (submitButton) submitButton.disabled = false;
			}
		}
	}

	form.addEventListener('change', (e) => {
		const input = e.target as HTMLInputElement;
		const card = cards.find((c) => c.el.contains(input));
		if (!card) return;
		if (input.name === `flag-${card.position}`) record(card, card.selected, input.checked);
		else if (input.name === `answer-${card.position}`) record(card, chosenIn(card), card.flagged);
	});
	form.addEventListener('input', (e) => {
		const card = cards.find((c) => c.essay === e.target);
		if (!card || locked) return;
		paintCharsLeft(card, t);
		clearTimeout(typing.get(card));
		typing.set(
			card,
			setTimeout(() => recordEssay(card), ESSAY_PAUSE_MS)
		);
	});
	form.addEventListener('focusout', (e) => {
		const card = cards.find((c) => c.essay === e.target);
		if (card) recordEssay(card);
	});
	// Before the page's own last send (registered later, in watchAttemptPage).
	document.addEventListener('visibilitychange', () => {
		if (document.visibilityState === 'hidden') recordTyping();
	});
	window.addEventListener('beforeunload', recordTyping);
	form.addEventListener('click', (e) => {
		const target = (e.target as Element).closest('button');
		if (!target) return;
		const card = cards.find((c) => c.el.contains(target));
		if (card && target.matches('[data-clear]')) record(card, [], card.flagged);
		else if (target.matches('[data-step]')) {
			e.preventDefault();
			go(view.current + Number(target.dataset.step));
		} else if (target === submitButton) {
			e.preventDefault();
			recordTyping();
			void sync.flush();
			if (!dialog) return;
			fillSubmitDialog(dialog, t, cards, sync.unsaved, (n) => {
				if (view.showAll) document.getElementById(`q-${n}`)?.scrollIntoView({ block: 'start' });
				else go(n);
			});
			dialog.showModal();
		}
	});
	root.querySelector('[data-navigator]')?.addEventListener('click', (e) => {
		const target = e.target as Element;
		const cell = target.closest<HTMLButtonElement>('button[name="go"]');
		if (cell) {
			e.preventDefault();
			go(Number(cell.value));
		} else if (target.closest('[data-view-toggle]')) {
			e.preventDefault();
			setShowAll(!view.showAll);
		}
	});
	dialog?.querySelector('[data-confirm-submit]')?.addEventListener('click', () => {
		dialog.close();
		void submit();
	});
	dialog?.querySelector('[data-close-dialog]')?.addEventListener('click', () => dialog.close());

	// Answers this browser kept from an earlier visit, newer than the server's, then early taps.
	for (const r of sync.restore((p) => byPosition(p)?.seq)) {
		const card = byPosition(r.position);
		if (!card) continue;
		Object.assign(card, { selected: r.selected, flagged: r.flagged, seq: r.seq });
		if (card.essay && r.text !== undefined) {
			card.text = r.text;
			card.essay.value = r.text;
		}
	}
	for (const [position, choice] of early) {
		const card = byPosition(position);
		if (card) record(card, choice.selected, choice.flagged);
	}
	// Text typed before this script ran (or kept by the browser over a reload): saved now.
	for (const card of cards) if (card.essay && card.essay.value !== card.text) recordEssay(card);
	for (const card of cards) {
		paint(card, locked);
		paintCharsLeft(card, t);
	}
	const confirming = root.dataset.confirming === '1';
	if (confirming) root.querySelector<HTMLElement>('[data-no-script-confirm]')?.remove();
	if (window.matchMedia('(min-width: 64rem)').matches && !confirming) view.showAll = true;
	render();
	root.querySelector<HTMLElement>('[data-no-script-hint]')?.setAttribute('hidden', '');
	paintSaveStatus(root, t, sync);

	const countdown = root.querySelector<HTMLElement>('[data-countdown]');
	if (countdown) {
		startCountdown(countdown, deadline, clock, t, () => {
			lock();
			timeUp = true;
			alert('closed', t.timeUp);
			void sync.flush().then(submit);
		});
	}
	watchAttemptPage(sync, {
		// Time ran out while offline: try submitting again now.
		onBackOnline: () => {
			if (timeUp && !submitting) void submit();
		},
		leavingIsExpected: () => submitting
	});
}
