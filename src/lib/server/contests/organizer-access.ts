import { error } from '@sveltejs/kit';
import { and, eq } from 'drizzle-orm';
import { requireRole, requireRoleAt } from '../auth/access';
import type { DbOrTx } from '../db/client';
import { contestLevels, contestRounds, contests, orgUnits } from '../db/schema';

/** A route parameter that can be an id (1…2³¹−1); anything else finds nothing. */
export function idParam(value: string | null | undefined): number | null {
	if (!value || !/^\d{1,10}$/.test(value)) return null;
	const n = Number(value);
	return n > 0 && n <= 2_147_483_647 ? n : null;
}

export async function contestWithUnit(db: DbOrTx, id: number) {
	const [row] = await db
		.select({
			contest: contests,
			unit: { id: orgUnits.id, name: orgUnits.name, code: orgUnits.code, path: orgUnits.path }
		})
		.from(contests)
		.innerJoin(orgUnits, eq(orgUnits.id, contests.orgUnitId))
		.where(eq(contests.id, id));
	return row ?? null;
}

/**
 * The route-side check for every organizer page, action and endpoint of a contest: the user must
 * be an organizer (403 otherwise), and their scope must cover the contest's organizing unit (404
 * otherwise, so that other provinces' contests cannot be confirmed to exist).
 */
export async function requireOrganizedContest(
	db: DbOrTx,
	locals: App.Locals,
	contestParam: string,
	url: URL
) {
	requireRole(locals, 'organizer', url);
	const id = idParam(contestParam);
	const found = id ? await contestWithUnit(db, id) : null;
	const user = requireRoleAt(locals, 'organizer', found?.unit.path, url);
	if (!found) error(404, 'not_found');
	return { user, contest: found.contest, unit: found.unit };
}

/** The contest's round, or 404 (a round of another contest is not found either). */
export async function requireRoundOf(db: DbOrTx, contestId: number, roundParam: string) {
	const id = idParam(roundParam);
	const [row] = id
		? await db
				.select({ round: contestRounds, level: contestLevels })
				.from(contestRounds)
				.innerJoin(contestLevels, eq(contestLevels.id, contestRounds.levelId))
				.where(and(eq(contestRounds.id, id), eq(contestRounds.contestId, contestId)))
		: [];
	if (!row) error(404, 'not_found');
	return row;
}

export async function requireLevelOf(db: DbOrTx, contestId: number, levelParam: string) {
	const id = idParam(levelParam);
	const [level] = id
		? await db
				.select()
				.from(contestLevels)
				.where(and(eq(contestLevels.id, id), eq(contestLevels.contestId, contestId)))
		: [];
	if (!level) error(404, 'not_found');
	return level;
}
