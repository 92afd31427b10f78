import { ESSAY_MAX_CHARS, essayLength } from '../essay';
import type { Card } from './cards';
import type { AttemptMessages } from './messages';
import { fill } from './text';

/** Screen readers hear the characters left when the count falls to one of these (not every key). */
const SPOKEN_AT = [1000, 500, 100, 0];

/**
 * An essay card's "characters left" line, kept current as the learner types; its polite live
 * twin speaks only when the count crosses one of `SPOKEN_AT` downwards.
 */
export function paintCharsLeft(card: Card, t: AttemptMessages) {
	if (!card.essay) return;
	const left = Math.max(0, ESSAY_MAX_CHARS - essayLength(card.essay.value));
	const text = fill(t.charsLeft, {
		count: left.toLocaleString(document.documentElement.lang || 'vi')
	});
	const line = card.el.querySelector<HTMLElement>('[data-chars-left]');
	if (line && line.textContent !== text) line.textContent = text;
	const spoken = card.el.querySelector<HTMLElement>('[data-chars-spoken]');
	if (!spoken) return;
	const band = SPOKEN_AT.filter((n) => left <= n).pop() ?? Number.POSITIVE_INFINITY;
	const last = Number(spoken.dataset.band ?? Number.POSITIVE_INFINITY);
	if (band < last) spoken.textContent = text;
	spoken.dataset.band = String(band);
}
