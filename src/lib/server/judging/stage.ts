import { and, asc, desc, eq, isNull } from 'drizzle-orm';
import type { Db, DbOrTx } from '../db/client';
import {
	contestRoundResults,
	contestRounds,
	judgedRounds,
	judgePanel,
	judgeScores,
	situationCards,
	situationDraws,
	type ContestRound,
	type TimerKind
} from '../db/schema';
import { recordContestAudit } from '../contests/audit';
import { publishRoundResults } from '../contests/publish';
import { renderShortMarkdown } from '../content/markdown';
import { drawPool, newSeed, pickFromPool } from './draw';
import { judgedSettings, roundRubric } from './setup';
import { anonymised, roundCandidates } from './scoring';
import { roundScore, rubricMax } from './scoring-rules';

/*
 * The hall: the organizer's control page moves the stage (who is on, the draw, the timers, the
 * lock and the reveal); every change is a row update with `stage_version` bumped, and the
 * projector reads the stage from the database (`projectorSnapshot`), so any app instance serves
 * the same picture.
 */

type StageChange = Partial<typeof judgedRounds.$inferInsert>;

async function moveStage(
	db: DbOrTx,
	roundId: number,
	change: StageChange,
	now: Date
): Promise<void> {
	const current = await judgedSettings(db, roundId);
	await db
		.update(judgedRounds)
		.set({ ...change, stageVersion: current.stageVersion + 1, updatedAt: now })
		.where(eq(judgedRounds.roundId, roundId));
}

/** Puts a finalist on stage (null: nobody); the timer stops. */
export async function setCurrentFinalist(
	db: Db,
	round: ContestRound,
	registrationId: number | null,
	now = new Date()
) {
	if (registrationId !== null) {
		const known = (await roundCandidates(db, round)).some(
			(c) => c.registrationId === registrationId
		);
		if (!known) return { ok: false as const, error: 'not_found' as const };
	}
	await moveStage(
		db,
		round.id,
		{
			currentRegistrationId: registrationId,
			phase: registrationId === null ? 'idle' : 'presenting',
			timerKind: null,
			timerEndsAt: null
		},
		now
	);
	return { ok: true as const };
}

/** The finalist after the current one (registration order), or the first. */
export async function nextFinalist(db: DbOrTx, round: ContestRound) {
	const settings = await judgedSettings(db, round.id);
	const list = await roundCandidates(db, round);
	const at = list.findIndex((c) => c.registrationId === settings.currentRegistrationId);
	return list[at + 1]?.registrationId ?? null;
}

export async function startTimer(db: Db, round: ContestRound, kind: TimerKind, now = new Date()) {
	const settings = await judgedSettings(db, round.id);
	if (!settings.currentRegistrationId) return { ok: false as const, error: 'no_finalist' as const };
	const seconds = kind === 'prep' ? settings.prepSeconds : settings.answerSeconds;
	await moveStage(
		db,
		round.id,
		{ timerKind: kind, timerEndsAt: new Date(now.getTime() + seconds * 1000) },
		now
	);
	return { ok: true as const };
}

export async function stopTimer(db: Db, round: ContestRound, now = new Date()) {
	const settings = await judgedSettings(db, round.id);
	if (!settings.currentRegistrationId) return { ok: false as const, error: 'no_finalist' as const };
	await moveStage(db, round.id, { timerKind: null, timerEndsAt: null, phase: 'scoring' }, now);
	return { ok: true as const };
}

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

/** Shows the round's ranking on the projector and publishes the round's results; needs the lock. */
export async function revealResults(
	db: Db,
	actorUserId: number,
	round: ContestRound,
	now = new Date()
) {
	const settings = await judgedSettings(db, round.id);
	if (!settings.lockedAt) return { ok: false as const, error: 'not_locked' as const };
	const [fresh] = await db.select().from(contestRounds).where(eq(contestRounds.id, round.id));
	const published = await publishRoundResults(db, fresh, { actorUserId, now });
	if (!published.ok) return published;
	await moveStage(
		db,
		round.id,
		{ phase: 'revealed', revealedAt: now, timerKind: null, timerEndsAt: null },
		now
	);
	return { ok: true as const };
}

/**
 * What the projector shows, read from the database: the finalist on stage, their drawn card (title
 * and text; never the guiding points), the timer, the judges' totals as they arrive or once all
 * are in (by the round's setting), and after the reveal the round's ranking.
 */
export async function projectorSnapshot(db: DbOrTx, round: ContestRound, now = new Date()) {
	const settings = await judgedSettings(db, round.id);
	const hide = anonymised(round, settings);
	const candidates = await roundCandidates(db, round);
	const current = candidates.find((c) => c.registrationId === settings.currentRegistrationId);
	let card: { title: string; html: string } | null = null;
	let scores: {
		received: number;
		expected: number;
		totals: number[] | null;
		score: number | null;
	} | null = null;
	if (current) {
		const [draw] = await db
			.select({ title: situationCards.title, body: situationCards.body })
			.from(situationDraws)
			.innerJoin(situationCards, eq(situationCards.id, situationDraws.cardId))
			.where(
				and(
					eq(situationDraws.roundId, round.id),
					eq(situationDraws.registrationId, current.registrationId)
				)
			);
		if (draw) card = { title: draw.title, html: renderShortMarkdown(draw.body) };
		const totals = (
			await db
				.select({ total: judgeScores.total })
				.from(judgeScores)
				.where(
					and(
						eq(judgeScores.roundId, round.id),
						eq(judgeScores.registrationId, current.registrationId)
					)
				)
				.orderBy(desc(judgeScores.total))
		).map((r) => r.total);
		const panel = await db
			.select({ userId: judgePanel.userId })
			.from(judgePanel)
			.where(eq(judgePanel.roundId, round.id));
		const allIn = totals.length >= panel.length && panel.length > 0;
		const show = settings.projectorScores === 'live' || allIn || settings.lockedAt !== null;
		scores = {
			received: totals.length,
			expected: panel.length,
			totals: show ? totals : null,
			score: show && allIn ? roundScore(totals, settings.aggregation) : null
		};
	}
	let leaderboard:
		{ rank: number; label: string; unitName: string | null; score: number }[] | null = null;
	if (settings.revealedAt) {
		const results = await db
			.select()
			.from(contestRoundResults)
			.where(eq(contestRoundResults.roundId, round.id))
			.orderBy(asc(contestRoundResults.rank));
		leaderboard = results.map((r) => {
			const c = candidates.find((x) => x.registrationId === r.registrationId);
			return {
				rank: r.rank ?? 0,
				label: c ? c.name : '',
				unitName: c?.unitName ?? null,
				score: r.score ?? 0
			};
		});
	}
	const rubric = await roundRubric(db, round.id);
	return {
		serverTime: now.toISOString(),
		version: settings.stageVersion,
		round: { id: round.id, name: round.name, kind: round.kind, maxScore: rubricMax(rubric) },
		phase: settings.phase,
		finalist: current
			? {
					code: current.code,
					name: hide ? null : current.name,
					unitName: hide ? null : current.unitName
				}
			: null,
		card,
		timer:
			settings.timerKind && settings.timerEndsAt
				? { kind: settings.timerKind, endsAt: settings.timerEndsAt.toISOString() }
				: null,
		scores,
		locked: settings.lockedAt !== null,
		leaderboard
	};
}

export type ProjectorSnapshot = Awaited<ReturnType<typeof projectorSnapshot>>;
