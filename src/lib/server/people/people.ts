import { eq } from 'drizzle-orm';
import type { DbOrTx } from '../db/client';
import {
	people,
	personUnitHistory,
	type EducationLevel,
	type Person,
	type Position,
	type TheoryLevel
} from '../db/schema';
import { foldVietnamese } from '../text/fold';

export type NewPerson = {
	orgUnitId: number;
	fullName: string;
	position?: Position;
	birthYear?: number | null;
	gender?: 'male' | 'female' | null;
	educationLevel?: EducationLevel | null;
	theoryLevel?: TheoryLevel | null;
	phone?: string | null;
};

/** Adds a person to a unit and records where they started, so their unit history is complete. */
export async function createPerson(
	db: DbOrTx,
	person: NewPerson,
	actorUserId: number | null = null,
	reason: 'created' | 'import' = 'created'
): Promise<Person> {
	const fullName = person.fullName.normalize('NFC').trim().replace(/\s+/g, ' ');
	const [row] = await db
		.insert(people)
		.values({ ...person, fullName, searchText: foldVietnamese(fullName) })
		.returning();
	await db
		.insert(personUnitHistory)
		.values({ personId: row.id, toUnitId: row.orgUnitId, reason, actorUserId });
	return row;
}

export async function getPerson(db: DbOrTx, id: number): Promise<Person | null> {
	const [row] = await db.select().from(people).where(eq(people.id, id));
	return row ?? null;
}
