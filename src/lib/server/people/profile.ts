import { alias } from 'drizzle-orm/pg-core';
import { and, asc, desc, eq } from 'drizzle-orm';
import type { Db, DbOrTx } from '../db/client';
import { classificationRecords, orgUnits, people, personUnitHistory, users } from '../db/schema';
import { recordAudit } from '../audit/log';
import { isUniqueViolation, lockOrgTree } from '../orgs/scope';
import { createPersonWithAccount, moveMemberGrant, nameColumns } from './people';
import { getUnitInScope, unitAncestry, unitInScope, type Scope } from './scope';
import {
	settleSecretary,
	type SecretaryConflict,
	type SecretaryDecision,
	type SecretarySettled
} from './secretary';
import type { PersonFormErrors, PersonInput } from './validation';
import { peopleChanged, personIdsOf } from '../qualification/summary';

/** The person's unit path, if they exist and lie in the scope; null otherwise (either way). */
export async function personUnitPath(db: DbOrTx, personId: number, scope: Scope) {
	const [row] = await db
		.select({ path: orgUnits.path })
		.from(people)
		.innerJoin(orgUnits, eq(orgUnits.id, people.orgUnitId))
		.where(and(eq(people.id, personId), unitInScope(scope)));
	return row?.path ?? null;
}

/** Everything a manager sees on a profile page; null when the person is outside the scope. */
export async function getProfile(db: DbOrTx, personId: number, scope: Scope) {
	const [row] = await db
		.select({
			id: people.id,
			fullName: people.fullName,
			position: people.position,
			birthYear: people.birthYear,
			gender: people.gender,
			educationLevel: people.educationLevel,
			theoryLevel: people.theoryLevel,
			phone: people.phone,
			partyCardNumber: people.partyCardNumber,
			orgUnitId: people.orgUnitId,
			unitPath: orgUnits.path,
			userId: users.id,
			username: users.username,
			activated: users.passwordHash,
			disabledAt: users.disabledAt
		})
		.from(people)
		.innerJoin(orgUnits, eq(orgUnits.id, people.orgUnitId))
		.leftJoin(users, eq(users.personId, people.id))
		.where(and(eq(people.id, personId), unitInScope(scope)));
	if (!row) return null;
	const fromUnit = alias(orgUnits, 'from_unit');
	const toUnit = alias(orgUnits, 'to_unit');
	const [unitPath, classifications, history] = await Promise.all([
		unitAncestry(db, row.unitPath),
		db
			.select({ year: classificationRecords.year, level: classificationRecords.level })
			.from(classificationRecords)
			.where(eq(classificationRecords.personId, personId))
			.orderBy(desc(classificationRecords.year)),
		db
			.select({
				at: personUnitHistory.at,
				reason: personUnitHistory.reason,
				fromName: fromUnit.name,
				fromCode: fromUnit.code,
				toName: toUnit.name,
				toCode: toUnit.code
			})
			.from(personUnitHistory)
			.leftJoin(fromUnit, eq(fromUnit.id, personUnitHistory.fromUnitId))
			.innerJoin(toUnit, eq(toUnit.id, personUnitHistory.toUnitId))
			.where(eq(personUnitHistory.personId, personId))
			.orderBy(asc(personUnitHistory.at), asc(personUnitHistory.id))
	]);
	const { activated, disabledAt, unitPath: _path, ...person } = row;
	return {
		...person,
		account: row.userId
			? {
					username: row.username!,
					status: disabledAt ? 'disabled' : activated ? 'active' : 'pending'
				}
			: null,
		unitPath,
		classifications,
		history
	};
}

export type Profile = NonNullable<Awaited<ReturnType<typeof getProfile>>>;

export type UpdateResult =
	| { ok: true; transferred: boolean }
	| { ok: false; errors: PersonFormErrors }
	| { ok: false; secretaryConflict: SecretaryConflict }
	| { ok: false; notFound: true };

/** The manager's answer when the save would give a unit a second secretary (people/secretary.ts). */
type SecretaryAnswer = { secretary?: SecretaryDecision | 'missing' | null };

/**
 * Saves a profile edit. A change of unit is a transfer: both units must lie in the scope, the move
 * is kept in the unit history and the member's own-unit role follows them. Making someone the
 * secretary of a unit that has one needs the manager's answer (`settleSecretary`). Audit-logged.
 */
