import { sql, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '../db/client';
import type { LocalizedText, QuestionKind, QuestionOption } from '../db/schema';
import { inScope, rowsOf } from '../orgs/scope';
import {
	finishItem,
	GROUP_FRACTION,
	groupSizeFor,
	itemFromSums,
	reliability,
	type ItemAggregate,
	type ItemFigures,
	type ItemSums,
	type TestAggregate
} from './statistics';

/**
 * Which attempts are analysed. A module's practice quiz: each candidate's first finished attempt
 * (later attempts repeat questions the candidate has already seen explained), optionally only
 * some people (a cohort's members) or the people of some units (a trainer's scope). A contest round: every finished attempt of the round.
 */
export type AnalysisSubject =
	| { kind: 'module'; moduleId: string; personIds?: number[]; scopePaths?: string[] }
	| { kind: 'round'; roundId: number };

export type AnalysedQuestion = ItemFigures & {
	key: string;
	version: number;
	kind: QuestionKind;
	topic: string;
	stem: LocalizedText;
	choices: (QuestionOption & { isKey: boolean })[];
	correct: string[];
};

export type TestFigures = TestAggregate & { alpha: number | null };

export type Analysis = { test: TestFigures; questions: AnalysedQuestion[] };

const intArray = (ids: number[]) => `{${ids.map((i) => Math.trunc(i)).join(',')}}`;

function attemptsOf(subject: AnalysisSubject): SQL {
	if (subject.kind === 'round') {
		return sql`select id from attempts
			where round_id = ${subject.roundId} and kind = 'contest' and status = 'finished'`;
	}
	const people =
		subject.personIds !== undefined
			? sql`and user_id in (select id from users where person_id = any(${intArray(subject.personIds)}::int[]))`
			: subject.scopePaths !== undefined
				? sql`and user_id in (select u.id from users u join people p on p.id = u.person_id
					join org_units on org_units.id = p.org_unit_id where ${inScope(subject.scopePaths)})`
				: sql``;
	return sql`select distinct on (user_id) id from attempts
		where module_id = ${subject.moduleId} and kind = 'practice' and status = 'finished' ${people}
		order by user_id, attempt_no`;
}

type SumsRow = {
	question_key: string;
	question_version: number;
	option_id: string | null;
	picks: number;
	picks_upper: number;
	picks_lower: number;
	n: number;
	sx: number;
	sxx: number;
	sy: number;
	syy: number;
	sxy: number;
	n_upper: number;
	sx_upper: number | null;
	n_lower: number;
	sx_lower: number | null;
	test_n: number;
	test_mean: number;
	test_variance: number;
	test_k: number;
};

/**
 * One pass over the analysed answers, set-based: candidates' totals and ranks (upper and lower
 * 27 %, ties by attempt id) first, then per question version and chosen option the picks and the
 * running sums of `ItemSums`. An answer with several picks adds its sums once (on its first pick).
 * Each chosen position is mapped back to its option id through the order the candidate was shown.
 */
function sumsQuery(subject: AnalysisSubject): SQL {
	return sql`
		with a as (${attemptsOf(subject)}),
		t as (
			select aq.attempt_id, sum(coalesce(aq.points, 0))::float8 as total, count(*) as k
			from attempt_questions aq join a on a.id = aq.attempt_id group by aq.attempt_id
		),
		r as (
			select attempt_id, total,
				row_number() over (order by total desc, attempt_id) as rn,
				count(*) over () as n,
				greatest(1, round(count(*) over () * ${GROUP_FRACTION}::float8)) as cut,
				avg(total) over () as mean_total, var_pop(total) over () as var_total,
				avg(k) over () as mean_k
			from t
		),
		x as (
			select aq.question_key, aq.question_version, coalesce(aq.points, 0)::float8 as x,
				r.total - coalesce(aq.points, 0)::float8 as y,
				r.rn <= r.cut as upper, r.rn > r.n - r.cut as lower,
				aq.option_order ->> (s.pos::int) as option_id, coalesce(s.ord, 1) = 1 as first,
				r.n, r.mean_total, r.var_total, r.mean_k
			from attempt_questions aq join r on r.attempt_id = aq.attempt_id
			left join lateral jsonb_array_elements_text(coalesce(aq.selected, '[]'::jsonb))
				with ordinality as s(pos, ord) on true
		)
		select question_key, question_version, option_id,
			count(option_id)::int as picks,
			(count(option_id) filter (where upper))::int as picks_upper,
			(count(option_id) filter (where lower))::int as picks_lower,
			(count(*) filter (where first))::int as n,
			coalesce(sum(x) filter (where first), 0)::float8 as sx,
			coalesce(sum(x * x) filter (where first), 0)::float8 as sxx,
			coalesce(sum(y) filter (where first), 0)::float8 as sy,
			coalesce(sum(y * y) filter (where first), 0)::float8 as syy,
			coalesce(sum(x * y) filter (where first), 0)::float8 as sxy,
			(count(*) filter (where first and upper))::int as n_upper,
			sum(x) filter (where first and upper)::float8 as sx_upper,
			(count(*) filter (where first and lower))::int as n_lower,
			sum(x) filter (where first and lower)::float8 as sx_lower,
			min(n)::int as test_n, min(mean_total)::float8 as test_mean,
			min(var_total)::float8 as test_variance, min(mean_k)::float8 as test_k
		from x group by question_key, question_version, option_id`;
}

const SUM_FIELDS = ['n', 'sx', 'sxx', 'sy', 'syy', 'sxy', 'n_upper', 'n_lower'] as const;

/**
 * The per-question and per-test aggregates of `statistics.ts`, in SQL over the stored answers:
 * each answer is scored as it was (`attempt_questions.points`) against the question version the
 * candidate saw. The database computes the sums (`sumsQuery`); `itemFromSums` turns them into the
 * figures. JIT compilation is off for it: it cost more than the query saves (bench/README.md).
 */
export async function analyse(db: DbOrTx, subject: AnalysisSubject): Promise<Analysis> {
	const sumRows = await db.transaction(async (tx) => {
		await tx.execute(sql`set local jit = off`);
		return rowsOf<SumsRow>(await tx.execute(sumsQuery(subject)));
	});
	const byItem = new Map<string, { sums: ItemSums; options: ItemAggregate['optionCounts'] }>();
	for (const o of sumRows) {
		const id = `${o.question_key}@${Number(o.question_version)}`;
		let entry = byItem.get(id);
		if (!entry) {
			const sums = { n: 0, sx: 0, sxx: 0, sy: 0, syy: 0, sxy: 0 };
			entry = { sums: { ...sums, nUpper: 0, sxUpper: 0, nLower: 0, sxLower: 0 }, options: {} };
			byItem.set(id, entry);
		}
		const e = entry.sums;
		const [n, sx, sxx, sy, syy, sxy, nUpper, nLower] = SUM_FIELDS.map((f) => Number(o[f]));
		Object.assign(e, {
			n: e.n + n,
			sx: e.sx + sx,
			sxx: e.sxx + sxx,
			sy: e.sy + sy,
			syy: e.syy + syy,
			sxy: e.sxy + sxy,
			nUpper: e.nUpper + nUpper,
			sxUpper: e.sxUpper + Number(o.sx_upper ?? 0),
			nLower: e.nLower + nLower,
			sxLower: e.sxLower + Number(o.sx_lower ?? 0)
		});
		if (o.option_id !== null) {
			entry.options[o.option_id] = {
				all: Number(o.picks),
				upper: Number(o.picks_upper),
				lower: Number(o.picks_lower)
			};
		}
	}
	const t = sumRows[0];
	const n = Number(t?.test_n ?? 0);
	const variance = Number(t?.test_variance ?? 0);
	const test: TestAggregate = {
		n,
		mean: Number(t?.test_mean ?? 0),
		variance,
		sd: Math.sqrt(variance),
		meanItems: Number(t?.test_k ?? 0),
		groupSize: groupSizeFor(n, GROUP_FRACTION)
	};
	const items = (await questionVersions(db, [...byItem.keys()])).map((question) => {
		const id = `${question.key}@${question.version}`;
		const { sums, options } = byItem.get(id)!;
		return { aggregate: itemFromSums(id, sums, options), question };
	});
	return {
		test: {
			...test,
			alpha: reliability(
				test,
				items.map((i) => i.aggregate)
			)
		},
		questions: items.map(({ aggregate, question }) => ({
			...finishItem(
				aggregate,
				question.correct,
				question.choices.map((o) => o.id)
			),
			...question
		}))
	};
}

/** The analysed question versions (`key@version`), ordered by key and version. */
async function questionVersions(db: DbOrTx, ids: string[]) {
	if (ids.length === 0) return [];
	const pairs = ids.map((id) => {
		const at = id.lastIndexOf('@');
		return { key: id.slice(0, at), version: Number(id.slice(at + 1)) };
	});
	const result = await db.execute(sql`
		select qv.key, qv.version, qv.kind, qv.topic, qv.stem, qv.options, qv.correct
		from question_versions qv
		join jsonb_to_recordset(${JSON.stringify(pairs)}::jsonb) as p(key text, version int)
			on qv.key = p.key and qv.version = p.version
		order by qv.key, qv.version`);
	const json = <T>(v: T | string): T => (typeof v === 'string' ? (JSON.parse(v) as T) : v);
	return rowsOf<{
		key: string;
		version: number;
		kind: QuestionKind;
		topic: string;
		stem: LocalizedText | string;
		options: QuestionOption[] | string;
		correct: string[] | string;
	}>(result).map((r) => {
		const correct = json(r.correct);
		return {
			key: r.key,
			version: Number(r.version),
			kind: r.kind,
			topic: r.topic,
			stem: json(r.stem),
			correct,
			choices: json(r.options).map((o) => ({ ...o, isKey: correct.includes(o.id) }))
		};
	});
}

export type TopicFigure = { topic: string; answers: number; facility: number };

/**
 * The cohort's weakest topics: the mean points per answer by topic over every finished practice
 * attempt of the members at the given modules, weakest first.
 */
export async function weakestTopics(
	db: DbOrTx,
	personIds: number[],
	moduleIds: string[]
): Promise<TopicFigure[]> {
	if (personIds.length === 0 || moduleIds.length === 0) return [];
	const result = await db.execute(sql`
		select qv.topic, count(*)::int as answers, avg(coalesce(aq.points, 0))::float8 as facility
		from attempts a
		join attempt_questions aq on aq.attempt_id = a.id
		join question_versions qv on qv.key = aq.question_key and qv.version = aq.question_version
		where a.kind = 'practice' and a.status = 'finished'
			and a.module_id in (select jsonb_array_elements_text(${JSON.stringify(moduleIds)}::jsonb))
			and a.user_id in (select id from users where person_id = any(${intArray(personIds)}::int[]))
		group by qv.topic
		order by 3, 1`);
	return rowsOf<{ topic: string; answers: number; facility: number }>(result).map((r) => ({
		topic: r.topic,
		answers: Number(r.answers),
		facility: Number(r.facility)
	}));
}
