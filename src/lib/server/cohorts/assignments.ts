import { and, eq, isNull } from 'drizzle-orm';
import type { SessionUser } from '../auth/session';
import type { DbOrTx } from '../db/client';
import { cohortAssignments, modules } from '../db/schema';
import type { ScopedCohort } from './access';
import type { AssignmentInput } from './forms';
import { auditCohort } from './manage';

/** Adds the assignment, or moves its due date when the cohort already has it. */
export async function setAssignment(
	db: DbOrTx,
	actor: SessionUser,
	cohort: ScopedCohort,
	input: AssignmentInput
) {
	const [known] = await db
		.select({ id: modules.id })
		.from(modules)
		.where(and(eq(modules.id, input.moduleId), isNull(modules.retiredAt)));
	if (!known) return false;
	await db
		.insert(cohortAssignments)
		.values({ cohortId: cohort.id, ...input })
		.onConflictDoUpdate({
			target: [cohortAssignments.cohortId, cohortAssignments.moduleId, cohortAssignments.kind],
			set: { dueOn: input.dueOn }
		});
	await auditCohort(db, actor, cohort, 'cohort.assignment_set', { ...input });
	return true;
}

export async function removeAssignment(
	db: DbOrTx,
	actor: SessionUser,
	cohort: ScopedCohort,
	assignmentId: number
) {
	const removed = await db
		.delete(cohortAssignments)
		.where(and(eq(cohortAssignments.cohortId, cohort.id), eq(cohortAssignments.id, assignmentId)))
		.returning({ id: cohortAssignments.id });
	if (removed.length > 0) {
		await auditCohort(db, actor, cohort, 'cohort.assignment_removed', { assignmentId });
	}
	return removed.length > 0;
}

/** Modules a cohort can be assigned (not retired), with whether they have a practice quiz. */
export async function assignableModules(db: DbOrTx) {
	return db
		.select({
			id: modules.id,
			title: modules.title,
			quiz: modules.quiz,
			sortOrder: modules.sortOrder
		})
		.from(modules)
		.where(isNull(modules.retiredAt))
		.orderBy(modules.sortOrder, modules.id);
}

export async function listAssignments(db: DbOrTx, cohortId: number) {
	return db
		.select({
			id: cohortAssignments.id,
			moduleId: cohortAssignments.moduleId,
			kind: cohortAssignments.kind,
			dueOn: cohortAssignments.dueOn,
			title: modules.title
		})
		.from(cohortAssignments)
		.innerJoin(modules, eq(modules.id, cohortAssignments.moduleId))
		.where(eq(cohortAssignments.cohortId, cohortId))
		.orderBy(cohortAssignments.dueOn, cohortAssignments.moduleId, cohortAssignments.kind);
}
