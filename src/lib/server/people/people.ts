import { and, eq } from 'drizzle-orm';
import type { DbOrTx } from '../db/client';
import {
	people,
	personUnitHistory,
	roleGrants,
	users,
	type EducationLevel,
	type Person,
	type Position,
	type TheoryLevel
} from '../db/schema';
import { createUser, grantRole, uniqueUsernameFor } from '../auth/users';
import { foldVietnamese } from '../text/fold';
import { vietnameseSortKey } from './sort-key';
import { normalizeName } from './validation';

export type NewPerson = {
	orgUnitId: number;
	fullName: string;
	position?: Position;
	birthYear?: number | null;
	gender?: 'male' | 'female' | null;
	educationLevel?: EducationLevel | null;
	theoryLevel?: TheoryLevel | null;
	phone?: string | null;
	partyCardNumber?: string | null;
};

/** The stored forms of a name: as written (NFC), folded for search, and its sort key. */
export function nameColumns(fullName: string) {
	const name = normalizeName(fullName);
	return { fullName: name, searchText: foldVietnamese(name), sortKey: vietnameseSortKey(name) };
}

/** Adds a person to a unit and records where they started, so their unit history is complete. */
export async function createPerson(
	db: DbOrTx,
	person: NewPerson,
	actorUserId: number | null = null,
	reason: 'created' | 'import' = 'created'
): Promise<Person> {
	const [row] = await db
		.insert(people)
		.values({ ...person, ...nameColumns(person.fullName) })
		.returning();
	await db
		.insert(personUnitHistory)
		.values({ personId: row.id, toUnitId: row.orgUnitId, reason, actorUserId });
	return row;
}

/**
 * A person and their account: a username from the name, no password (it is set with an
 * activation code), and the secretary role on their unit, as every cell member has.
 */
export async function createPersonWithAccount(
	db: DbOrTx,
	person: NewPerson,
	actorUserId: number | null,
	reason: 'created' | 'import' = 'created'
) {
	const row = await createPerson(db, person, actorUserId, reason);
	const user = await createUser(db, {
		username: await uniqueUsernameFor(db, row.fullName),
		displayName: row.fullName,
		personId: row.id
	});
	await grantRole(db, {
		userId: user.id,
		role: 'secretary',
		orgUnitId: row.orgUnitId,
		createdByUserId: actorUserId
	});
	return { person: row, userId: user.id, username: user.username };
}

export async function getPerson(db: DbOrTx, id: number): Promise<Person | null> {
	const [row] = await db.select().from(people).where(eq(people.id, id));
	return row ?? null;
}

/**
 * Moves a person's own-unit role (the secretary grant on their unit) along with them, so a
 * transfer does not leave them rights in the cell they left.
 */
export async function moveMemberGrant(
	db: DbOrTx,
	personId: number,
	fromUnitId: number,
	toUnitId: number
) {
	const [user] = await db.select({ id: users.id }).from(users).where(eq(users.personId, personId));
	if (!user) return;
	const where = and(
		eq(roleGrants.userId, user.id),
		eq(roleGrants.role, 'secretary'),
		eq(roleGrants.orgUnitId, fromUnitId)
	);
	const moved = await db.delete(roleGrants).where(where).returning({ id: roleGrants.id });
	if (moved.length > 0) {
		await grantRole(db, { userId: user.id, role: 'secretary', orgUnitId: toUnitId });
	}
}
