import { and, count, eq, min, sql } from 'drizzle-orm';
import type { DbOrTx } from '../db/client';
import { questionVersions, reviewCards } from '../db/schema';

/** Days a card waits in each Leitner box (box 1 … 5) before it is due again. */
export const LEITNER_INTERVAL_DAYS = [1, 3, 7, 14, 30] as const;
export const LEITNER_BOXES = LEITNER_INTERVAL_DAYS.length;
const DAY_MS = 86_400_000;

export type CardState = { box: number; dueAt: Date; lapses: number; masteredAt: Date | null };

/**
 * The Leitner step. A mistake in a practice quiz puts the question in box 1, due at once (so it
 * can be practised right away); a mistake in a review session sends it back to box 1 for
 * tomorrow. A right answer in a review session moves it up one box; in the last box it is
 * mastered and no longer due. Right answers in practice quizzes leave the deck alone.
 */
export function nextCardState(
	card: CardState | null,
	outcome: { mistake: boolean; source: 'practice' | 'review' },
	now: Date
): CardState | null {
	if (outcome.mistake) {
		return {
			box: 1,
			dueAt: outcome.source === 'practice' ? now : new Date(now.getTime() + DAY_MS),
			lapses: (card?.lapses ?? 0) + 1,
			masteredAt: null
		};
	}
	if (!card || outcome.source === 'practice') return null;
	if (card.box >= LEITNER_BOXES) return { ...card, box: LEITNER_BOXES, masteredAt: now };
	const box = card.box + 1;
	return {
		box,
		dueAt: new Date(now.getTime() + LEITNER_INTERVAL_DAYS[box - 1] * DAY_MS),
		lapses: card.lapses,
		masteredAt: null
	};
}

export type DeckSummary = {
	total: number;
	due: number;
	mastered: number;
	/** Cards (not mastered) per box, box 1 first. */
	boxes: number[];
	nextDueAt: Date | null;
};

/** The learner's deck at a glance: cards per box, due now, mastered, and the next due date. */
export async function deckSummary(
	db: DbOrTx,
	userId: number,
	now = new Date()
): Promise<DeckSummary> {
	const rows = await db
		.select({
			box: reviewCards.box,
			mastered: sql<boolean>`${reviewCards.masteredAt} is not null`,
			due: sql<boolean>`${reviewCards.masteredAt} is null and ${reviewCards.dueAt} <= ${now.toISOString()}::timestamptz`,
			n: count(),
			next: min(reviewCards.dueAt)
		})
		.from(reviewCards)
		// Only cards whose question still exists (a question dropped from the bank cannot be practised).
		.innerJoin(
			questionVersions,
			and(eq(questionVersions.key, reviewCards.questionKey), eq(questionVersions.isCurrent, true))
		)
		.where(eq(reviewCards.userId, userId))
		.groupBy(sql`1, 2, 3`);
	const boxes = Array.from({ length: LEITNER_BOXES }, () => 0);
	let total = 0,
		due = 0,
		mastered = 0;
	let nextDueAt: Date | null = null;
	for (const r of rows) {
		total += r.n;
		if (r.mastered) {
			mastered += r.n;
			continue;
		}
		boxes[Math.min(Math.max(r.box, 1), LEITNER_BOXES) - 1] += r.n;
		if (r.due) due += r.n;
		else if (r.next && (!nextDueAt || new Date(r.next) < nextDueAt)) nextDueAt = new Date(r.next);
	}
	return { total, due, mastered, boxes, nextDueAt };
}
