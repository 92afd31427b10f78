import { eq } from 'drizzle-orm';
import { hasRoleAt } from '../auth/access';
import type { SessionUser } from '../auth/session';
import type { DbOrTx } from '../db/client';
import { contestLevels, contestRounds, contests, orgUnits, type Contest } from '../db/schema';

export type ScopedContest = Contest & { unitPath: string; unitName: string };

/**
 * The contest, if the user organizes it: an organizer (or admin) grant covering the contest's
 * organizing unit. null otherwise, so routes answer 404 and a contest outside the scope cannot
 * be confirmed to exist.
 */
export async function contestForOrganizer(
	db: DbOrTx,
	user: SessionUser,
	contestId: number
): Promise<ScopedContest | null> {
	if (!Number.isSafeInteger(contestId)) return null;
	const [row] = await db
		.select({ contest: contests, unitPath: orgUnits.path, unitName: orgUnits.name })
		.from(contests)
		.innerJoin(orgUnits, eq(orgUnits.id, contests.orgUnitId))
		.where(eq(contests.id, contestId));
	if (!row || !hasRoleAt(user, 'organizer', row.unitPath)) return null;
	return { ...row.contest, unitPath: row.unitPath, unitName: row.unitName };
}

/** The level and its contest, if the user organizes the contest. */
export async function levelForOrganizer(db: DbOrTx, user: SessionUser, levelId: number) {
	if (!Number.isSafeInteger(levelId)) return null;
	const [level] = await db.select().from(contestLevels).where(eq(contestLevels.id, levelId));
	if (!level) return null;
	const contest = await contestForOrganizer(db, user, level.contestId);
	return contest ? { level, contest } : null;
}

/** The round and its contest, if the user organizes the contest. */
export async function roundForOrganizer(db: DbOrTx, user: SessionUser, roundId: number) {
	if (!Number.isSafeInteger(roundId)) return null;
	const [round] = await db.select().from(contestRounds).where(eq(contestRounds.id, roundId));
	if (!round) return null;
	const contest = await contestForOrganizer(db, user, round.contestId);
	return contest ? { round, contest } : null;
}
