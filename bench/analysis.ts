// npm run bench:analysis -- [--candidates 25000] [--questions 30] [--runs 3]
//   [--admin-url postgres://postgres@127.0.0.1:5432/postgres] [--database bench_analysis]
//
// Item analysis of a big online round on a real PostgreSQL: N candidates have each answered the
// round's Q questions (written in SQL: every candidate an ability, each answer right with a
// probability that grows with it, wrong answers spread over the distractors); then the analysis
// the item-analysis page runs is timed, cold and warm, with the contest module's own world.
import { availableParallelism, loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { sql } from 'drizzle-orm';
import { analyse } from '../src/lib/server/analysis/item-analysis';
import { contestWorld } from '../src/lib/server/contests/testing/fixtures';
import { freshDatabase, log } from './app';

const { values: args } = parseArgs({
	options: {
		candidates: { type: 'string', default: '25000' },
		questions: { type: 'string', default: '30' },
		runs: { type: 'string', default: '3' },
		'admin-url': {
			type: 'string',
			default: process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres'
		},
		database: { type: 'string', default: 'bench_analysis' }
	}
});
const N = Number(args.candidates);
const Q = Number(args.questions);
const RUNS = Number(args.runs);

async function main() {
	log(`bench:analysis — ${N} candidates × ${Q} questions, ${availableParallelism()} CPUs`);
	const { database, settings } = await freshDatabase(args['admin-url']!, args.database!);
	const db = database.db;
	log(`PostgreSQL: ${settings.version.split(',')[0]}`);
	const world = await contestWorld(db, {
		bankSize: Q,
		round: { questionCount: Q, durationSeconds: 3600, attemptsAllowed: 1 }
	});
	const seeding = Date.now();
	await db.execute(sql`select setseed(0.42)`);
	await db.execute(sql`
		insert into users (username, display_name)
		select 'ana' || g, 'Thí sinh ' || g from generate_series(1, ${N}::int) g`);
	await db.execute(sql`
		insert into attempts (id, user_id, kind, subject, attempt_no, round_id, config, seed, status,
			started_at, deadline, finished_at, finish_reason, score, max_score)
		select gen_random_uuid(), u.id, 'contest', ${`round:${world.roundId}`}, 1, ${world.roundId},
			${JSON.stringify({ questionCount: Q })}::jsonb, 'bench', 'finished',
			now() - interval '1 hour', now(), now(), 'submitted', 0, ${Q}
		from users u where u.username like 'ana%'`);
	await db.execute(sql`
		with q as (
			select qv.key, qv.version, qv.kind, row_number() over (order by qv.key) as pos,
				(select jsonb_agg(o -> 'id') from jsonb_array_elements(qv.options) o) as ids,
				(select min(i - 1) from jsonb_array_elements(qv.options) with ordinality e(o, i)
					where qv.correct ? (o ->> 'id'))::int as keypos,
				jsonb_array_length(qv.options) as nopt
			from question_versions qv where qv.contest_id = ${world.contestId}
		),
		ab as (select id, random() as ability from attempts where round_id = ${world.roundId})
		insert into attempt_questions (attempt_id, position, question_key, question_version, kind,
			option_order, selected, points, seq)
		select ab.id, q.pos, q.key, q.version, q.kind, q.ids, jsonb_build_array(p.pick),
			(p.pick = q.keypos)::int, 1
		from ab cross join q
		cross join lateral (
			select case when random() < 0.15 + 0.8 * ab.ability * (1 - q.pos / (2.0 * ${Q}::int))
				then q.keypos else floor(random() * q.nopt)::int end as pick
		) p`);
	await db.execute(sql`analyze`);
	const [{ answers }] = (await db.execute(
		sql`select count(*)::int as answers from attempt_questions`
	)) as unknown as { answers: number }[];
	log(`seeded ${answers} answers in ${((Date.now() - seeding) / 1000).toFixed(1)} s`);

	const times: number[] = [];
	let last: Awaited<ReturnType<typeof analyse>> | null = null;
	for (let run = 0; run < RUNS; run++) {
		const started = performance.now();
		last = await analyse(db, { kind: 'round', roundId: world.roundId });
		times.push(performance.now() - started);
		log(`run ${run + 1}: ${times[run].toFixed(0)} ms`);
	}
	const sorted = [...times].sort((a, b) => a - b);
	const flagged = last!.questions.filter((q) => q.flags.length > 0).length;
	log(
		`analysis of ${last!.test.n} candidates × ${last!.questions.length} questions: ` +
			`first ${times[0].toFixed(0)} ms, median ${sorted[Math.floor(sorted.length / 2)].toFixed(0)} ms, ` +
			`best ${sorted[0].toFixed(0)} ms; mean ${last!.test.mean.toFixed(2)}, SD ${last!.test.sd.toFixed(2)}, ` +
			`α ${last!.test.alpha?.toFixed(3)}; ${flagged} questions flagged; load ${loadavg()[0].toFixed(2)}`
	);
	await database.close();
	if (sorted[Math.floor(sorted.length / 2)] > 5000) {
		log('slower than the 5 s target');
		process.exitCode = 1;
	}
}

await main();
