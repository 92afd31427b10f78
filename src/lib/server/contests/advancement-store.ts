import { and, asc, eq, gt, isNull, sql } from 'drizzle-orm';
import type { Db } from '../db/client';
import {
	contestAdvancements,
	contestLevels,
	contestRegistrations,
	type ContestLevel
} from '../db/schema';
import {
	applyAdjustments,
	proposeAdvancement,
	ruleForLevel,
	type AdvancementRow,
	type AdvancementRule
} from './advancement';
import { logContestChange } from './organize-audit';
import { insertRegistrations } from './registration';
import { levelStandings } from './standings';

/**
 * Advancement as stored: the proposal from the level's rule is written to
 * `contest_advancements` (one row per ranked candidate); the organizer's changes set `manual`
 * with a reason; publishing registers the advancing candidates in the next level. A manual row
 * always differs from the rule (an adjustment back to the rule clears it), so the rule's decision
 * of a manual row is `!advanced`.
 */

type StoredRule = NonNullable<ContestLevel['advancement']>;

export function toRule(stored: StoredRule | null): AdvancementRule | null {
	if (!stored) return null;
	switch (stored.mode) {
		case 'top_overall':
			return { kind: 'top', count: stored.count };
		case 'top_per_unit':
			return { kind: 'quota', perUnit: stored.count };
		case 'threshold':
			return { kind: 'threshold', minScore: stored.minScore };
	}
}

type Ctx = { actorUserId: number; contestUnit: { id: number; path: string } };

export async function computeAdvancement(db: Db, level: ContestLevel, ctx: Ctx) {
	if (level.advancementPublishedAt) return { ok: false as const, error: 'published' as const };
	const set = toRule(level.advancement);
	if (!set) return { ok: false as const, error: 'no_rule' as const };
	const { standings } = await levelStandings(db, level, ctx.contestUnit);
	if (standings.length === 0) return { ok: false as const, error: 'no_results' as const };
	return db.transaction(async (tx) => {
		const manual = await tx
			.select()
			.from(contestAdvancements)
			.where(and(eq(contestAdvancements.levelId, level.id), eq(contestAdvancements.manual, true)));
		const known = new Set(standings.map((s) => s.candidateId));
		const rows = applyAdjustments(
			proposeAdvancement(standings, ruleForLevel(set, level.unitKind !== null)),
			manual
				.filter((m) => known.has(String(m.registrationId)))
				.map((m) => ({
					candidateId: String(m.registrationId),
					advance: m.advanced,
					reason: m.reason ?? ''
				}))
		);
		await tx.delete(contestAdvancements).where(eq(contestAdvancements.levelId, level.id));
		const byOf = new Map(manual.map((m) => [String(m.registrationId), m.byUserId]));
		for (let i = 0; i < rows.length; i += 1000) {
			await tx.insert(contestAdvancements).values(
				rows.slice(i, i + 1000).map((r) => ({
					levelId: level.id,
					registrationId: Number(r.candidateId),
					overallRank: r.rank,
					overallScore: r.score,
					advanced: r.advances,
					manual: r.reason !== null,
					reason: r.reason,
					byUserId: r.reason !== null ? (byOf.get(r.candidateId) ?? ctx.actorUserId) : null
				}))
			);
		}
		await logContestChange(tx, {
			contestId: level.contestId,
			actorUserId: ctx.actorUserId,
			action: 'level.advancement_computed',
			targetType: 'level',
			targetId: level.id,
			details: { rule: set, advancing: rows.filter((r) => r.advances).length, ranked: rows.length }
		});
		return {
			ok: true as const,
			rows: rows.length,
			advancing: rows.filter((r) => r.advances).length
		};
	});
}

export async function storedAdvancement(db: Db, levelId: number) {
	return db
		.select()
		.from(contestAdvancements)
		.where(eq(contestAdvancements.levelId, levelId))
		.orderBy(asc(contestAdvancements.overallRank), asc(contestAdvancements.registrationId));
}

export type AdjustError = 'published' | 'not_found' | 'reason_required';

