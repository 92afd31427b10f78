import { and, asc, eq, isNull } from 'drizzle-orm';
import type { DbOrTx } from '../db/client';
import {
	contestRegistrations,
	orgUnits,
	users,
	type ContestRound,
	type JudgedRound
} from '../db/schema';

/**
 * A judge may not score a candidate of their own unit: the candidate's unit lies in the subtree
 * of the judge's unit (their person record's unit), when that unit is below the contest's
 * organizing unit (a judge of the organizing committee itself is nobody's "own unit"). The
 * organizer may allow it for one judge.
 */
export function conflicted(
	judgeUnitPath: string | null,
	candidateUnitPath: string,
	contestPath: string,
	allowOwnUnit: boolean
): boolean {
	if (allowOwnUnit || !judgeUnitPath) return false;
	if (contestPath.startsWith(judgeUnitPath)) return false;
	return candidateUnitPath.startsWith(judgeUnitPath);
}

/** The round's candidates (registered in its level, not withdrawn), in registration order. */
export async function roundCandidates(db: DbOrTx, round: Pick<ContestRound, 'levelId'>) {
	return db
		.select({
			registrationId: contestRegistrations.id,
			code: contestRegistrations.candidateCode,
			name: users.displayName,
			unitName: orgUnits.name,
			unitPath: orgUnits.path
		})
		.from(contestRegistrations)
		.innerJoin(users, eq(users.id, contestRegistrations.userId))
		.innerJoin(orgUnits, eq(orgUnits.id, contestRegistrations.orgUnitId))
		.where(
			and(eq(contestRegistrations.levelId, round.levelId), isNull(contestRegistrations.withdrawnAt))
		)
		.orderBy(asc(contestRegistrations.id));
}

/** Essays are judged by candidate code until the scores are locked. */
export const anonymised = (
	round: Pick<ContestRound, 'kind'>,
	settings: Pick<JudgedRound, 'lockedAt'>
) => round.kind === 'essay' && !settings.lockedAt;
