import { and, asc, eq, isNull } from 'drizzle-orm';
import type { Db, DbOrTx } from '../db/client';
import { judgedRounds, situationCards, situationDraws, type ContestRound } from '../db/schema';
import { recordContestAudit } from '../contests/audit';
import { drawPool, newSeed, pickFromPool } from './draw';
import { judgedSettings } from './settings';

export type DrawResult =
	| { ok: true; cardId: number; seed: string; pool: number[]; again: boolean }
	| { ok: false; error: 'not_situation' | 'no_finalist' | 'no_cards' | 'locked' };

/**
 * The current finalist draws a situation card by lot: uniformly among the contest's cards in use
 * not yet drawn in this round (with `noRepeat`), from a fresh seed; pool, seed, card, who and when
 * are stored. Serialised per round by the settings row, so two presses never draw twice; a finalist
 * who already drew gets the same card again.
 */
export async function drawCard(
	db: Db,
	actorUserId: number,
	round: ContestRound,
	now = new Date()
): Promise<DrawResult> {
	if (round.kind !== 'situation') return { ok: false, error: 'not_situation' };
	return db.transaction(async (tx) => {
		await judgedSettings(tx, round.id);
		const [settings] = await tx
			.select()
			.from(judgedRounds)
			.where(eq(judgedRounds.roundId, round.id))
			.for('update');
		if (settings.lockedAt) return { ok: false as const, error: 'locked' as const };
		const registrationId = settings.currentRegistrationId;
		if (!registrationId) return { ok: false as const, error: 'no_finalist' as const };
		const [already] = await tx
			.select()
			.from(situationDraws)
			.where(
				and(eq(situationDraws.roundId, round.id), eq(situationDraws.registrationId, registrationId))
			);
		if (already) {
			return {
				ok: true as const,
				cardId: already.cardId,
				seed: already.seed,
				pool: already.pool,
				again: true
			};
		}
		const cards = await tx
			.select({ id: situationCards.id })
			.from(situationCards)
			.where(and(eq(situationCards.contestId, round.contestId), isNull(situationCards.retiredAt)));
		const drawn = await tx
			.select({ cardId: situationDraws.cardId })
			.from(situationDraws)
			.where(eq(situationDraws.roundId, round.id));
		const pool = drawPool(
			cards.map((c) => c.id),
			drawn.map((d) => d.cardId),
			settings.noRepeat
		);
		if (pool.length === 0) return { ok: false as const, error: 'no_cards' as const };
		const seed = newSeed();
		const cardId = pickFromPool(pool, seed);
		await tx.insert(situationDraws).values({
			roundId: round.id,
			registrationId,
			cardId,
			seed,
			pool,
			byUserId: actorUserId,
			at: now
		});
		await tx
			.update(judgedRounds)
			.set({
				phase: 'drawn',
				timerKind: null,
				timerEndsAt: null,
				stageVersion: settings.stageVersion + 1,
				updatedAt: now
			})
			.where(eq(judgedRounds.roundId, round.id));
		await recordContestAudit(tx, {
			contestId: round.contestId,
			actorUserId,
			action: 'situation.drawn',
			targetType: 'round',
			targetId: round.id,
			details: { registrationId, cardId, seed, pool }
		});
		return { ok: true as const, cardId, seed, pool, again: false };
	});
}

/** The round's draws, for the organizer (and an audit: each can be re-run from its seed). */
export async function roundDraws(db: DbOrTx, roundId: number) {
	return db
		.select({
			id: situationDraws.id,
			registrationId: situationDraws.registrationId,
			cardId: situationDraws.cardId,
			cardTitle: situationCards.title,
			seed: situationDraws.seed,
			pool: situationDraws.pool,
			at: situationDraws.at
		})
		.from(situationDraws)
		.innerJoin(situationCards, eq(situationCards.id, situationDraws.cardId))
		.where(eq(situationDraws.roundId, roundId))
		.orderBy(asc(situationDraws.id));
}
