import { and, count, sql, type SQLWrapper } from 'drizzle-orm';
import type { DbOrTx } from '../db/client';
import { attempts, qualificationSummaries, users } from '../db/schema';
import { rowsOf } from '../db/rows';
import type { Day } from './calendar';
import {
	countedPractice,
	loadPersonRecords,
	provinceIdOf,
	scopedPersonIds,
	type PeopleScope,
	type PersonRecord
} from './facts';
import {
	evaluateQualification,
	evaluationStaleOn,
	qualifiedPeriods,
	requiredModuleIds,
	ruleInForce,
	type QualificationRule,
	type QualifiedPeriod
} from './rules';
import { ruleVersions } from './store';

/*
 * The summary (qualification/README.md): each person's evaluation, kept in
 * `qualification_summaries` so that a dashboard aggregates rows instead of evaluating everyone.
 * Writers mark the people whose facts they change (`peopleChanged`, same transaction); readers
 * call `refreshSummaries` first, which evaluates only the people marked, missing, or whose
 * evaluation may have changed with the day (`stale_on`).
 */

/**
 * Marks people's summaries to be evaluated again, in the caller's transaction. `personIds`: a
 * query of person ids (one column). A row is written even for a person without one, so that a
 * reader evaluating them at the same time does not store what it read before this change.
 */
export async function peopleChanged(db: DbOrTx, personIds: SQLWrapper) {
	await db.execute(sql`
		insert into qualification_summaries (person_id, generation)
		select distinct changed.id, 1 from (${personIds}) as changed(id) where changed.id is not null
		on conflict (person_id) do update
			set generation = qualification_summaries.generation + 1, evaluated_on = null`);
}

/** The people of these ids. */
export const personIdsOf = (ids: number[]) => sql`select unnest(${`{${ids.join(',')}}`}::int[])`;

/** The people of these accounts. */
export const personIdsOfUsers = (userIds: number[]) =>
	sql`select ${users.personId} from ${users} where ${users.id} = any(${`{${userIds.join(',')}}`}::int[])`;

/** Every person of a province (a rule version changes everyone's evaluation). */
export const personIdsOfProvince = (provinceId: number) =>
	sql`select p.id from people p join org_units o on o.id = p.org_unit_id
		where o.path like ${`/${provinceId}/%`}`;

const periodsLiteral = (periods: QualifiedPeriod[]) =>
	`{${periods.map((p) => `[${p.from},${p.until ?? ''})`).join(',')}}`;

/** Finished practice attempts at the modules per person and 10-point band. */
async function scoreBands(db: DbOrTx, scope: PeopleScope, moduleIds: string[]) {
	const bands = new Map<number, number[]>();
	if (moduleIds.length === 0) return bands;
	const band = sql<number>`least(9, greatest(0, floor(${attempts.score} * 10.0 / ${attempts.maxScore})))::int`;
	const rows = await db
		.select({ userId: attempts.userId, band: band.mapWith(Number), n: count() })
		.from(attempts)
		.where(and(countedPractice(db, scope, moduleIds)))
		.groupBy(attempts.userId, band);
	for (const r of rows) {
		const list = bands.get(r.userId) ?? Array.from({ length: 10 }, () => 0);
		bands.set(r.userId, list);
		list[r.band] = Number(r.n);
	}
	return bands;
}

/** Above this many people to evaluate, read the whole scope's facts rather than a list of ids. */
const LIST_LIMIT = 1000;
const WRITE_BATCH = 500;

/**
 * Evaluates and stores the summaries of the people in `scope` that are not fresh on `today`;
 * returns the province's rule versions (nothing is evaluated without a rule in force) and how
 * many were evaluated. A row changed meanwhile by a writer (its generation moved) is left to
 * the next read.
 */
