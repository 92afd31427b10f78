import { and, asc, eq, isNull } from 'drizzle-orm';
import type { Db, DbOrTx } from '../db/client';
import {
	contestAwardOverrides,
	contestAwards,
	contestLevels,
	contestPrizeBands,
	type ContestLevel
} from '../db/schema';
import { logContestChange } from './organize-audit';
import { applyPrizeOverrides, awardPrizes } from './prizes';
import { levelStandings } from './standings';

/**
 * A level's prize bands and awards as stored. Bands are replaced as a whole while nothing is
 * published; awards are computed from the level's standings by `awardPrizes` (ties at a band's end
 * get the better band); the organizer can change one candidate's band with a reason (in the
 * contest's audit trail). Those changes are stored apart (`contest_award_overrides`) and applied
 * again by every computation; new bands are refused while a change points at the old ones, until
 * the organizer withdraws it. Publishing numbers the certificates and freezes the awards.
 */

export const MAX_BANDS = 8;
export type BandInput = { name: string; count: number };

export async function levelBands(db: Db, levelId: number) {
	return db
		.select()
		.from(contestPrizeBands)
		.where(eq(contestPrizeBands.levelId, levelId))
		.orderBy(asc(contestPrizeBands.sortOrder));
}

type Ctx = { actorUserId: number };

/** The organizer's changes to the computed prizes (band null: no prize), oldest first. */
export async function levelOverrides(db: DbOrTx, levelId: number) {
	return db
		.select()
		.from(contestAwardOverrides)
		.where(eq(contestAwardOverrides.levelId, levelId))
		.orderBy(asc(contestAwardOverrides.at), asc(contestAwardOverrides.registrationId));
}

export async function saveBands(db: Db, level: ContestLevel, bands: BandInput[], ctx: Ctx) {
	if (level.prizesPublishedAt) return { ok: false as const, error: 'published' as const };
	// A change to a band that is about to disappear would be lost (or silently moved): refused.
	const overrides = await levelOverrides(db, level.id);
	if (overrides.some((o) => o.bandId !== null)) {
		return {
			ok: false as const,
			error: 'overrides_exist' as const,
			overrides: overrides.filter((o) => o.bandId !== null).map((o) => o.registrationId)
		};
	}
	return db.transaction(async (tx) => {
		// Awards point at bands: new bands mean the awards must be computed again.
		await tx.delete(contestAwards).where(eq(contestAwards.levelId, level.id));
		await tx.delete(contestPrizeBands).where(eq(contestPrizeBands.levelId, level.id));
		if (bands.length) {
			await tx.insert(contestPrizeBands).values(
				bands.map((b, i) => ({
					levelId: level.id,
					name: b.name,
					count: b.count,
					sortOrder: i + 1
				}))
			);
		}
		await logContestChange(tx, {
			contestId: level.contestId,
			actorUserId: ctx.actorUserId,
			action: 'level.prize_bands_saved',
			targetType: 'level',
			targetId: level.id,
			details: { bands }
		});
		return { ok: true as const };
	});
}

export async function computeAwards(
	db: Db,
	level: ContestLevel,
	ctx: Ctx & { contestUnit: { id: number; path: string } }
) {
	if (level.prizesPublishedAt) return { ok: false as const, error: 'published' as const };
	const bands = await levelBands(db, level.id);
	if (bands.length === 0) return { ok: false as const, error: 'no_bands' as const };
	const { standings } = await levelStandings(db, level, ctx.contestUnit);
	if (standings.length === 0) return { ok: false as const, error: 'no_results' as const };
	const prizeBands = bands.map((b) => ({ key: String(b.id), label: b.name, count: b.count }));
	// The organizer's changes, for candidates still in the standings (a withdrawn one gets none).
	const ranked = new Set(standings.map((s) => s.candidateId));
	const overrides = (await levelOverrides(db, level.id)).filter((o) =>
		ranked.has(String(o.registrationId))
	);
	const awards = applyPrizeOverrides(
		awardPrizes(standings, prizeBands, { perUnit: level.unitKind !== null }),
		prizeBands,
		overrides.map((o) => ({
			candidateId: String(o.registrationId),
			band: o.bandId === null ? null : String(o.bandId),
			reason: o.reason
		}))
	).filter((a) => a.band !== null);
	await db.transaction(async (tx) => {
		await tx.delete(contestAwards).where(eq(contestAwards.levelId, level.id));
		for (let i = 0; i < awards.length; i += 1000) {
			await tx.insert(contestAwards).values(
				awards.slice(i, i + 1000).map((a) => ({
					levelId: level.id,
					registrationId: Number(a.candidateId),
					bandId: Number(a.band),
					rank: a.rank,
					byUserId: ctx.actorUserId
				}))
			);
		}
		await logContestChange(tx, {
			contestId: level.contestId,
			actorUserId: ctx.actorUserId,
			action: 'level.awards_computed',
			targetType: 'level',
			targetId: level.id,
			details: {
				awarded: awards.length,
				tiedAtBoundary: awards.filter((a) => a.tiedAtBoundary).map((a) => Number(a.candidateId)),
				overridden: overrides.map((o) => o.registrationId).sort((a, b) => a - b)
			}
		});
	});
	return { ok: true as const, awarded: awards.length, overridden: overrides.length };
}

