import { describe, expect, it } from 'vitest';
import { LEITNER_BOXES, LEITNER_INTERVAL_DAYS, nextCardState, type CardState } from './deck';

const now = new Date('2026-11-25T08:00:00.000Z');
const days = (n: number) => new Date(now.getTime() + n * 86_400_000);

describe('Leitner step', () => {
	it('a practice mistake enters box 1, due at once; a right practice answer changes nothing', () => {
		expect(nextCardState(null, { mistake: true, source: 'practice' }, now)).toEqual({
			box: 1,
			dueAt: now,
			lapses: 1,
			masteredAt: null
		});
		const card: CardState = { box: 3, dueAt: days(2), lapses: 1, masteredAt: null };
		expect(nextCardState(card, { mistake: false, source: 'practice' }, now)).toBeNull();
	});

	it('a right review answer moves the card up a box with a longer wait; the last box masters it', () => {
		let card: CardState = { box: 1, dueAt: now, lapses: 1, masteredAt: null };
		for (let box = 2; box <= LEITNER_BOXES; box++) {
			card = nextCardState(card, { mistake: false, source: 'review' }, now)!;
			expect(card.box).toBe(box);
			expect(card.dueAt).toEqual(days(LEITNER_INTERVAL_DAYS[box - 1]));
			expect(card.masteredAt).toBeNull();
		}
		card = nextCardState(card, { mistake: false, source: 'review' }, now)!;
		expect(card.masteredAt).toEqual(now);
	});

	it('a review mistake sends the card back to box 1 for tomorrow and counts a lapse', () => {
		const card: CardState = { box: 4, dueAt: now, lapses: 2, masteredAt: null };
		expect(nextCardState(card, { mistake: true, source: 'review' }, now)).toEqual({
			box: 1,
			dueAt: days(1),
			lapses: 3,
			masteredAt: null
		});
	});
});
