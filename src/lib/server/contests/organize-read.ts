import { asc, desc, eq, sql } from 'drizzle-orm';
import type { DbOrTx } from '../db/client';
import { contestLevels, contestRounds, contests, orgUnits } from '../db/schema';
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