/** One candidate's band changed (or removed: bandId null) by the organizer, with the reason. */
export async function overrideAward(
	db: Db,
	level: ContestLevel,
	input: { registrationId: number; bandId: number | null; reason: string; rank: number | null },
	ctx: Ctx
) {
	if (level.prizesPublishedAt) return { ok: false as const, error: 'published' as const };
	const reason = input.reason.trim().slice(0, 500);
	if (!reason) return { ok: false as const, error: 'reason_required' as const };
	const bands = await levelBands(db, level.id);
	if (input.bandId !== null && !bands.some((b) => b.id === input.bandId)) {
		return { ok: false as const, error: 'unknown_band' as const };
	}
	return db.transaction(async (tx) => {
		const where = and(
			eq(contestAwards.levelId, level.id),
			eq(contestAwards.registrationId, input.registrationId)
		);
		const [before] = await tx.select().from(contestAwards).where(where);
		await tx
			.insert(contestAwardOverrides)
			.values({
				levelId: level.id,
				registrationId: input.registrationId,
				bandId: input.bandId,
				reason,
				byUserId: ctx.actorUserId
			})
			.onConflictDoUpdate({
				target: [contestAwardOverrides.levelId, contestAwardOverrides.registrationId],
				set: { bandId: input.bandId, reason, byUserId: ctx.actorUserId, at: new Date() }
			});
		if (input.bandId === null) {
			await tx.delete(contestAwards).where(where);
		} else {
			await tx
				.insert(contestAwards)
				.values({
					levelId: level.id,
					registrationId: input.registrationId,
					bandId: input.bandId,
					rank: input.rank,
					byUserId: ctx.actorUserId
				})
				.onConflictDoUpdate({
					target: [contestAwards.levelId, contestAwards.registrationId],
					set: { bandId: input.bandId, byUserId: ctx.actorUserId, awardedAt: new Date() }
				});
		}
		await logContestChange(tx, {
			contestId: level.contestId,
			actorUserId: ctx.actorUserId,
			action: 'level.award_changed',
			targetType: 'registration',
			targetId: input.registrationId,
			reason,
			details: { levelId: level.id, from: before?.bandId ?? null, to: input.bandId }
		});
		return { ok: true as const };
	});
}

/**
 * Withdraws the organizer's change to one candidate's prize (logged with the reason) and, when
 * the awards can be computed, computes them again so the bands decide that candidate's prize.
 */
export async function clearOverride(
	db: Db,
	level: ContestLevel,
	input: { registrationId: number; reason: string },
	ctx: Ctx & { contestUnit: { id: number; path: string } }
) {
	if (level.prizesPublishedAt) return { ok: false as const, error: 'published' as const };
	const reason = input.reason.trim().slice(0, 500);
	if (!reason) return { ok: false as const, error: 'reason_required' as const };
	const removed = await db.transaction(async (tx) => {
		const [row] = await tx
			.delete(contestAwardOverrides)
			.where(
				and(
					eq(contestAwardOverrides.levelId, level.id),
					eq(contestAwardOverrides.registrationId, input.registrationId)
				)
			)
			.returning();
		if (!row) return null;
		await logContestChange(tx, {
			contestId: level.contestId,
			actorUserId: ctx.actorUserId,
			action: 'level.award_change_withdrawn',
			targetType: 'registration',
			targetId: input.registrationId,
			reason,
			details: { levelId: level.id, band: row.bandId, changeReason: row.reason }
		});
		return row;
	});
	if (!removed) return { ok: false as const, error: 'not_found' as const };
	const recomputed = await computeAwards(db, level, ctx);
	return { ok: true as const, recomputed: recomputed.ok };
}

export async function levelAwards(db: DbOrTx, levelId: number) {
	return db
		.select({ award: contestAwards, band: contestPrizeBands })
		.from(contestAwards)
		.innerJoin(contestPrizeBands, eq(contestPrizeBands.id, contestAwards.bandId))
		.where(eq(contestAwards.levelId, levelId))
		.orderBy(
			asc(contestPrizeBands.sortOrder),
			asc(contestAwards.rank),
			asc(contestAwards.registrationId)
		);
}

/** Freezes the awards and numbers the certificates ("<year>/<level>-<n>", in band and rank order). */
export async function publishAwards(
	db: Db,
	level: ContestLevel,
	{ actorUserId, year, now = new Date() }: Ctx & { year: number; now?: Date }
) {
	if (level.prizesPublishedAt) return { ok: false as const, error: 'published' as const };
	const [any] = await db
		.select({ id: contestAwards.registrationId })
		.from(contestAwards)
		.where(eq(contestAwards.levelId, level.id))
		.limit(1);
	if (!any) return { ok: false as const, error: 'no_results' as const };
	return db.transaction(async (tx) => {
		const [claimed] = await tx
			.update(contestLevels)
			.set({ prizesPublishedAt: now })
			.where(and(eq(contestLevels.id, level.id), isNull(contestLevels.prizesPublishedAt)))
			.returning({ id: contestLevels.id });
		if (!claimed) return { ok: false as const, error: 'published' as const };
		const awards = await tx
			.select({ registrationId: contestAwards.registrationId })
			.from(contestAwards)
			.innerJoin(contestPrizeBands, eq(contestPrizeBands.id, contestAwards.bandId))
			.where(eq(contestAwards.levelId, level.id))
			.orderBy(
				asc(contestPrizeBands.sortOrder),
				asc(contestAwards.rank),
				asc(contestAwards.registrationId)
			);
		let n = 0;
		for (const a of awards) {
			n++;
			await tx
				.update(contestAwards)
				.set({ certificateNo: `${year}/${level.id}-${String(n).padStart(3, '0')}` })
				.where(
					and(
						eq(contestAwards.levelId, level.id),
						eq(contestAwards.registrationId, a.registrationId)
					)
				);
		}
		await logContestChange(tx, {
			contestId: level.contestId,
			actorUserId,
			action: 'level.awards_published',
			targetType: 'level',
			targetId: level.id,
			details: { awarded: awards.length }
		});
		return { ok: true as const, awarded: awards.length };
	});
}
