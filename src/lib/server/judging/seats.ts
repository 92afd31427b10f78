import { and, asc, eq } from 'drizzle-orm';
import type { SessionUser } from '../auth/session';
import type { DbOrTx } from '../db/client';
import {
	contestRounds,
	contests,
	judgedRounds,
	judgePanel,
	orgUnits,
	type ContestRound,
	type JudgedRound
} from '../db/schema';
import { judgeGrantFits } from './panel';
import { judgedSettings } from './settings';

/*
 * A judge reaches a round only through their seat: on the round's panel and holding the judge
 * role in the contest's scope; anyone else gets null (the route answers 404).
 */

export type Seat = {
	user: SessionUser;
	round: ContestRound;
	contest: { id: number; name: string; path: string };
	settings: JudgedRound;
	allowOwnUnit: boolean;
};

export async function judgeSeat(
	db: DbOrTx,
	user: SessionUser,
	roundId: number
): Promise<Seat | null> {
	if (!Number.isSafeInteger(roundId)) return null;
	const [row] = await db
		.select({
			round: contestRounds,
			contest: { id: contests.id, name: contests.name, status: contests.status },
			path: orgUnits.path,
			allowOwnUnit: judgePanel.allowOwnUnit
		})
		.from(judgePanel)
		.innerJoin(contestRounds, eq(contestRounds.id, judgePanel.roundId))
		.innerJoin(contests, eq(contests.id, contestRounds.contestId))
		.innerJoin(orgUnits, eq(orgUnits.id, contests.orgUnitId))
		.where(and(eq(judgePanel.roundId, roundId), eq(judgePanel.userId, user.id)));
	if (!row || row.round.kind === 'online' || row.contest.status === 'draft') return null;
	// The judge role in the contest's scope, still held (a revoked role closes the seat).
	const stillJudge = user.grants.some(
		(g) => (g.role === 'judge' || g.role === 'admin') && judgeGrantFits(g.path, row.path)
	);
	if (!stillJudge) return null;
	return {
		user,
		round: row.round,
		contest: { id: row.contest.id, name: row.contest.name, path: row.path },
		settings: await judgedSettings(db, roundId),
		allowOwnUnit: row.allowOwnUnit
	};
}

/** The judged rounds whose panel the user sits on (the judge's start page). */
export async function mySeats(db: DbOrTx, user: SessionUser) {
	const rows = await db
		.select({
			roundId: contestRounds.id,
			roundName: contestRounds.name,
			kind: contestRounds.kind,
			contestName: contests.name,
			contestStatus: contests.status,
			path: orgUnits.path,
			lockedAt: judgedRounds.lockedAt
		})
		.from(judgePanel)
		.innerJoin(contestRounds, eq(contestRounds.id, judgePanel.roundId))
		.innerJoin(contests, eq(contests.id, contestRounds.contestId))
		.innerJoin(orgUnits, eq(orgUnits.id, contests.orgUnitId))
		.leftJoin(judgedRounds, eq(judgedRounds.roundId, contestRounds.id))
		.where(eq(judgePanel.userId, user.id))
		.orderBy(asc(contestRounds.id));
	return rows.filter(
		(r) =>
			r.contestStatus !== 'draft' &&
			user.grants.some(
				(g) => (g.role === 'judge' || g.role === 'admin') && judgeGrantFits(g.path, r.path)
			)
	);
}
