import { and, eq, inArray, isNull, like } from 'drizzle-orm';
import type { SessionUser } from '../auth/session';
import type { DbOrTx } from '../db/client';
import { cohortMembers, orgUnits, people, type Position } from '../db/schema';
import { escapeLike } from '../text/fold';
import type { ScopedCohort } from './access';
import { auditCohort } from './manage';

export const MEMBER_POSITION_CHOICES = {
	secretaries: ['secretary'],
	committee: ['secretary', 'deputy_secretary', 'committee_member']
} as const satisfies Record<string, Position[]>;
export type MemberPositionChoice = keyof typeof MEMBER_POSITION_CHOICES;

/**
 * Adds everyone in the unit's subtree holding one of the positions (a whole commune's secretaries
 * in one step). The unit must lie inside the cohort's unit (checked here). Returns how many joined.
 */
export async function addMembersFromUnit(
	db: DbOrTx,
	actor: SessionUser,
	cohort: ScopedCohort,
	unitId: number,
	choice: MemberPositionChoice
): Promise<number | null> {
	const [unit] = await db
		.select({ id: orgUnits.id, path: orgUnits.path })
		.from(orgUnits)
		.where(and(eq(orgUnits.id, unitId), isNull(orgUnits.mergedIntoId)));
	if (!unit || !unit.path.startsWith(cohort.unitPath)) return null;
	const positions: Position[] = [...MEMBER_POSITION_CHOICES[choice]];
	return db.transaction(async (tx) => {
		const found = await tx
			.select({ id: people.id })
			.from(people)
			.innerJoin(orgUnits, eq(orgUnits.id, people.orgUnitId))
			.where(
				and(
					like(orgUnits.path, escapeLike(unit.path) + '%'),
					isNull(orgUnits.mergedIntoId),
					inArray(people.position, positions)
				)
			);
		const added = await addPeople(
			tx,
			cohort.id,
			found.map((p) => p.id)
		);
		await auditCohort(tx, actor, cohort, 'cohort.members_added', {
			fromUnitId: unit.id,
			positions,
			added
		});
		return added;
	});
}

/** Inserts members, skipping those already in; returns how many were new. */
export async function addPeople(db: DbOrTx, cohortId: number, personIds: number[]) {
	let added = 0;
	for (let i = 0; i < personIds.length; i += 1000) {
		const rows = await db
			.insert(cohortMembers)
			.values(personIds.slice(i, i + 1000).map((personId) => ({ cohortId, personId })))
			.onConflictDoNothing()
			.returning({ personId: cohortMembers.personId });
		added += rows.length;
	}
	return added;
}

export async function removeMember(
	db: DbOrTx,
	actor: SessionUser,
	cohort: ScopedCohort,
	personId: number
) {
	const removed = await db
		.delete(cohortMembers)
		.where(and(eq(cohortMembers.cohortId, cohort.id), eq(cohortMembers.personId, personId)))
		.returning({ personId: cohortMembers.personId });
	if (removed.length > 0) {
		await auditCohort(db, actor, cohort, 'cohort.member_removed', { personId });
	}
	return removed.length > 0;
}

export async function cohortMemberIds(db: DbOrTx, cohortId: number) {
	const rows = await db
		.select({ personId: cohortMembers.personId })
		.from(cohortMembers)
		.where(eq(cohortMembers.cohortId, cohortId));
	return rows.map((r) => r.personId);
}
