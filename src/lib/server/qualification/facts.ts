import {
	and,
	count,
	eq,
	inArray,
	isNotNull,
	isNull,
	like,
	ne,
	not,
	or,
	sql,
	type SQL
} from 'drizzle-orm';
import type { DbOrTx } from '../db/client';
import {
	attempts,
	lessonProgress,
	lessons,
	orgUnits,
	people,
	trainingRecords,
	users,
	type EducationLevel,
	type Position
} from '../db/schema';
import { escapeLike } from '../text/fold';
import { movedOutOf, yearEnd } from './history';
import type { Day } from './calendar';
import {
	requiredModuleIds,
	ruleInForce,
	type ModuleFacts,
	type PersonFacts,
	type QualificationRule
} from './rules';
import { ruleVersions } from './store';

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

/**
 * The people to read: the tracked people under a unit path (and, with `movedOutSince`, those who
 * left it since then, for the years they were counted there), or one person.
 */
export type PeopleScope =
	| { underPath: string; movedOutSince?: Date }
	| { personId: number }
	| { personIds: number[] }
	/** Only the tracked people who left a unit under `leftPath` since `since` and are not under it now. */
	| { leftPath: string; since: Date };

/** The province a unit belongs to: the root of its path ("/1/4/17/" → 1). */
export const provinceIdOf = (path: string) => Number(path.split('/')[1]);

/**
 * A timestamp as the number of its Vietnamese calendar day (`calendar.ts`) since 1970-01-01,
 * computed by the database as plain arithmetic: Asia/Ho_Chi_Minh has been UTC+7 without summer
 * time since 1975, and a zone lookup per attempt costs more than the rest of the query.
 */
const vietnamDayNumber = (column: SQL | typeof attempts.finishedAt) =>
	sql<number>`floor((extract(epoch from ${column}) + 25200) / 86400)::int`;

const dayTexts = new Map<number, Day>();
/** Day number → `YYYY-MM-DD` (a few thousand distinct days: remembered). */
function dayOfNumber(n: number): Day {
	let day = dayTexts.get(n);
	if (day === undefined) {
		day = new Date(n * 86_400_000).toISOString().slice(0, 10);
		dayTexts.set(n, day);
	}
	return day;
}

/** A live unit under `path` (the unit's people now). */
const underNow = (path: string) =>
	and(like(orgUnits.path, escapeLike(path) + '%'), isNull(orgUnits.mergedIntoId))!;

export function scopeCondition(db: DbOrTx, scope: PeopleScope) {
	if ('personId' in scope) return eq(people.id, scope.personId);
	if ('personIds' in scope)
		return sql`${people.id} = any(${`{${scope.personIds.join(',')}}`}::int[])`;
	if ('leftPath' in scope)
		return and(
			inArray(people.position, TRACKED_POSITIONS),
			inArray(people.id, movedOutOf(db, scope.leftPath, scope.since)),
			not(underNow(scope.leftPath))
		);
	const now = underNow(scope.underPath);
	return and(
		inArray(people.position, TRACKED_POSITIONS),
		scope.movedOutSince
			? or(now, inArray(people.id, movedOutOf(db, scope.underPath, scope.movedOutSince)))
			: now
	);
}

/** The ids of the people in scope, as a subquery (joins, not lists of thousands of ids). */
export const scopedPersonIds = (db: DbOrTx, scope: PeopleScope) =>
	db
		.select({ id: people.id })
		.from(people)
		.innerJoin(orgUnits, eq(orgUnits.id, people.orgUnitId))
		.where(scopeCondition(db, scope));

/** The accounts of the people in scope, as a subquery. */
export const scopedUserIds = (db: DbOrTx, scope: PeopleScope) =>
	db
		.select({ id: users.id })
		.from(users)
		.where(inArray(users.personId, scopedPersonIds(db, scope)));

/** Finished practice attempts at the given modules that have a score to count. */
export const countedPractice = (db: DbOrTx, scope: PeopleScope, moduleIds: string[]) =>
	and(
		inArray(attempts.userId, scopedUserIds(db, scope)),
		inArray(attempts.moduleId, moduleIds),
		eq(attempts.kind, 'practice'),
		eq(attempts.status, 'finished'),
		isNotNull(attempts.finishedAt),
		ne(attempts.maxScore, 0)
	);

/** Reading per person and module: complete when every current lesson is completed. */
function readingOf(db: DbOrTx, scope: PeopleScope, moduleIds: string[]) {
	const current = db
		.select({ moduleId: lessons.moduleId, total: count().as('total') })
		.from(lessons)
		.where(and(isNull(lessons.retiredAt), inArray(lessons.moduleId, moduleIds)))
		.groupBy(lessons.moduleId)
		.as('current_lessons');
	const done = sql`count(*) filter (where ${lessonProgress.completedAt} is not null and ${lessons.retiredAt} is null)`;
	return db
		.select({
			userId: lessonProgress.userId,
			moduleId: lessonProgress.moduleId,
			readOn: sql<
				number | null
			>`case when max(${current.total}) > 0 and ${done} >= max(${current.total}) then ${vietnamDayNumber(sql`max(${lessonProgress.completedAt})`)} end`
		})
		.from(lessonProgress)
		.innerJoin(lessons, eq(lessons.id, lessonProgress.lessonId))
		.innerJoin(current, eq(current.moduleId, lessonProgress.moduleId))
		.where(
			and(
				inArray(lessonProgress.userId, scopedUserIds(db, scope)),
				inArray(lessonProgress.moduleId, moduleIds)
			)
		)
		.groupBy(lessonProgress.userId, lessonProgress.moduleId);
}

