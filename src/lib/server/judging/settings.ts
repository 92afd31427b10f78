import { eq } from 'drizzle-orm';
import type { Db, DbOrTx } from '../db/client';
import {
	contests,
	judgedRounds,
	orgUnits,
	AGGREGATIONS,
	PROJECTOR_SCORES,
	type Aggregation,
	type ContestRound,
	type JudgedRound,
	type ProjectorScores
} from '../db/schema';
import { recordContestAudit } from '../contests/audit';

/*
 * A judged round's settings (aggregation, disagreement threshold, projector, draw, timers).
 * Callers of the changes have checked that the actor organizes the contest
 * (requireOrganizedContest); every change is written to the contest's audit trail.
 */

export const JUDGED_KINDS = ['essay', 'situation', 'presentation'] as const;
export const isJudged = (round: Pick<ContestRound, 'kind'>) => round.kind !== 'online';

/** The round's settings and stage; created with the defaults on first use. */
export async function judgedSettings(db: DbOrTx, roundId: number): Promise<JudgedRound> {
	const [row] = await db.select().from(judgedRounds).where(eq(judgedRounds.roundId, roundId));
	if (row) return row;
	await db.insert(judgedRounds).values({ roundId }).onConflictDoNothing();
	const [made] = await db.select().from(judgedRounds).where(eq(judgedRounds.roundId, roundId));
	return made;
}

export type SettingsInput = {
	aggregation: Aggregation;
	disagreementThreshold: number;
	projectorScores: ProjectorScores;
	noRepeat: boolean;
	prepSeconds: number;
	answerSeconds: number;
};

export function settingsProblem(input: SettingsInput): string | null {
	if (!AGGREGATIONS.includes(input.aggregation)) return 'aggregation_invalid';
	if (!PROJECTOR_SCORES.includes(input.projectorScores)) return 'projector_invalid';
	if (!(input.disagreementThreshold >= 0 && input.disagreementThreshold <= 1000))
		return 'threshold_invalid';
	for (const s of [input.prepSeconds, input.answerSeconds]) {
		if (!Number.isInteger(s) || s < 10 || s > 3 * 3600) return 'seconds_invalid';
	}
	return null;
}

export async function saveSettings(
	db: Db,
	actorUserId: number,
	round: ContestRound,
	input: SettingsInput
) {
	const problem = settingsProblem(input);
	if (problem) return { ok: false as const, error: problem };
	return db.transaction(async (tx) => {
		const current = await judgedSettings(tx, round.id);
		if (current.lockedAt) return { ok: false as const, error: 'locked' };
		await tx
			.update(judgedRounds)
			.set({ ...input, updatedAt: new Date() })
			.where(eq(judgedRounds.roundId, round.id));
		await recordContestAudit(tx, {
			contestId: round.contestId,
			actorUserId,
			action: 'judging.settings_saved',
			targetType: 'round',
			targetId: round.id,
			details: { ...input }
		});
		return { ok: true as const };
	});
}

/** The contest's organizing unit path of a round (for scope checks of judges). */
export async function contestPathOfRound(db: DbOrTx, round: Pick<ContestRound, 'contestId'>) {
	const [row] = await db
		.select({ path: orgUnits.path, name: contests.name, id: contests.id })
		.from(contests)
		.innerJoin(orgUnits, eq(orgUnits.id, contests.orgUnitId))
		.where(eq(contests.id, round.contestId));
	return row;
}
