import { eq } from 'drizzle-orm';
import type { Db, DbOrTx } from '../db/client';
import { contestRounds, judgedRounds, type ContestRound, type TimerKind } from '../db/schema';
import { publishRoundResults } from '../contests/publish';
import { roundCandidates } from './candidates';
import { judgedSettings } from './settings';

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
