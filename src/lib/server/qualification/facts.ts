import { and, count, eq, inArray, isNotNull, isNull, like, max, ne, sql } from 'drizzle-orm';
import type { DbOrTx } from '../db/client';
import {
	attempts,
	lessonProgress,
	lessons,
	orgUnits,
	people,
	users,
	type EducationLevel,
	type Position
} from '../db/schema';
import { escapeLike } from '../text/fold';
import { vietnamDay } from './calendar';
import type { ModuleFacts, PersonFacts } from './rules';
import { trainingDaysOf } from './training';

/** Whose qualification is tracked: the cell's secretary, deputy and committee members. */
export const TRACKED_POSITIONS: Position[] = ['secretary', 'deputy_secretary', 'committee_member'];

export type PersonRecord = {
	personId: number;
	fullName: string;
	position: Position;
	orgUnitId: number;
	unitPath: string;
	birthYear: number | null;
	educationLevel: EducationLevel | null;
	userId: number | null;
	facts: PersonFacts;
};

/** The province a unit belongs to: the root of its path ("/1/4/17/" → 1). */
export const provinceIdOf = (path: string) => Number(path.split('/')[1]);

/**
 * What the tracked people under a unit path (or one person) have done towards the given modules,
 * in three set-based queries: the people, reading per module (complete when every current lesson
 * is completed), and finished practice attempts with their score in percent.
 */
export async function loadPersonRecords(
	db: DbOrTx,
	where: { underPath: string } | { personId: number },
	moduleIds: string[]
): Promise<PersonRecord[]> {
	const rows = await db
		.select({
			personId: people.id,
			fullName: people.fullName,
			position: people.position,
			orgUnitId: people.orgUnitId,
			unitPath: orgUnits.path,
			theoryLevel: people.theoryLevel,
			birthYear: people.birthYear,
			educationLevel: people.educationLevel,
			userId: users.id
		})
		.from(people)
		.innerJoin(orgUnits, eq(orgUnits.id, people.orgUnitId))
		.leftJoin(users, eq(users.personId, people.id))
		.where(
			'personId' in where
				? eq(people.id, where.personId)
				: and(
						like(orgUnits.path, escapeLike(where.underPath) + '%'),
						isNull(orgUnits.mergedIntoId),
						inArray(people.position, TRACKED_POSITIONS)
					)
		);
	const userIds = rows.map((r) => r.userId).filter((id): id is number => id !== null);
	const modules = new Map<number, Record<string, ModuleFacts>>();
	const entry = (userId: number, moduleId: string) => {
		const byModule = modules.get(userId) ?? {};
		modules.set(userId, byModule);
		return (byModule[moduleId] ??= { readOn: null, readStarted: false, practice: [] });
	};
	if (userIds.length > 0 && moduleIds.length > 0) {
		const currentLessons = db
			.select({ moduleId: lessons.moduleId, total: count().as('total') })
			.from(lessons)
			.where(and(isNull(lessons.retiredAt), inArray(lessons.moduleId, moduleIds)))
			.groupBy(lessons.moduleId)
			.as('current_lessons');
		const [reading, practice] = await Promise.all([
			db
				.select({
					userId: lessonProgress.userId,
					moduleId: lessonProgress.moduleId,
					done: sql<number>`count(*) filter (where ${lessonProgress.completedAt} is not null and ${lessons.retiredAt} is null)`.mapWith(
						Number
					),
					lastDone: max(lessonProgress.completedAt),
					total: sql<number>`max(${currentLessons.total})`.mapWith(Number)
				})
				.from(lessonProgress)
				.innerJoin(lessons, eq(lessons.id, lessonProgress.lessonId))
				.innerJoin(currentLessons, eq(currentLessons.moduleId, lessonProgress.moduleId))
				.where(
					and(inArray(lessonProgress.userId, userIds), inArray(lessonProgress.moduleId, moduleIds))
				)
				.groupBy(lessonProgress.userId, lessonProgress.moduleId),
			db
				.select({
					userId: attempts.userId,
					moduleId: attempts.moduleId,
					finishedAt: attempts.finishedAt,
					percent: sql<number>`${attempts.score} * 100.0 / nullif(${attempts.maxScore}, 0)`.mapWith(
						Number
					)
				})
				.from(attempts)
				.where(
					and(
						inArray(attempts.userId, userIds),
						inArray(attempts.moduleId, moduleIds),
						eq(attempts.kind, 'practice'),
						eq(attempts.status, 'finished'),
						isNotNull(attempts.finishedAt),
						ne(attempts.maxScore, 0)
					)
				)
		]);
		for (const r of reading) {
			const m = entry(r.userId, r.moduleId);
			m.readStarted = true;
			if (r.total > 0 && r.done >= r.total && r.lastDone) m.readOn = vietnamDay(r.lastDone);
		}
		for (const a of practice) {
			entry(a.userId, a.moduleId!).practice.push({
				on: vietnamDay(a.finishedAt!),
				percent: a.percent
			});
		}
	}
	const trainings = await trainingDaysOf(
		db,
		rows.map((r) => r.personId)
	);
	return rows.map((r) => ({
		personId: r.personId,
		fullName: r.fullName,
		position: r.position,
		orgUnitId: r.orgUnitId,
		unitPath: r.unitPath,
		birthYear: r.birthYear,
		educationLevel: r.educationLevel,
		userId: r.userId,
		facts: {
			theoryLevel: r.theoryLevel,
			modules: (r.userId && modules.get(r.userId)) || {},
			trainings: trainings.get(r.personId) ?? []
		}
	}));
}
