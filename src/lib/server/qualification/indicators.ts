import { and, eq, gte, inArray, isNotNull, isNull, lte } from 'drizzle-orm';
import type { DbOrTx } from '../db/client';
import {
	classificationRecords,
	contestAwards,
	contestLevels,
	contestRegistrations,
	contests,
	type Classification
} from '../db/schema';
import type { Day } from './calendar';
import { scopedPersonIds, scopedUserIds, type PeopleScope, type PersonRecord } from './facts';
import { evaluateQualification, type QualificationRule } from './rules';

/** The indicators provinces publish (qualification/README.md), as counts over tracked people. */
export type IndicatorCounts = {
	tracked: number;
	/** Qualified or expiring on the year's last day (today for the current year). */
	qualified: number;
	/** Rated "completed well" or "excellently" for the year. */
	ratedWell: number;
	/** University or postgraduate education. */
	university: number;
	/** Political theory elementary or higher. */
	theory: number;
	/** Sum of ages in the year over the people whose birth year is known. */
	ageSum: number;
	ageKnown: number;
	under40: number;
	/** A training course ended in the year. */
	trained: number;
	/** Registered (not withdrawn) in a contest of the year. */
	contestants: number;
	/** A prize in a contest of the year whose prizes are published. */
	prizeWinners: number;
};

export const INDICATOR_KEYS = [
	'qualified',
	'ratedWell',
	'university',
	'theory',
	'under40',
	'trained',
	'contestants',
	'prizeWinners'
] as const;
export type IndicatorKey = (typeof INDICATOR_KEYS)[number];

export type IndicatorShares = Record<IndicatorKey, number | null> & {
	tracked: number;
	averageAge: number | null;
};

export const emptyIndicators = (): IndicatorCounts => ({
	tracked: 0,
	qualified: 0,
	ratedWell: 0,
	university: 0,
	theory: 0,
	ageSum: 0,
	ageKnown: 0,
	under40: 0,
	trained: 0,
	contestants: 0,
	prizeWinners: 0
});

/** Shares over the tracked people (under 40: over those whose age is known). */
export function indicatorShares(c: IndicatorCounts): IndicatorShares {
	const share = (n: number, of = c.tracked) => (of === 0 ? null : n / of);
	return {
		tracked: c.tracked,
		qualified: share(c.qualified),
		ratedWell: share(c.ratedWell),
		university: share(c.university),
		theory: share(c.theory),
		under40: share(c.under40, c.ageKnown),
		trained: share(c.trained),
		contestants: share(c.contestants),
		prizeWinners: share(c.prizeWinners),
		averageAge: c.ageKnown === 0 ? null : c.ageSum / c.ageKnown
	};
}

/** What the indicators need beyond the qualification facts, per person and year. */
export type PersonExtras = {
	ratings: Map<number, Classification>;
	contestYears: Set<number>;
	prizeYears: Set<number>;
};

const WELL: Classification[] = ['excellent', 'good'];
const UNIVERSITY = ['university', 'postgraduate'];
const THEORY = ['elementary', 'intermediate', 'advanced'];

/** The day a year's figures are taken on: its last day, or today for the current year. */
export const yearDay = (year: number, today: Day): Day =>
	`${year}-12-31` < today ? `${year}-12-31` : today;

/**
 * Adds one person's contribution for `year` to each of the counts given. `status`: the person's
 * status on the year's day when the caller already has it (the current year: today's).
 */
export function countPerson(
	targets: IndicatorCounts[],
	record: PersonRecord,
	extras: PersonExtras | undefined,
	versions: QualificationRule[],
	year: number,
	today: Day,
	status = evaluateQualification(versions, record.facts, yearDay(year, today))?.status
) {
	const age = record.birthYear === null ? null : year - record.birthYear;
	const rating = extras?.ratings.get(year);
	for (const c of targets) {
		c.tracked++;
		if (status === 'qualified' || status === 'expiring') c.qualified++;
		if (rating && WELL.includes(rating)) c.ratedWell++;
		if (record.educationLevel && UNIVERSITY.includes(record.educationLevel)) c.university++;
		if (record.facts.theoryLevel && THEORY.includes(record.facts.theoryLevel)) c.theory++;
		if (age !== null) {
			c.ageSum += age;
			c.ageKnown++;
			if (age < 40) c.under40++;
		}
		if ((record.facts.trainings ?? []).some((d) => d.startsWith(`${year}-`))) c.trained++;
		if (extras?.contestYears.has(year)) c.contestants++;
		if (extras?.prizeYears.has(year)) c.prizeWinners++;
	}
}

/**
 * Ratings, contest entries and prizes of the people in scope for the years `from`..`to`, in three
 * set-based queries joined on the scope (contest tables are only read). A registration counts for
 * its person, or for the person of its account when it names none.
 */
export async function loadExtras(
	db: DbOrTx,
	scope: PeopleScope,
	records: PersonRecord[],
	from: number,
	to: number
): Promise<Map<number, PersonExtras>> {
	const extras = new Map<number, PersonExtras>();
	const of = (personId: number) => {
		let e = extras.get(personId);
		if (!e)
			extras.set(
				personId,
				(e = { ratings: new Map(), contestYears: new Set(), prizeYears: new Set() })
			);
		return e;
	};
	const personOfUser = new Map(
		records.filter((r) => r.userId !== null).map((r) => [r.userId!, r.personId])
	);
	const tracked = new Set(records.map((r) => r.personId));
	const whose = (personId: number | null, userId: number) => {
		const id = personId ?? personOfUser.get(userId);
		return id !== undefined && tracked.has(id) ? id : null;
	};
	const registration = {
		personId: contestRegistrations.personId,
		userId: contestRegistrations.userId,
		year: contests.year
	};
	const [ratings, entries, prizes] = await Promise.all([
		db
			.select({
				personId: classificationRecords.personId,
				year: classificationRecords.year,
				level: classificationRecords.level
			})
			.from(classificationRecords)
			.where(
				and(
					inArray(classificationRecords.personId, scopedPersonIds(db, scope)),
					gte(classificationRecords.year, from),
					lte(classificationRecords.year, to)
				)
			),
		db
			.select(registration)
			.from(contestRegistrations)
			.innerJoin(contests, eq(contests.id, contestRegistrations.contestId))
			.where(
				and(
					inArray(contestRegistrations.userId, scopedUserIds(db, scope)),
					isNull(contestRegistrations.withdrawnAt),
					gte(contests.year, from),
					lte(contests.year, to)
				)
			),
		db
			.select(registration)
			.from(contestAwards)
			.innerJoin(contestRegistrations, eq(contestRegistrations.id, contestAwards.registrationId))
			.innerJoin(contestLevels, eq(contestLevels.id, contestAwards.levelId))
			.innerJoin(contests, eq(contests.id, contestRegistrations.contestId))
			.where(
				and(
					inArray(contestRegistrations.userId, scopedUserIds(db, scope)),
					isNotNull(contestLevels.prizesPublishedAt),
					gte(contests.year, from),
					lte(contests.year, to)
				)
			)
	]);
	for (const r of ratings) of(r.personId).ratings.set(r.year, r.level);
	for (const e of entries) {
		const id = whose(e.personId, e.userId);
		if (id !== null) of(id).contestYears.add(e.year);
	}
	for (const p of prizes) {
		const id = whose(p.personId, p.userId);
		if (id !== null) of(id).prizeYears.add(p.year);
	}
	return extras;
}
