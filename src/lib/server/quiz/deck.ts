import { and, count, eq, inArray, min, sql } from 'drizzle-orm';
import type { DbOrTx } from '../db/client';
import { questionVersions, reviewCards, type AttemptKind } from '../db/schema';

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

/** Applies a finished attempt's outcomes to the learner's deck (inside the finishing transaction). */
export async function recordReviewOutcomes(
	tx: DbOrTx,
	input: {
		userId: number;
		kind: AttemptKind;
		now: Date;
		outcomes: { questionKey: string; moduleId: string | null; mistake: boolean }[];
	}
) {
	// Contest questions are confidential: they never enter a personal deck.
	if (input.kind === 'contest') return;
	const source = input.kind === 'review' ? 'review' : 'practice';
	const relevant = input.outcomes.filter(
		(o) => o.moduleId !== null && (o.mistake || source === 'review')
	);
	if (relevant.length === 0) return;
	const existing = await tx
		.select({
			questionKey: reviewCards.questionKey,
			box: reviewCards.box,
			dueAt: reviewCards.dueAt,
			lapses: reviewCards.lapses,
			masteredAt: reviewCards.masteredAt
		})
		.from(reviewCards)
		.where(
			and(
				eq(reviewCards.userId, input.userId),
				inArray(
					reviewCards.questionKey,
					relevant.map((o) => o.questionKey)
				)
			)
		);
	const cards = new Map(existing.map((c) => [c.questionKey, c]));
	const rows = relevant.flatMap((o) => {
		const next = nextCardState(
			cards.get(o.questionKey) ?? null,
			{ mistake: o.mistake, source },
			input.now
		);
		return next
			? [
					{
						userId: input.userId,
						questionKey: o.questionKey,
						moduleId: o.moduleId,
						...next,
						updatedAt: input.now
					}
				]
			: [];
	});
	if (rows.length === 0) return;
	await tx
		.insert(reviewCards)
		.values(rows)
		.onConflictDoUpdate({
			target: [reviewCards.userId, reviewCards.questionKey],
			set: {
				moduleId: sql`excluded.module_id`,
				box: sql`excluded.box`,
				dueAt: sql`excluded.due_at`,
				lapses: sql`excluded.lapses`,
				masteredAt: sql`excluded.mastered_at`,
				updatedAt: sql`excluded.updated_at`
			}
		});
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
