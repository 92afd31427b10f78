import type { ShownAnswer } from '../early-choices';

/**
 * A question card of the attempt page and the answer it shows (`seq`: the last one numbered).
 * An essay card's answer is `text` (null on choice cards), in its `textarea`.
 */
export type Card = ShownAnswer & {
	el: HTMLFieldSetElement;
	number: number;
	seq: number;
	text: string | null;
	essay: HTMLTextAreaElement | null;
};

const numbers = (list: string | undefined) =>
	(list ?? '')
		.split(',')
		.filter((v) => v !== '')
		.map(Number);

/**
 * Every question card in order, with the server's answer (its `data-*` attributes, which the
 * learner's taps do not change). The cards not shown wait in `<template data-question>` (inert,
 * never posted): they are taken out, detached until shown.
 */
export function collectCards(form: HTMLFormElement): Card[] {
	const els = [...form.querySelectorAll<HTMLFieldSetElement>('fieldset.question')];
	for (const template of form.querySelectorAll<HTMLTemplateElement>('template[data-question]')) {
		const el = template.content.querySelector<HTMLFieldSetElement>('fieldset.question');
		if (el) els.push(document.adoptNode(el));
		template.remove();
	}
	return els
		.map((el) => {
			const essay = el.querySelector<HTMLTextAreaElement>('textarea[name^="text-"]');
			return {
				el,
				number: Number(el.dataset.number),
				position: Number(el.dataset.position),
				selected: numbers(el.dataset.selected),
				flagged: el.dataset.flagged === '1',
				seq: Number(el.dataset.seq),
				// The server's text: what the learner types before this script runs is in `value`.
				text: essay ? essay.defaultValue : null,
				essay
			};
		})
		.sort((a, b) => a.number - b.number);
}

/** Whether a card holds an answer: options chosen, or an essay with some text. */
export const isAnswered = (card: { selected: number[]; text?: string | null }) =>
	card.selected.length > 0 || (card.text ?? '').trim() !== '';

/** The options chosen in a card right now. */
export function chosenIn(card: Card): number[] {
	return [...card.el.querySelectorAll<HTMLInputElement>('input[name^="answer-"]:checked')]
		.map((input) => Number(input.value))
		.sort((a, b) => a - b);
}

/** Shows a card's answer: its inputs, the chosen tint, "clear", and the form's next number. */
export function paint(card: Card, locked: boolean) {
	for (const input of card.el.querySelectorAll<HTMLInputElement>('input[name^="answer-"]')) {
		input.checked = card.selected.includes(Number(input.value));
		input.disabled = locked;
		input.closest('label')?.classList.toggle('chosen', input.checked);
	}
	const flag = card.el.querySelector<HTMLInputElement>(`input[name="flag-${card.position}"]`);
	if (flag) {
		flag.checked = card.flagged;
		flag.disabled = locked;
	}
	if (card.essay) {
		// Written over only when it differs (another tab's newer text): the caret stays put.
		if (card.text !== null && card.essay.value !== card.text) card.essay.value = card.text;
		card.essay.readOnly = locked;
	}
	const clear = card.el.querySelector<HTMLElement>('[data-clear]');
	if (clear) clear.hidden = locked || card.selected.length === 0;
	const seq = card.el.querySelector<HTMLInputElement>(`input[name="seq-${card.position}"]`);
	if (seq) seq.value = String(card.seq + 1);
}

/**
 * Attaches the cards shown (in order, before `end`) and detaches the others, moving no card that
 * is already in place (a moved element would lose focus).
 */
export function showCards(cards: Card[], visible: (card: Card) => boolean, end: Element) {
	const parent = end.parentNode;
	if (!parent) return;
	let next: Element = end;
	for (const card of [...cards].reverse()) {
		if (!visible(card)) {
			card.el.remove();
			continue;
		}
		if (!card.el.isConnected || card.el.nextElementSibling !== next) {
			parent.insertBefore(card.el, next);
		}
		next = card.el;
	}
}
