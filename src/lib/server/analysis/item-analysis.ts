import { sql, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '../db/client';
import type { LocalizedText, QuestionKind, QuestionOption } from '../db/schema';
import { inScope, rowsOf } from '../orgs/scope';
import {
	finishItem,
	GROUP_FRACTION,
	groupSizeFor,
	reliability,
	type ItemAggregate,
	type ItemFigures,
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

/**
 * The per-question and per-test aggregates of `statistics.ts`, in SQL over the stored answers:
 * each answer is scored as it was (`attempt_questions.points`) against the question version the
 * candidate saw, candidates are ranked by total (ties by attempt id) into upper and lower 27 %,
 * and each chosen option is counted by id (positions are mapped back through the option order
 * the candidate was shown).
 */
export async function analyse(db: DbOrTx, subject: AnalysisSubject): Promise<Analysis> {
	const fraction = GROUP_FRACTION;
	// Totals come from a narrow pass over the answers; the two queries run side by side (each
	// scans the answers once more): 25,000 × 30 answers in about 2–3 s (npm run bench:analysis).
	const base = sql`
		with a as (${attemptsOf(subject)}),
		t as (
			select aq.attempt_id, sum(coalesce(aq.points, 0))::float8 as total, count(*) as k
			from attempt_questions aq join a on a.id = aq.attempt_id group by aq.attempt_id
		),
		g as (
			select attempt_id, total,
				row_number() over (order by total desc, attempt_id) as rn,
				count(*) over () as n,
				greatest(1, round(count(*) over () * ${fraction}::float8)) as cut,
				avg(total) over () as mean_total, var_pop(total) over () as var_total,
				avg(k) over () as mean_k
			from t
		)`;
	const x = sql`coalesce(aq.points, 0)::float8`;
	const [itemResult, optionResult] = await Promise.all([
		db.execute(sql`${base}
			select aq.question_key, aq.question_version, count(*)::int as n, avg(${x})::float8 as facility,
				var_pop(${x})::float8 as variance, corr(${x}, g.total - ${x})::float8 as rest_corr,
				avg(${x}) filter (where g.rn <= g.cut)::float8 as upper_p,
				avg(${x}) filter (where g.rn > g.n - g.cut)::float8 as lower_p,
				min(g.n)::int as test_n, min(g.mean_total)::float8 as test_mean,
				min(g.var_total)::float8 as test_variance, min(g.mean_k)::float8 as test_k,
				min(qv.kind) as kind, min(qv.topic) as topic, (array_agg(qv.stem))[1] as stem,
				(array_agg(qv.options))[1] as options, (array_agg(qv.correct))[1] as correct
			from attempt_questions aq join g on g.attempt_id = aq.attempt_id
			join question_versions qv on qv.key = aq.question_key and qv.version = aq.question_version
			group by aq.question_key, aq.question_version
			order by aq.question_key, aq.question_version`),
		db.execute(sql`${base}
			select aq.question_key, aq.question_version,
				aq.option_order ->> (s.pos::int) as option_id,
				count(*)::int as n_all,
				count(*) filter (where g.rn <= g.cut)::int as n_upper,
				count(*) filter (where g.rn > g.n - g.cut)::int as n_lower
			from attempt_questions aq join g on g.attempt_id = aq.attempt_id
			cross join lateral jsonb_array_elements_text(coalesce(aq.selected, '[]'::jsonb)) as s(pos)
			group by 1, 2, 3`)
	]);
	type ItemRow = {
		question_key: string;
		question_version: number;
		n: number;
		facility: number;
		variance: number;
		rest_corr: number | null;
		upper_p: number | null;
		lower_p: number | null;
		test_n: number;
		test_mean: number;
		test_variance: number;
		test_k: number;
		kind: QuestionKind;
		topic: string;
		stem: LocalizedText | string;
		options: QuestionOption[] | string;
		correct: string[] | string;
	};
	const itemRows = rowsOf<ItemRow>(itemResult);
	const t = itemRows[0];
	const n = Number(t?.test_n ?? 0);
	const variance = Number(t?.test_variance ?? 0);
	const test: TestAggregate = {
		n,
		mean: Number(t?.test_mean ?? 0),
		variance,
		sd: Math.sqrt(variance),
		meanItems: Number(t?.test_k ?? 0),
		groupSize: groupSizeFor(n, fraction)
	};
	const options = new Map<string, ItemAggregate['optionCounts']>();
	for (const o of rowsOf<{
		question_key: string;
		question_version: number;
		option_id: string | null;
		n_all: number;
		n_upper: number;
		n_lower: number;
	}>(optionResult)) {
		if (o.option_id === null) continue;
		const id = `${o.question_key}@${o.question_version}`;
		const counts = options.get(id) ?? {};
		counts[o.option_id] = {
			all: Number(o.n_all),
			upper: Number(o.n_upper),
			lower: Number(o.n_lower)
		};
		options.set(id, counts);
	}
	const items = itemRows.map((r) => {
		const json = <T>(v: T | string): T => (typeof v === 'string' ? (JSON.parse(v) as T) : v);
		const version = Number(r.question_version);
		const aggregate: ItemAggregate = {
			item: `${r.question_key}@${version}`,
			n: Number(r.n),
			facility: Number(r.facility),
			variance: Number(r.variance),
			restCorrelation: r.rest_corr === null ? null : Number(r.rest_corr),
			upperFacility: r.upper_p === null ? null : Number(r.upper_p),
			lowerFacility: r.lower_p === null ? null : Number(r.lower_p),
			optionCounts: options.get(`${r.question_key}@${version}`) ?? {}
		};
		const correct = json(r.correct);
		const opts = json(r.options);
		return {
			aggregate,
			question: {
				key: r.question_key,
				version,
				kind: r.kind,
				topic: r.topic,
				stem: json(r.stem),
				correct,
				choices: opts.map((o) => ({ ...o, isKey: correct.includes(o.id) }))
			}
		};
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
