import { and, asc, eq, isNull, sql } from 'drizzle-orm';
import type { Db, DbOrTx } from '../db/client';
import { situationCards, situationDraws } from '../db/schema';
import { recordContestAudit } from '../contests/audit';

/*
 * The contest's situation card bank (confidential: organizers only; the caller checked).
 * Every change is written to the contest's audit trail.
 */

export const CARD_LIMITS = { title: 200, body: 20_000, guidingPoints: 10_000, criteria: 10_000 };
export type CardInput = { title: string; body: string; guidingPoints: string; criteria: string };
export type CardError = 'title_required' | 'title_too_long' | 'body_required' | 'too_long';

export function cardProblem(input: CardInput): CardError | null {
	if (!input.title.trim()) return 'title_required';
	if (input.title.trim().length > CARD_LIMITS.title) return 'title_too_long';
	if (!input.body.trim()) return 'body_required';
	if (
		input.body.length > CARD_LIMITS.body ||
		input.guidingPoints.length > CARD_LIMITS.guidingPoints ||
		input.criteria.length > CARD_LIMITS.criteria
	) {
		return 'too_long';
	}
	return null;
}

/** The contest's cards (organizers only: the caller checked), with how often each was drawn. */
export async function contestCards(db: DbOrTx, contestId: number) {
	return db
		.select({
			id: situationCards.id,
			title: situationCards.title,
			body: situationCards.body,
			guidingPoints: situationCards.guidingPoints,
			criteria: situationCards.criteria,
			retiredAt: situationCards.retiredAt,
			draws: sql<number>`(select count(*)::int from ${situationDraws} where ${situationDraws.cardId} = ${situationCards.id})`
		})
		.from(situationCards)
		.where(eq(situationCards.contestId, contestId))
		.orderBy(asc(situationCards.id));
}

export async function addCard(
	db: Db,
	actorUserId: number,
	contestId: number,
	input: CardInput
): Promise<{ ok: true; id: number } | { ok: false; error: CardError }> {
	const problem = cardProblem(input);
	if (problem) return { ok: false, error: problem };
	return db.transaction(async (tx) => {
		const [card] = await tx
			.insert(situationCards)
			.values({
				contestId,
				title: input.title.trim(),
				body: input.body,
				guidingPoints: input.guidingPoints,
				criteria: input.criteria,
				createdByUserId: actorUserId
			})
			.returning({ id: situationCards.id });
		await recordContestAudit(tx, {
			contestId,
			actorUserId,
			action: 'situation.card_added',
			targetType: 'situation_card',
			targetId: card.id
		});
		return { ok: true as const, id: card.id };
	});
}

/** A retired card is no longer drawn (draws that showed it keep it). */
export async function retireCard(db: Db, actorUserId: number, contestId: number, cardId: number) {
	return db.transaction(async (tx) => {
		const done = await tx
			.update(situationCards)
			.set({ retiredAt: new Date() })
			.where(
				and(
					eq(situationCards.id, cardId),
					eq(situationCards.contestId, contestId),
					isNull(situationCards.retiredAt)
				)
			)
			.returning({ id: situationCards.id });
		if (done.length === 0) return { ok: false as const, error: 'not_found' as const };
		await recordContestAudit(tx, {
			contestId,
			actorUserId,
			action: 'situation.card_retired',
			targetType: 'situation_card',
			targetId: cardId
		});
		return { ok: true as const };
	});
}
