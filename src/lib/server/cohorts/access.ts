import { and, desc, eq, exists, sql } from 'drizzle-orm';
import { hasRoleAt, scopePaths } from '../auth/access';
import type { SessionUser } from '../auth/session';
import type { DbOrTx } from '../db/client';
import { cohortMembers, cohortTrainers, cohorts, orgUnits } from '../db/schema';
import { inScope, isPathInScope } from '../orgs/scope';

export type ScopedCohort = {
	id: number;
	name: string;
	startsOn: string;
	endsOn: string;
	orgUnitId: number;
	unitPath: string;
	unitName: string;
};

const cohortColumns = {
	id: cohorts.id,
	name: cohorts.name,
	startsOn: cohorts.startsOn,
	endsOn: cohorts.endsOn,
	orgUnitId: cohorts.orgUnitId,
	unitPath: orgUnits.path,
	unitName: orgUnits.name
};

/** Admins over the cohort's unit see every cohort there; a trainer only the ones they run. */
const adminPaths = (user: SessionUser) =>
	user.grants.filter((g) => g.role === 'admin').map((g) => g.path);

function visibleTo(user: SessionUser) {
	const isTrainerOf = exists(
		sql`(select 1 from ${cohortTrainers} where ${cohortTrainers.cohortId} = ${cohorts.id} and ${cohortTrainers.userId} = ${user.id})`
	);
	const admin = adminPaths(user);
	return and(
		inScope(scopePaths(user, 'trainer')),
		admin.length > 0 ? sql`(${isTrainerOf} or ${inScope(admin)})` : isTrainerOf
	);
}

/** The cohorts the user runs (or, as an admin, oversees), newest first. */
export async function listCohortsFor(db: DbOrTx, user: SessionUser) {
	return db
		.select({
			...cohortColumns,
			members:
				sql<number>`(select count(*) from ${cohortMembers} where ${cohortMembers.cohortId} = ${cohorts.id})`.mapWith(
					Number
				)
		})
		.from(cohorts)
		.innerJoin(orgUnits, eq(orgUnits.id, cohorts.orgUnitId))
		.where(visibleTo(user))
		.orderBy(desc(cohorts.startsOn), desc(cohorts.id));
}

/**
 * The cohort, if the user may see it; null otherwise (the route answers 404, whether it exists or
 * not). The trainer role must still cover its unit: a trainer whose grant was withdrawn loses it.
 */
export async function cohortForTrainer(
	db: DbOrTx,
	user: SessionUser,
	id: number
): Promise<ScopedCohort | null> {
	if (!Number.isSafeInteger(id) || id <= 0) return null;
	const [row] = await db
		.select(cohortColumns)
		.from(cohorts)
		.innerJoin(orgUnits, eq(orgUnits.id, cohorts.orgUnitId))
		.where(and(eq(cohorts.id, id), visibleTo(user)));
	if (!row || !hasRoleAt(user, 'trainer', row.unitPath)) return null;
	return row;
}

export const mayRunCohortAt = (user: SessionUser, path: string) =>
	isPathInScope(scopePaths(user, 'trainer'), path);