/**
 * Practice per person and module: the best score (percent) of each day with a score at or above
 * `lowestMark` (the lowest pass mark of any version: lower scores pass nothing and a day without a
 * pass makes no one qualified), and one row without a day when there are lower scores (tried).
 */
function practiceOf(db: DbOrTx, scope: PeopleScope, moduleIds: string[], lowestMark: number) {
	const percent = sql<number>`${attempts.score} * 100.0 / nullif(${attempts.maxScore}, 0)`;
	const scored = db
		.select({
			userId: attempts.userId,
			moduleId: attempts.moduleId,
			percent: percent.as('percent'),
			day: sql<
				number | null
			>`case when ${percent} >= ${lowestMark} then ${vietnamDayNumber(attempts.finishedAt)} end`.as(
				'day'
			)
		})
		.from(attempts)
		.where(countedPractice(db, scope, moduleIds))
		.as('scored');
	return db
		.select({
			userId: scored.userId,
			moduleId: scored.moduleId,
			day: scored.day,
			percent: sql<number>`max(${scored.percent})`.mapWith(Number)
		})
		.from(scored)
		.groupBy(scored.userId, scored.moduleId, scored.day);
}

/**
 * What the people in scope have done towards the modules the rule versions ask for, in four
 * set-based queries (the people, reading, practice, training days), each restricted by a join on
 * the scope (no lists of ids); days are computed in the database.
 */
export async function loadPersonRecords(
	db: DbOrTx,
	scope: PeopleScope,
	versions: QualificationRule[]
): Promise<PersonRecord[]> {
	const moduleIds = requiredModuleIds(versions);
	const withModules = moduleIds.length > 0;
	const lowestMark = Math.min(...versions.map((v) => v.passPercent));
	const [rows, reading, practice, trainings] = await Promise.all([
		db
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
			.where(scopeCondition(db, scope)),
		withModules ? readingOf(db, scope, moduleIds) : [],
		withModules ? practiceOf(db, scope, moduleIds, lowestMark) : [],
		db
			.select({ personId: trainingRecords.personId, endOn: trainingRecords.endOn })
			.from(trainingRecords)
			.where(inArray(trainingRecords.personId, scopedPersonIds(db, scope)))
			.orderBy(trainingRecords.endOn)
	]);
	const modules = new Map<number, Record<string, ModuleFacts>>();
	const entry = (userId: number, moduleId: string) => {
		const byModule = modules.get(userId) ?? {};
		modules.set(userId, byModule);
		return (byModule[moduleId] ??= { readOn: null, readStarted: false, practice: [] });
	};
	for (const r of reading) {
		const m = entry(r.userId, r.moduleId);
		m.readStarted = true;
		m.readOn = r.readOn === null ? null : dayOfNumber(Number(r.readOn));
	}
	for (const a of practice) {
		const m = entry(a.userId, a.moduleId!);
		if (a.day === null) m.tried = true;
		else m.practice.push({ on: dayOfNumber(Number(a.day)), percent: a.percent });
	}
	const trainingDays = new Map<number, Day[]>();
	for (const t of trainings) {
		const days = trainingDays.get(t.personId);
		if (days) days.push(t.endOn);
		else trainingDays.set(t.personId, [t.endOn]);
	}
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
			trainings: trainingDays.get(r.personId) ?? []
		}
	}));
}

/** Finished practice attempts (required modules) of the people in scope per 10-point band. */
export async function scoreDistribution(
	db: DbOrTx,
	scope: PeopleScope,
	moduleIds: string[]
): Promise<number[]> {
	const bands = Array.from({ length: 10 }, () => 0);
	if (moduleIds.length === 0) return bands;
	const band = sql<number>`least(9, greatest(0, floor(${attempts.score} * 10.0 / ${attempts.maxScore})))::int`;
	const rows = await db
		.select({ band: band.mapWith(Number), n: count() })
		.from(attempts)
		.where(countedPractice(db, scope, moduleIds))
		.groupBy(band);
	for (const r of rows) bands[r.band] = Number(r.n);
	return bands;
}

export type UnitRecords = {
	versions: QualificationRule[];
	/** The people under the unit now, and those who left it since `movedOutSince`. */
	records: PersonRecord[];
	scope: PeopleScope & { underPath: string };
};

/**
 * The province's rule versions and the tracked people under a unit with what they did (no
 * people are read without a rule in force), including those who left the unit after the end of
 * `firstYear` (their earlier years count here): read once, shared by the rollup and the laggards.
 */
export async function loadUnitRecords(
	db: DbOrTx,
	unit: { path: string },
	today: Day,
	firstYear = Number(today.slice(0, 4))
): Promise<UnitRecords> {
	const versions = await ruleVersions(db, provinceIdOf(unit.path));
	const scope = { underPath: unit.path, movedOutSince: yearEnd(firstYear) };
	if (!ruleInForce(versions, today)) return { versions, records: [], scope };
	return { versions, records: await loadPersonRecords(db, scope, versions), scope };
}
