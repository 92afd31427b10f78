import { and, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { SessionUser } from '../auth/session';
import type { DbOrTx } from '../db/client';
import { cohortTrainers, orgUnits, roleGrants, users } from '../db/schema';
import type { ScopedCohort } from './access';
import { auditCohort } from './manage';

/** Accounts that may co-run the cohort: a trainer (or admin) grant covering its unit. */
export async function trainerChoices(db: DbOrTx, cohort: ScopedCohort) {
	const rows = await db
		.selectDistinct({ id: users.id, displayName: users.displayName, username: users.username })
		.from(roleGrants)
		.innerJoin(users, eq(users.id, roleGrants.userId))
		.innerJoin(orgUnits, eq(orgUnits.id, roleGrants.orgUnitId))
		.where(
			and(
				inArray(roleGrants.role, ['trainer', 'admin']),
				isNull(users.disabledAt),
				sql`${cohort.unitPath} like ${orgUnits.path} || '%'`
			)
		);
	const current = await db
		.select({ userId: cohortTrainers.userId })
		.from(cohortTrainers)
		.where(eq(cohortTrainers.cohortId, cohort.id));
	const ids = new Set(current.map((r) => r.userId));
	return rows.map((r) => ({ ...r, current: ids.has(r.id) }));
}

export async function addTrainer(
	db: DbOrTx,
	actor: SessionUser,
	cohort: ScopedCohort,
	userId: number
) {
	const allowed = await trainerChoices(db, cohort);
	if (!allowed.some((t) => t.id === userId)) return false;
	await db.insert(cohortTrainers).values({ cohortId: cohort.id, userId }).onConflictDoNothing();
	await auditCohort(db, actor, cohort, 'cohort.trainer_added', { userId });
	return true;
}
