import { sql, type SQL } from 'drizzle-orm';
import type { ContestRound } from '../db/schema';
import { groupingUnitSql } from './candidates';
import { bestAttemptRule, parseRankOrder, type RankKey } from './ranking';

/**
 * An online round's ranking as one set-based statement, so 25,000 candidates rank in about a
 * second: `ranking.ts` in SQL. Per registration (not withdrawn) of the round's level, the counting
 * attempt among its finished ones (`countingAttempt`: most correct, then the fastest unless the
 * round counts `correct_then_earliest`, then the earliest submitted, then the attempt id); the
 * prediction question's actual figure (the organizer's, else how many counting attempts have
 * every answer right); then `rank()` over the round's order (`rankEntries`: entries equal on
 * every key share a rank, the next rank skips). The rows go straight into
 * `contest_round_results` (the caller clears the round's old rows first, in the same
 * transaction). Returns one row: `ranked`, `prediction_actual`.
 *
 * Times are whole milliseconds as the server stored them (correct = score; time taken =
 * finished − started; submitted = finished), as `computeRoundResults` read them before;
 * `ranking-sql.test.ts` checks on random rounds that the ranks equal `rankEntries`'.
 *
 * `perUnit` (the contest's organizing unit, for a level run per unit kind): ranks are counted
 * within each candidate's unit (`groupingUnitSql`), as that level's prizes and quotas are.
 */
export function rankingStatement(
	round: Pick<
		ContestRound,
		'id' | 'levelId' | 'counting' | 'rankOrder' | 'predictionQuestion' | 'predictionActual'
	>,
	now: Date,
	perUnit: { id: number; path: string } | null = null
): SQL {
	const byTime = bestAttemptRule(round.counting) === 'correct_then_time';
	const countingOrder = byTime
		? sql`f.correct desc, f.time_taken_ms asc, f.submitted_at asc, f.attempt_id asc`
		: sql`f.correct desc, f.submitted_at asc, f.attempt_id asc`;
	const rankOrder = sql.join(parseRankOrder(round.rankOrder).map(orderOf), sql`, `);
	const hasQuestion = Boolean(round.predictionQuestion);
	return sql`
	with finished as (
		select r.id as registration_id, a.id as attempt_id, coalesce(a.score, 0) as correct,
			a.max_score,
			(floor(extract(epoch from a.finished_at) * 1000)
				- floor(extract(epoch from a.started_at) * 1000))::int as time_taken_ms,
			date_trunc('milliseconds', a.finished_at) as submitted_at, p.value as prediction,
			${perUnit ? groupingUnitSql(perUnit) : sql`0`} as group_id
		from contest_registrations r
		join org_units u on u.id = r.org_unit_id
		join attempts a on a.user_id = r.user_id and a.round_id = ${round.id}
			and a.status = 'finished' and a.started_at is not null and a.finished_at is not null
		left join contest_predictions p on p.attempt_id = a.id
		where r.level_id = ${round.levelId} and r.withdrawn_at is null
	),
	counting as materialized (
		select * from (
			select f.*, row_number() over (partition by f.registration_id order by ${countingOrder}) as nth
			from finished f
		) n
		where nth = 1
	),
	actual as (
		select case when ${hasQuestion}::boolean then coalesce(${round.predictionActual}::int,
			(select count(*) from counting
				where max_score is not null and correct >= max_score)::int) end as n
	),
	ranked as (
		select c.*, rank() over (partition by c.group_id order by ${rankOrder}) as rank
		from counting c, actual
	),
	inserted as (
		insert into contest_round_results (round_id, registration_id, attempt_id, correct, score,
			max_score, time_taken_ms, prediction, submitted_at, rank, published, computed_at)
		select ${round.id}, registration_id, attempt_id, floor(correct)::int, correct, max_score,
			time_taken_ms, prediction, submitted_at, rank, false, ${now.toISOString()}::timestamptz
		from ranked
		returning 1
	)
	select (select count(*) from inserted)::int as ranked, (select n from actual) as prediction_actual`;
}

/** One key of the round's order in SQL; smaller ranks first, as `keyColumn` in ranking.ts. */
function orderOf(key: RankKey): SQL {
	switch (key) {
		case 'correct_desc':
			return sql`c.correct desc`;
		case 'time_asc':
			return sql`c.time_taken_ms asc`;
		case 'prediction_asc':
			// No prediction (or no figure to compare with) ranks after every prediction.
			return sql`abs(c.prediction - actual.n) asc nulls last`;
		case 'submitted_asc':
			return sql`c.submitted_at asc`;
	}
}