export async function updatePerson(
	db: Db,
	input: {
		personId: number;
		value: PersonInput;
		scope: Scope;
		actorUserId: number;
	} & SecretaryAnswer
): Promise<UpdateResult> {
	const { personId, value, scope, actorUserId } = input;
	return cardTaken(
		db.transaction(async (tx) => {
			// Taken first, in the same order as merges (tree, then rows), so a transfer cannot land
			// in a unit a concurrent merge is emptying and the two cannot deadlock.
			await lockOrgTree(tx);
			const [current] = await tx
				.select()
				.from(people)
				.innerJoin(orgUnits, eq(orgUnits.id, people.orgUnitId))
				.where(and(eq(people.id, personId), unitInScope(scope)))
				.for('update', { of: people });
			if (!current) return { ok: false, notFound: true } as const;
			const before = current.people;
			const target = await getUnitInScope(tx, value.orgUnitId, scope);
			if (!target) return { ok: false, errors: { orgUnitId: 'unknown_unit' } } as const;
			let settled: SecretarySettled | null = null;
			const becomesSecretary =
				value.position === 'secretary' &&
				(before.position !== 'secretary' || before.orgUnitId !== target.id);
			if (becomesSecretary) {
				const result = await settleSecretary(tx, {
					unitId: target.id,
					personId,
					decision: input.secretary ?? null
				});
				if ('conflict' in result) return { ok: false, secretaryConflict: result.conflict } as const;
				settled = result;
			}
			const names = nameColumns(value.fullName);
			const changes = { ...value, position: settled?.position ?? value.position, ...names };
			await tx
				.update(people)
				.set({ ...changes, updatedAt: new Date() })
				.where(eq(people.id, personId));
			// Theory level, or a province with other rules: the qualification is evaluated again.
			await peopleChanged(tx, personIdsOf([personId]));
			if (names.fullName !== before.fullName) {
				await tx
					.update(users)
					.set({ displayName: names.fullName })
					.where(eq(users.personId, personId));
			}
			const transferred = target.id !== before.orgUnitId;
			if (transferred) {
				await tx.insert(personUnitHistory).values({
					personId,
					fromUnitId: before.orgUnitId,
					toUnitId: target.id,
					reason: 'transfer',
					actorUserId
				});
				await moveMemberGrant(tx, personId, before.orgUnitId, target.id);
			}
			const changed = (Object.keys(value) as (keyof PersonInput)[]).filter(
				(k) => changes[k] !== before[k]
			);
			await recordAudit(tx, {
				action: transferred ? 'people.transferred' : 'people.updated',
				actorUserId,
				targetType: 'person',
				targetId: personId,
				orgUnitId: target.id,
				details: {
					changed,
					...(transferred ? { fromUnitId: before.orgUnitId } : {}),
					...secretaryDetails(settled)
				}
			});
			return { ok: true, transferred } as const;
		})
	);
}

export type AddResult =
	| { ok: true; personId: number; username: string }
	| { ok: false; errors: PersonFormErrors }
	| { ok: false; secretaryConflict: SecretaryConflict };

/**
 * Adds a person with their account (to be activated by code) to a unit in the scope; a second
 * secretary for the unit needs the manager's answer, as on an edit.
 */
export async function addPerson(
	db: Db,
	input: { value: PersonInput; scope: Scope; actorUserId: number } & SecretaryAnswer
): Promise<AddResult> {
	const { value, scope, actorUserId } = input;
	return cardTaken(
		db.transaction(async (tx) => {
			await lockOrgTree(tx);
			const unit = await getUnitInScope(tx, value.orgUnitId, scope);
			if (!unit) return { ok: false, errors: { orgUnitId: 'unknown_unit' } } as const;
			let settled: SecretarySettled | null = null;
			if (value.position === 'secretary') {
				const result = await settleSecretary(tx, {
					unitId: unit.id,
					personId: null,
					decision: input.secretary ?? null
				});
				if ('conflict' in result) return { ok: false, secretaryConflict: result.conflict } as const;
				settled = result;
			}
			const position = settled?.position ?? value.position;
			const created = await createPersonWithAccount(tx, { ...value, position }, actorUserId);
			await recordAudit(tx, {
				action: 'people.created',
				actorUserId,
				targetType: 'person',
				targetId: created.person.id,
				orgUnitId: unit.id,
				details: secretaryDetails(settled)
			});
			return { ok: true, personId: created.person.id, username: created.username } as const;
		})
	);
}

/** What the audit entry records of a second-secretary answer, when one was needed. */
function secretaryDetails(settled: SecretarySettled | null) {
	return settled?.choice ? { secretaryChoice: settled.choice, demoted: settled.demoted } : {};
}

/** The constraint a unique violation names (postgres.js: constraint_name, PGlite: constraint). */
function violatedConstraint(e: unknown): string | null {
	type Err = { constraint_name?: string; constraint?: string; cause?: unknown };
	for (let cur = e as Err | undefined, i = 0; cur && i < 5; i++) {
		const name = cur.constraint_name ?? cur.constraint;
		if (name) return name;
		cur = cur.cause as Err | undefined;
	}
	return null;
}

/**
 * A card number someone else holds: refused as "taken" on the field, naming nobody (the holder
 * may be outside the manager's scope).
 */
async function cardTaken<T>(
	work: Promise<T>
): Promise<T | { ok: false; errors: PersonFormErrors }> {
	try {
		return await work;
	} catch (e) {
		if (isUniqueViolation(e) && violatedConstraint(e) === 'people_party_card_key') {
			return { ok: false, errors: { partyCardNumber: 'taken' } };
		}
		throw e;
	}
}
