import { and, eq, inArray, isNull, like, sql } from 'drizzle-orm';
import { recordAudit } from '../audit/log';
import type { SessionUser } from '../auth/session';
import type { DbOrTx } from '../db/client';
import {
	ASSIGNMENT_KINDS,
	cohortAssignments,
	cohortMembers,
	cohortTrainers,
	cohorts,
	modules,
	orgUnits,
	people,
	roleGrants,
	users,
	type AssignmentKind,
	type Position
} from '../db/schema';
import { escapeLike } from '../text/fold';
import type { ScopedCohort } from './access';

export type FieldErrors = Record<string, string>;
export type Parsed<T> = { ok: true; value: T } | { ok: false; errors: FieldErrors };

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const isDay = (s: string) =>
	DAY.test(s) &&
	!Number.isNaN(Date.parse(`${s}T00:00:00Z`)) &&
	new Date(`${s}T00:00:00Z`).toISOString().startsWith(s);
const text = (form: FormData, name: string) => String(form.get(name) ?? '').trim();

export type CohortInput = { name: string; orgUnitId: number; startsOn: string; endsOn: string };

export function parseCohortForm(form: FormData): Parsed<CohortInput> {
	const errors: FieldErrors = {};
	const name = text(form, 'name');
	if (name.length < 3 || name.length > 200) errors.name = 'name';
	const orgUnitId = Number(text(form, 'unit'));
	if (!Number.isSafeInteger(orgUnitId) || orgUnitId <= 0) errors.unit = 'unit';
	const startsOn = text(form, 'startsOn');
	const endsOn = text(form, 'endsOn');
	if (!isDay(startsOn)) errors.startsOn = 'date';
	if (!isDay(endsOn)) errors.endsOn = 'date';
	else if (isDay(startsOn) && endsOn < startsOn) errors.endsOn = 'before_start';
	if (Object.keys(errors).length > 0) return { ok: false, errors };
	return { ok: true, value: { name, orgUnitId, startsOn, endsOn } };
}

/** Creates the cohort with its creator as its first trainer (the caller checked the unit's scope). */
export async function createCohort(db: DbOrTx, actor: SessionUser, input: CohortInput) {
	return db.transaction(async (tx) => {
		const [row] = await tx
			.insert(cohorts)
			.values({ ...input, createdByUserId: actor.id })
			.returning({ id: cohorts.id });
		await tx.insert(cohortTrainers).values({ cohortId: row.id, userId: actor.id });
		await recordAudit(tx, {
			actorUserId: actor.id,
			action: 'cohort.created',
			targetType: 'cohort',
			targetId: row.id,
			orgUnitId: input.orgUnitId,
			details: { name: input.name }
		});
		return row.id;
	});
}

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
	await recordAudit(db, {
		actorUserId: actor.id,
		action: 'cohort.trainer_added',
		targetType: 'cohort',
		targetId: cohort.id,
		orgUnitId: cohort.orgUnitId,
		details: { userId }
	});
	return true;
}

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
		await recordAudit(tx, {
			actorUserId: actor.id,
			action: 'cohort.members_added',
			targetType: 'cohort',
			targetId: cohort.id,
			orgUnitId: cohort.orgUnitId,
			details: { fromUnitId: unit.id, positions, added }
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
		await recordAudit(db, {
			actorUserId: actor.id,
			action: 'cohort.member_removed',
			targetType: 'cohort',
			targetId: cohort.id,
			orgUnitId: cohort.orgUnitId,
			details: { personId }
		});
	}
	return removed.length > 0;
}

export type AssignmentInput = { moduleId: string; kind: AssignmentKind; dueOn: string };

export function parseAssignmentForm(
	form: FormData,
	moduleIds: readonly string[],
	quizModuleIds: readonly string[]
): Parsed<AssignmentInput> {
	const errors: FieldErrors = {};
	const moduleId = text(form, 'moduleId');
	const kind = text(form, 'kind') as AssignmentKind;
	const dueOn = text(form, 'dueOn');
	if (!moduleIds.includes(moduleId)) errors.moduleId = 'module';
	if (!ASSIGNMENT_KINDS.includes(kind)) errors.kind = 'kind';
	else if (kind === 'pass' && !quizModuleIds.includes(moduleId)) errors.kind = 'no_quiz';
	if (!isDay(dueOn)) errors.dueOn = 'date';
	if (Object.keys(errors).length > 0) return { ok: false, errors };
	return { ok: true, value: { moduleId, kind, dueOn } };
}

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
	await recordAudit(db, {
		actorUserId: actor.id,
		action: 'cohort.assignment_set',
		targetType: 'cohort',
		targetId: cohort.id,
		orgUnitId: cohort.orgUnitId,
		details: { ...input }
	});
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
		await recordAudit(db, {
			actorUserId: actor.id,
			action: 'cohort.assignment_removed',
			targetType: 'cohort',
			targetId: cohort.id,
			orgUnitId: cohort.orgUnitId,
			details: { assignmentId }
		});
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

export async function cohortMemberIds(db: DbOrTx, cohortId: number) {
	const rows = await db
		.select({ personId: cohortMembers.personId })
		.from(cohortMembers)
		.where(eq(cohortMembers.cohortId, cohortId));
	return rows.map((r) => r.personId);
}