/** One candidate in or out, with the reason; back to the rule's decision clears the adjustment. */
export async function adjustAdvancement(
	db: Db,
	level: ContestLevel,
	input: { registrationId: number; advance: boolean; reason: string; actorUserId: number }
): Promise<{ ok: true } | { ok: false; error: AdjustError }> {
	if (level.advancementPublishedAt) return { ok: false, error: 'published' };
	const reason = input.reason.trim().slice(0, 500);
	if (!reason) return { ok: false, error: 'reason_required' };
	return db.transaction(async (tx) => {
		const [row] = await tx
			.select()
			.from(contestAdvancements)
			.where(
				and(
					eq(contestAdvancements.levelId, level.id),
					eq(contestAdvancements.registrationId, input.registrationId)
				)
			)
			.for('update');
		if (!row) return { ok: false as const, error: 'not_found' as const };
		const automatic = row.manual ? !row.advanced : row.advanced;
		const manual = input.advance !== automatic;
		await tx
			.update(contestAdvancements)
			.set({
				advanced: input.advance,
				manual,
				reason: manual ? reason : null,
				byUserId: input.actorUserId,
				at: new Date()
			})
			.where(
				and(
					eq(contestAdvancements.levelId, level.id),
					eq(contestAdvancements.registrationId, input.registrationId)
				)
			);
		await logContestChange(tx, {
			contestId: level.contestId,
			actorUserId: input.actorUserId,
			action: 'level.advancement_adjusted',
			targetType: 'registration',
			targetId: input.registrationId,
			reason,
			details: { levelId: level.id, advance: input.advance, automatic }
		});
		return { ok: true as const };
	});
}

/** The level after this one in the contest, where advancing candidates are registered. */
export async function nextLevel(db: Db, level: ContestLevel) {
	const [next] = await db
		.select()
		.from(contestLevels)
		.where(
			and(
				eq(contestLevels.contestId, level.contestId),
				gt(contestLevels.sortOrder, level.sortOrder)
			)
		)
		.orderBy(asc(contestLevels.sortOrder))
		.limit(1);
	return next ?? null;
}

/**
 * Publishes the advancement: every advancing candidate is registered in the next level (once: a
 * second publish finds them registered), with the same person, unit and position and a new
 * candidate code. Published advancement no longer changes.
 */
export async function publishAdvancement(
	db: Db,
	level: ContestLevel,
	{ actorUserId, now = new Date() }: { actorUserId: number; now?: Date }
) {
	if (level.advancementPublishedAt) return { ok: false as const, error: 'published' as const };
	const [computed] = await db
		.select({ id: contestAdvancements.registrationId })
		.from(contestAdvancements)
		.where(eq(contestAdvancements.levelId, level.id))
		.limit(1);
	if (!computed) return { ok: false as const, error: 'no_results' as const };
	const next = await nextLevel(db, level);
	return db.transaction(async (tx) => {
		const [claimed] = await tx
			.update(contestLevels)
			.set({ advancementPublishedAt: now })
			.where(and(eq(contestLevels.id, level.id), isNull(contestLevels.advancementPublishedAt)))
			.returning({ id: contestLevels.id });
		if (!claimed) return { ok: false as const, error: 'published' as const };
		const advancing = await tx
			.select({ advancement: contestAdvancements, registration: contestRegistrations })
			.from(contestAdvancements)
			.innerJoin(
				contestRegistrations,
				eq(contestRegistrations.id, contestAdvancements.registrationId)
			)
			.where(
				and(eq(contestAdvancements.levelId, level.id), eq(contestAdvancements.advanced, true))
			);
		let registered = 0;
		if (next && advancing.length) {
			registered = await insertRegistrations(tx, {
				contestId: level.contestId,
				levelId: next.id,
				source: 'advanced',
				byUserId: actorUserId,
				candidates: advancing.map(({ registration: r }) => ({
					userId: r.userId,
					personId: r.personId,
					orgUnitId: r.orgUnitId,
					position: r.position
				}))
			});
			// Link each advancement to the registration it made (or found) in the next level.
			await tx.execute(sql`
				update contest_advancements a set next_registration_id = n.id
				from contest_registrations r, contest_registrations n
				where a.level_id = ${level.id} and a.advanced and r.id = a.registration_id
					and n.level_id = ${next.id} and n.user_id = r.user_id
			`);
		}
		await logContestChange(tx, {
			contestId: level.contestId,
			actorUserId,
			action: 'level.advancement_published',
			targetType: 'level',
			targetId: level.id,
			details: { advancing: advancing.length, registered, nextLevelId: next?.id ?? null }
		});
		return { ok: true as const, advancing: advancing.length, registered, nextLevel: next };
	});
}

export type { AdvancementRow };
