import { eq, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../db/client';
import { attempts } from '../db/schema';
import { log } from '../log';
import { LEITNER_BOXES, LEITNER_INTERVAL_DAYS } from './deck';
import { preparedStatement } from './prepared';
import { iso, isAttemptId } from './rows';
import { POINTS_PER_QUESTION } from './scoring';

export type FinishResult = 'finished' | 'already_finished' | 'not_found';

const placeholder = sql.placeholder;
// Constants of the rules, written into the statement text.
const POINTS = sql.raw(`${POINTS_PER_QUESTION}::numeric`);
const BOXES = sql.raw(String(LEITNER_BOXES));
const INTERVALS = sql.raw(`('{${LEITNER_INTERVAL_DAYS.join(',')}}'::int[])`);

/**
 * Finishing in one statement, set-based: close the attempts in `target`, score every answer from
 * the stored choices and the key, store the points, the totals and pass/fail, and feed the
 * mistakes to the review deck. `target` is the attempts to finish, locked FOR UPDATE.
 *
 * Why the score includes every acknowledged save although the statement's snapshot is taken
 * before it waits: a save in flight holds FOR SHARE on the attempt row, so locking `target`
 * waits for it to commit; the answers are scored by the UPDATE that stores their points (the
 * attempt ids reach its scan as an InitPlan, `array(select id from target)`, evaluated before the
 * scan starts), and in READ COMMITTED an UPDATE that meets a row changed since its snapshot
 * re-reads the row's newest committed version and computes the new values from it, not from the
 * snapshot's; the totals are summed from what it returns. So each answer row is read and written
 * once. A save that comes later waits for this statement's lock and then finds the attempt
 * finished. Attempt first, then its answers: the same order as a save, so no deadlock.
 *
 * Essay questions are not scored here (their points stay null and they count in neither score
 * nor maximum): judges score them (`../judging`). An attempt of essays alone ends with 0 of 0.
 *
 * A practice attempt also marks its person's qualification summary to be evaluated again.
 *
 * The rules are `scoreAnswer`, `summarizeScore` (scoring.ts) and `nextCardState` (deck.ts) in SQL;
 * `finish.test.ts` checks that both give the same points, totals and cards on random attempts.
 */
function finishStatement(target: SQL) {
	return sql`
	with target as materialized (
		select a.id, a.user_id, a.kind, a.config->>'multipleScoring' as multiple_scoring,
			(a.config->>'passPercent')::numeric as pass_percent
		from attempts a
		${target}
	),
	stored as (
		update attempt_questions aq set points = (
			select case
				when aq.kind <> 'multiple' or t.multiple_scoring = 'all_or_nothing' then
					case when ch.chosen = ch.hits and ch.hits = r.right_count and r.right_count > 0
						then ${POINTS}::numeric else 0::numeric end
				else round(greatest(0::numeric,
					(case when r.right_count > 0 then ch.hits::numeric / r.right_count else 0 end)
					- (case when r.options - r.right_count > 0
						then (ch.chosen - ch.hits)::numeric / (r.options - r.right_count) else 0 end)
				) * ${POINTS}, 4)
			end
			from (
				select (select count(distinct c) from jsonb_array_elements_text(qv.correct) as c)
					as right_count, jsonb_array_length(aq.option_order) as options
			) r,
			(
				select count(*) as chosen,
					count(*) filter (where qv.correct @> jsonb_build_array(d.id)) as hits
				from (
					select distinct aq.option_order->>(s.i::int) as id
					from jsonb_array_elements_text(coalesce(aq.selected, '[]'::jsonb)) as s(i)
					where s.i::int >= 0 and s.i::int < jsonb_array_length(aq.option_order)
				) d
			) ch
		)::real
		from target t, question_versions qv
		where aq.attempt_id = any(array(select id from target)) and aq.attempt_id = t.id
			and aq.kind <> 'essay'
			and qv.key = aq.question_key and qv.version = aq.question_version
		returning aq.attempt_id, aq.question_key, qv.module_id,
			-- 4 decimals at most, which real keeps exactly: the numeric the case above gave.
			aq.points::numeric as points
	),
	deck as (
		insert into review_cards as rc (user_id, question_key, module_id, box, due_at, lapses,
			mastered_at, updated_at)
		select distinct on (t.user_id, s.question_key)
			t.user_id, s.question_key, s.module_id, 1,
			case when t.kind = 'review' then ${placeholder('at')}::timestamptz + interval '1 day'
				else ${placeholder('at')}::timestamptz end,
			case when s.points < ${POINTS} then 1 else 0 end,
			null, ${placeholder('at')}::timestamptz
		from stored s join target t on t.id = s.attempt_id
		where t.kind <> 'contest' and s.module_id is not null
			and (s.points < ${POINTS} or (t.kind = 'review' and exists (
				select 1 from review_cards r where r.user_id = t.user_id and r.question_key = s.question_key
			)))
		order by t.user_id, s.question_key, s.points
		on conflict (user_id, question_key) do update set
			module_id = excluded.module_id,
			box = case when excluded.lapses > 0 then 1
				when rc.box >= ${BOXES} then ${BOXES} else rc.box + 1 end,
			due_at = case when excluded.lapses > 0 then excluded.due_at
				when rc.box >= ${BOXES} then rc.due_at
				else excluded.updated_at
					+ make_interval(days => ${INTERVALS}[rc.box + 1]) end,
			lapses = rc.lapses + excluded.lapses,
			mastered_at = case when excluded.lapses > 0 then null
				when rc.box >= ${BOXES} then excluded.updated_at else null end,
			updated_at = excluded.updated_at
	),
	-- A finished practice attempt changes its person's qualification: their summary is to be
	-- evaluated again (qualification/summary.ts), in this same statement.
	summaries as (
		insert into qualification_summaries as qs (person_id, generation)
		select distinct u.person_id, 1
		from target t join users u on u.id = t.user_id
		where t.kind = 'practice' and u.person_id is not null
		on conflict (person_id) do update set generation = qs.generation + 1, evaluated_on = null
	),
	totals as (
		select t.id, t.pass_percent, count(s.attempt_id)::int as n,
			coalesce(round(sum(s.points), 4), 0) as score
		from target t left join stored s on s.attempt_id = t.id
		group by t.id, t.pass_percent
	)
	update attempts a set
		status = 'finished',
		finished_at = least(${placeholder('at')}::timestamptz, a.deadline),
		finish_reason = case when ${placeholder('at')}::timestamptz < a.deadline
			then 'submitted' else 'deadline' end,
		score = tt.score,
		max_score = tt.n * ${POINTS},
		passed = tt.n > 0 and round(tt.score * 100 / (tt.n * ${POINTS}), 4) >= tt.pass_percent
	from totals tt
	where a.id = tt.id and a.status = 'in_progress'
	returning a.id, a.user_id, a.finish_reason, a.score, a.max_score`;
}

type Finished = {
	id: string;
	user_id: number;
	finish_reason: string;
	score: number;
	max_score: number;
};

/** One attempt by id (and, when given, its owner). */
const finishOne = preparedStatement<Finished>(
	'quiz_finish',
	finishStatement(sql`
		where a.id = ${placeholder('id')}::uuid and a.status = 'in_progress'
			and (${placeholder('userId')}::int is null or a.user_id = ${placeholder('userId')}::int)
		for update`)
);

/** The sweeper's batch: overdue attempts no one else holds, oldest deadline first. */
const finishOverdue = preparedStatement<Finished>(
	'quiz_finish_overdue',
	finishStatement(sql`
		where a.status = 'in_progress' and a.deadline < ${placeholder('cutoff')}::timestamptz
		order by a.deadline
		limit ${placeholder('batch')}::int
		for update skip locked`)
);

function logFinished(rows: Finished[]) {
	for (const r of rows) {
		log.info(
			{
				attemptId: r.id,
				userId: r.user_id,
				reason: r.finish_reason,
				score: r.score,
				maxScore: r.max_score
			},
			'quiz.attempt_finished'
		);
	}
}

/**
 * Finishes an attempt and scores it, exactly once however many calls race (a double-clicked
 * submit, two tabs, the sweeper): the first statement to lock the open attempt closes and scores
 * it; the others wait for its lock, then find it finished. The score includes every save
 * acknowledged before the close (see `finishStatement`). Finished now (submitted), or, when the
 * deadline has passed, recorded as finished at the deadline (whenever the server noticed). With
 * `userId`, only that user's attempt can be finished (others get `not_found`).
 */
export async function finishAttempt(
	db: Db,
	attemptId: string,
	options: { now?: Date; userId?: number } = {}
): Promise<FinishResult> {
	if (!isAttemptId(attemptId)) return 'not_found';
	const now = options.now ?? new Date();
	const finished = await finishOne(db, {
		id: attemptId,
		userId: options.userId ?? null,
		at: iso(now)
	});
	if (finished.length > 0) {
		logFinished(finished);
		return 'finished';
	}
	const [existing] = await db
		.select({ userId: attempts.userId })
		.from(attempts)
		.where(eq(attempts.id, attemptId));
	if (!existing || (options.userId !== undefined && existing.userId !== options.userId)) {
		return 'not_found';
	}
	return 'already_finished';
}

/**
 * The sweeper: finishes attempts whose deadline and grace have passed, whether or not the learner
 * ever comes back; they are recorded as finished at their deadline with their last acknowledged
 * answers. A batch is one statement; it claims its rows with `FOR UPDATE SKIP LOCKED`, so several
 * app instances take different attempts. Returns how many attempts this call finished.
 */
export async function finishOverdueAttempts(
	db: Db,
	options: { now?: Date; graceMs: number; batchSize?: number; maxBatches?: number }
): Promise<number> {
	const now = options.now ?? new Date();
	const cutoff = new Date(now.getTime() - options.graceMs);
	const batchSize = options.batchSize ?? 50;
	let total = 0;
	for (let batch = 0; batch < (options.maxBatches ?? 100); batch++) {
		const finished = await finishOverdue(db, {
			cutoff: iso(cutoff),
			batch: batchSize,
			at: iso(now)
		});
		logFinished(finished);
		total += finished.length;
		if (finished.length < batchSize) break;
	}
	return total;
}
