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

/** The cohort's trainers, whatever their grants are now (one whose grant ended can be removed). */
export async function currentTrainers(db: DbOrTx, cohortId: number) {
	return db
		.select({ id: users.id, displayName: users.displayName })
		.from(cohortTrainers)
		.innerJoin(users, eq(users.id, cohortTrainers.userId))
		.where(eq(cohortTrainers.cohortId, cohortId))
		.orderBy(users.displayName, users.id);
}

export type RemoveTrainerResult = 'removed' | 'not_trainer' | 'last_trainer';

/**
 * Removes a trainer from the cohort. The last one stays: a cohort without a trainer would be
 * seen by administrators only. Checked under a lock of the cohort's trainers, so two trainers
 * removing each other at once cannot both succeed.
 */
export async function removeTrainer(
	db: DbOrTx,
	actor: SessionUser,
	cohort: ScopedCohort,
	userId: number
): Promise<RemoveTrainerResult> {
	return db.transaction(async (tx) => {
		const rows = await tx
			.select({ userId: cohortTrainers.userId })
			.from(cohortTrainers)
			.where(eq(cohortTrainers.cohortId, cohort.id))
			.for('update');
		if (!rows.some((r) => r.userId === userId)) return 'not_trainer';
		if (rows.length === 1) return 'last_trainer';
		await tx
			.delete(cohortTrainers)
			.where(and(eq(cohortTrainers.cohortId, cohort.id), eq(cohortTrainers.userId, userId)));
		await auditCohort(tx, actor, cohort, 'cohort.trainer_removed', { userId });
		return 'removed';
	});
}
