import { eq, sql } from 'drizzle-orm';
import type { Db } from '../db/client';
import { contestRounds, contests, type ContestRound, type ContestStatus } from '../db/schema';
import { guardedStartStatement } from '../quiz/start';

/**
 * What every start at a round needs and no candidate changes: the round, its contest's status,
 * and the versions they were read at. Kept in memory per process and round, so the synchronized
 * start at the window's opening reads neither (nor the bank: `bankKey`). Nothing here is trusted
 * blindly: the start statement checks the versions (`roundStartGuard`), and a start whose guard
 * fails is done again from a fresh read.
 */
export type RoundPlan = {
	round: ContestRound;
	contestStatus: ContestStatus;
	/** `contest_rounds.updated_at` and `contests.updated_at` as PostgreSQL prints them (µs). */
	roundVersion: string;
	contestVersion: string;
	/** Changes with each bank import (the contest's last committed one): the engine's bank cache key. */
	bankKey: string;
};

const plans = new WeakMap<Db, Map<number, Promise<RoundPlan | null>>>();
const PLAN_CACHE_SIZE = 200;

async function readPlan(db: Db, roundId: number): Promise<RoundPlan | null> {
	const [row] = await db
		.select({
			round: contestRounds,
			contestStatus: contests.status,
			roundVersion: sql<string>`${contestRounds.updatedAt}::text`,
			contestVersion: sql<string>`${contests.updatedAt}::text`,
			lastImport: sql<string | null>`(
				select i.id::text from contest_bank_imports i
				where i.contest_id = ${contests.id} and i.status = 'committed'
				order by i.committed_at desc, i.id desc limit 1)`
		})
		.from(contestRounds)
		.innerJoin(contests, eq(contests.id, contestRounds.contestId))
		.where(eq(contestRounds.id, roundId));
	if (!row) return null;
	const { round, contestStatus, roundVersion, contestVersion, lastImport } = row;
	return {
		round,
		contestStatus,
		roundVersion,
		contestVersion,
		bankKey: `contest:${round.contestId}:${lastImport ?? 'none'}:${contestVersion}`
	};
}

/** The round's plan, from memory when this process has read it (`fresh` reads it again). */
export function roundPlan(db: Db, roundId: number, fresh = false): Promise<RoundPlan | null> {
	let cache = plans.get(db);
	if (!cache) plans.set(db, (cache = new Map()));
	let plan = fresh ? undefined : cache.get(roundId);
	if (!plan) {
		cache.delete(roundId);
		if (cache.size >= PLAN_CACHE_SIZE) cache.delete(cache.keys().next().value!);
		plan = readPlan(db, roundId);
		cache.set(roundId, plan);
		plan.catch(() => cache.delete(roundId));
	}
	return plan;
}

const placeholder = sql.placeholder;

/**
 * The start statement of a round's attempt: the candidate's registration for the round's level
 * (not withdrawn); the window open at the start's time, on the stored round (whatever the plan
 * says); and the round and contest unchanged since the plan was read (every change of a round or
 * contest, a bank import included, sets `updated_at`), so the duration, draw rules and bank the
 * paper was drawn with are the stored ones.
 */
export const roundStartGuard = guardedStartStatement(
	'contest_round_start',
	sql`select exists (
			select 1 from contest_registrations cr
			where cr.level_id = ${placeholder('levelId')}::int and cr.user_id = ${placeholder('userId')}::int
				and cr.withdrawn_at is null
		) and exists (
			select 1 from contest_rounds r join contests c on c.id = r.contest_id
			where r.id = ${placeholder('roundId')}::int
				and r.kind = 'online' and r.status = 'scheduled' and c.status = 'open'
				and r.opens_at <= ${placeholder('startedAt')}::timestamptz
				and ${placeholder('startedAt')}::timestamptz
					< least(r.closes_at, coalesce(r.closed_at, 'infinity'::timestamptz))
				and r.updated_at = ${placeholder('roundVersion')}::timestamptz
				and c.updated_at = ${placeholder('contestVersion')}::timestamptz
		) as ok`
);