export async function refreshSummaries(
	db: DbOrTx,
	scope: PeopleScope & { underPath: string },
	today: Day
): Promise<{ versions: QualificationRule[]; evaluated: number }> {
	const provinceId = provinceIdOf(scope.underPath);
	const versions = await ruleVersions(db, provinceId);
	if (!ruleInForce(versions, today)) return { versions, evaluated: 0 };
	const stale = rowsOf<{ id: number; generation: number | null }>(
		await db.execute(sql`
			select p.id, s.generation
			from (${scopedPersonIds(db, scope)}) p
			left join qualification_summaries s on s.person_id = p.id
			where s.evaluated_on is null or s.evaluated_on > ${today}::date
				or s.stale_on <= ${today}::date`)
	).map((r) => ({
		id: Number(r.id),
		generation: r.generation === null ? 0 : Number(r.generation)
	}));
	if (stale.length === 0) return { versions, evaluated: 0 };
	// On a read-only replica (`reading`) nothing can be stored: the route refreshed the primary
	// first, so what is stale here is what the replica has not replayed yet, within the lag
	// `DATABASE_READ_MAX_LAG_SECONDS` allows. Its figures are then those of a moment ago.
	if (await isReplica(db)) return { versions, evaluated: 0 };
	const generation = new Map(stale.map((s) => [s.id, s.generation]));
	const readScope: PeopleScope =
		stale.length > LIST_LIMIT ? scope : { personIds: stale.map((s) => s.id) };
	const moduleIds = requiredModuleIds(versions);
	const [records, bands] = await Promise.all([
		loadPersonRecords(db, readScope, versions),
		scoreBands(db, readScope, moduleIds)
	]);
	const rows = records
		// Someone who left for another province is evaluated by that province's rules, there.
		.filter((r) => generation.has(r.personId) && provinceIdOf(r.unitPath) === provinceId)
		.map((r) => summaryRow(r, versions, today, generation.get(r.personId)!, bands));
	for (let i = 0; i < rows.length; i += WRITE_BATCH) {
		await writeSummaries(db, rows.slice(i, i + WRITE_BATCH));
	}
	return { versions, evaluated: rows.length };
}

export async function isReplica(db: DbOrTx) {
	const [row] = rowsOf<{ recovery: boolean }>(
		await db.execute(sql`select pg_is_in_recovery() as recovery`)
	);
	return row.recovery === true;
}

function summaryRow(
	record: PersonRecord,
	versions: QualificationRule[],
	today: Day,
	generation: number,
	bands: Map<number, number[]>
) {
	const evaluation = evaluateQualification(versions, record.facts, today)!;
	const periods = qualifiedPeriods(versions, record.facts, today);
	return {
		personId: record.personId,
		generation,
		evaluatedOn: today,
		staleOn: evaluationStaleOn(versions, record.facts, today, periods),
		status: evaluation.status,
		reasons: evaluation.reasons,
		expiresOn: evaluation.expiresOn,
		qualifiedUnder: evaluation.qualifiedUnder,
		ruleFrom: evaluation.ruleFrom,
		qualifiedPeriods: periodsLiteral(periods),
		scoreBands:
			(record.userId !== null && bands.get(record.userId)) || Array.from({ length: 10 }, () => 0)
	};
}

async function writeSummaries(db: DbOrTx, rows: (typeof qualificationSummaries.$inferInsert)[]) {
	if (rows.length === 0) return;
	await db
		.insert(qualificationSummaries)
		.values(rows)
		.onConflictDoUpdate({
			target: qualificationSummaries.personId,
			set: {
				evaluatedOn: sql`excluded.evaluated_on`,
				staleOn: sql`excluded.stale_on`,
				status: sql`excluded.status`,
				reasons: sql`excluded.reasons`,
				expiresOn: sql`excluded.expires_on`,
				qualifiedUnder: sql`excluded.qualified_under`,
				ruleFrom: sql`excluded.rule_from`,
				qualifiedPeriods: sql`excluded.qualified_periods`,
				scoreBands: sql`excluded.score_bands`
			},
			setWhere: sql`${qualificationSummaries.generation} = excluded.generation`
		});
}
