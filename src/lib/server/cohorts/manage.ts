import { eq } from 'drizzle-orm';
import { recordAudit } from '../audit/log';
import type { SessionUser } from '../auth/session';
import type { DbOrTx } from '../db/client';
import { cohortTrainers, cohorts } from '../db/schema';
import type { ScopedCohort } from './access';
import type { CohortDetails, CohortInput } from './forms';

/** Every change to a cohort is audited against the cohort and its unit. */
export async function auditCohort(
	db: DbOrTx,
	actor: SessionUser,
	cohort: Pick<ScopedCohort, 'id' | 'orgUnitId'>,
	action: `cohort.${string}`,
	details: Record<string, unknown>
) {
	await recordAudit(db, {
		actorUserId: actor.id,
		action,
		targetType: 'cohort',
		targetId: cohort.id,
		orgUnitId: cohort.orgUnitId,
		details
	});
}

/** Creates the cohort with its creator as its first trainer (the caller checked the unit's scope). */
export async function createCohort(db: DbOrTx, actor: SessionUser, input: CohortInput) {
	return db.transaction(async (tx) => {
		const [row] = await tx
			.insert(cohorts)
			.values({ ...input, createdByUserId: actor.id })
			.returning({ id: cohorts.id });
		await tx.insert(cohortTrainers).values({ cohortId: row.id, userId: actor.id });
		await auditCohort(tx, actor, { id: row.id, orgUnitId: input.orgUnitId }, 'cohort.created', {
			name: input.name
		});
		return row.id;
	});
}

/** Renames the cohort or changes its period (its unit stays); audited with before and after. */
export async function updateCohort(
	db: DbOrTx,
	actor: SessionUser,
	cohort: ScopedCohort,
	input: CohortDetails
) {
	await db.transaction(async (tx) => {
		await tx.update(cohorts).set(input).where(eq(cohorts.id, cohort.id));
		const from = { name: cohort.name, startsOn: cohort.startsOn, endsOn: cohort.endsOn };
		await auditCohort(tx, actor, cohort, 'cohort.updated', { from, to: input });
	});
}
