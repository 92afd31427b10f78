import { and, asc, desc, eq, isNull, ne, sql } from 'drizzle-orm';
import type { DbOrTx } from '../db/client';
import {
	contestLevels,
	contestRegistrations,
	contestRounds,
	contests,
	orgUnits,
	people,
	users
} from '../db/schema';
import { inScope } from '../orgs/scope';

/** Contests whose organizing unit lies in the organizer's scope, newest first. */
export async function organizerContests(db: DbOrTx, paths: string[]) {
	return db
		.select({
			id: contests.id,
			name: contests.name,
			year: contests.year,
			kind: contests.kind,
			status: contests.status,
			unitName: orgUnits.name,
			rounds: sql<number>`(select count(*)::int from contest_rounds r where r.contest_id = ${contests.id})`
		})
		.from(contests)
		.innerJoin(orgUnits, eq(orgUnits.id, contests.orgUnitId))
		.where(inScope(paths))
		.orderBy(desc(contests.year), desc(contests.id));
}

/** Levels with their rounds, in order, and how many candidates each level has. */
export async function contestStructure(db: DbOrTx, contestId: number) {
	const levels = await db
		.select({
			level: contestLevels,
			candidates: sql<number>`(select count(*)::int from contest_registrations g where g.level_id = ${contestLevels.id} and g.withdrawn_at is null)`
		})
		.from(contestLevels)
		.where(eq(contestLevels.contestId, contestId))
		.orderBy(asc(contestLevels.sortOrder));
	const rounds = await db
		.select()
		.from(contestRounds)
		.where(eq(contestRounds.contestId, contestId))
		.orderBy(asc(contestRounds.sortOrder), asc(contestRounds.id));
	return levels.map(({ level, candidates }) => ({
		...level,
		candidates: Number(candidates),
		rounds: rounds.filter((r) => r.levelId === level.id)
	}));
}

/** Units that may organize a contest in the organizer's scope (not cells, not merged ones). */
export async function organizingUnits(db: DbOrTx, paths: string[]) {
	return db
		.select({ id: orgUnits.id, name: orgUnits.name, code: orgUnits.code, depth: orgUnits.depth })
		.from(orgUnits)
		.where(and(inScope(paths), isNull(orgUnits.mergedIntoId), ne(orgUnits.kind, 'cell')))
		.orderBy(asc(orgUnits.path))
		.limit(500);
}

/** A level's registered candidates (newest first), with their unit; at most `limit`. */
export async function levelRegistrations(db: DbOrTx, levelId: number, limit = 200) {
	const rows = await db
		.select({
			id: contestRegistrations.id,
			code: contestRegistrations.candidateCode,
			name: sql<string>`coalesce(${people.fullName}, ${users.displayName})`,
			unitName: orgUnits.name,
			source: contestRegistrations.source,
			withdrawnAt: contestRegistrations.withdrawnAt
		})
		.from(contestRegistrations)
		.innerJoin(users, eq(users.id, contestRegistrations.userId))
		.leftJoin(people, eq(people.id, contestRegistrations.personId))
		.innerJoin(orgUnits, eq(orgUnits.id, contestRegistrations.orgUnitId))
		.where(eq(contestRegistrations.levelId, levelId))
		.orderBy(desc(contestRegistrations.id))
		.limit(limit);
	const [{ total }] = await db
		.select({ total: sql<number>`count(*)::int` })
		.from(contestRegistrations)
		.where(eq(contestRegistrations.levelId, levelId));
	return { rows, total: Number(total) };
}
