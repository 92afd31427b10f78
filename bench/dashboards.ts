// npm run bench:dashboards -- [--communes 100] [--cells 3000] [--people 25000] [--modules 20]
//   [--attempts 1000000] [--runs 20] [--admin-url postgres://postgres@127.0.0.1:5432/postgres]
//   [--database bench_dashboards] [--explain]
//
// The qualification dashboard at province scale on a real PostgreSQL: a province of `communes`
// communes and `cells` cells with `people` tracked officers (secretaries, deputies, committee
// members), each with an account, 5 years of ratings, a training course or two, reading and
// `attempts` finished practice attempts over `modules` required modules, and contest entries,
// seeded with INSERT … SELECT over generate_series. Then it evaluates everyone once (the
// summaries) and times, in process with the app's own functions (no HTTP), each view as the
// province's manager would open it: the province, a commune, a cell, the laggards list (its
// first page and a deep one, as the route reads them: refresh, page, total, units, modules), the
// XLSX and CSV exports, and the province after people's facts changed (their summaries are
// evaluated again by the read). `--explain` prints the plans of the province's statements.
import { mkdirSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { performance } from 'node:perf_hooks';
import { sql, type SQL } from 'drizzle-orm';
import type { Db } from '../src/lib/server/db/client';
import { rowsOf } from '../src/lib/server/db/rows';
import {
	contestLevels,
	contests,
	lessons,
	orgUnits,
	people,
	qualificationRuleVersions
} from '../src/lib/server/db/schema';
import { createOrgUnit } from '../src/lib/server/orgs/units';
import { nameColumns } from '../src/lib/server/people/people';
import {
	distributionQuery,
	indicatorQuery,
	statusCountsQuery
} from '../src/lib/server/qualification/aggregate';
import { exportQualification } from '../src/lib/server/qualification/export';
import { yearEnd } from '../src/lib/server/qualification/history';
import {
	LAGGARD_CELLS_SHOWN,
	LAGGARDS_PAGE_SIZE,
	laggardQueries,
	laggardsPage,
	reasonModuleIds
} from '../src/lib/server/qualification/laggards';
import { TREND_YEARS, unitRollup } from '../src/lib/server/qualification/rollup';
import { refreshForDashboard } from '../src/lib/server/qualification/dashboard';
import { moduleRefs } from '../src/lib/server/qualification/status';
import { peopleChanged, refreshSummaries } from '../src/lib/server/qualification/summary';
import { refreshUnitRollups, unitYearsQuery } from '../src/lib/server/qualification/unit-rollups';
import { createQuizModule, defaultQuiz } from '../src/lib/server/quiz/testing/fixtures';
import { freshDatabase, log } from './app';

const { values: args } = parseArgs({
	options: {
		communes: { type: 'string', default: '100' },
		cells: { type: 'string', default: '3000' },
		people: { type: 'string', default: '25000' },
		modules: { type: 'string', default: '20' },
		attempts: { type: 'string', default: '1000000' },
		runs: { type: 'string', default: '20' },
		changed: { type: 'string', default: '100' },
		'admin-url': {
			type: 'string',
			default: process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres'
		},
		database: { type: 'string', default: 'bench_dashboards' },
		explain: { type: 'boolean', default: false }
	}
});
const COMMUNES = Number(args.communes);
const CELLS = Number(args.cells);
const PEOPLE = Number(args.people);
const MODULES = Number(args.modules);
const ATTEMPTS = Number(args.attempts);
const RUNS = Number(args.runs);
const CHANGED = Number(args.changed);
const TODAY = '2026-12-07';

/** Deterministic, so two runs seed the same province. */
function prng(seed: number) {
	let s = seed >>> 0;
	return () => {
		s = (s * 1664525 + 1013904223) >>> 0;
		return s / 2 ** 32;
	};
}
const random = prng(20261207);
const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)];

async function insertMany<T>(db: Db, rows: T[], insert: (part: T[]) => Promise<unknown>) {
	for (let i = 0; i < rows.length; i += 1000) await insert(rows.slice(i, i + 1000));
	return rows.length;
}

/** A deterministic number in 0..n-1 from a key, computed by PostgreSQL (`hashtext`). */
const hashOf = (key: SQL, n: number) => sql`(abs(hashtext(${key})) % ${n}::int)`;

async function seed(db: Db) {
	const province = await createOrgUnit(db, {
		code: 'BENCH',
		name: 'Đảng bộ tỉnh Thử Tải',
		kind: 'province',
		parentId: null
	});
	// Communes and cells in two statements each (then their paths), not one call a unit.
	await db.execute(sql`
		insert into org_units (code, name, kind, parent_id, path, depth)
		select 'BENCH-' || lpad(c::text, 3, '0'), 'Đảng bộ xã Số ' || c, 'commune', ${province.id}::int,
			'', 1
		from generate_series(1, ${COMMUNES}::int) as c`);
	await db.execute(sql`
		update org_units set path = ${province.path} || id || '/' where parent_id = ${province.id}::int`);
	await db.execute(sql`
		insert into org_units (code, name, kind, parent_id, path, depth)
		select cm.code || '-' || lpad(((i - 1) / ${COMMUNES}::int + 1)::text, 3, '0'),
			'Chi bộ thôn Số ' || i, 'cell', cm.id, '', 2
		from generate_series(1, ${CELLS}::int) as i
		join (select id, code, row_number() over (order by id) as n from org_units
			where parent_id = ${province.id}::int) cm on cm.n = (i - 1) % ${COMMUNES}::int + 1`);
	await db.execute(sql`
		update org_units o set path = c.path || o.id || '/'
		from org_units c where o.parent_id = c.id and c.parent_id = ${province.id}::int`);
	const communes = await db
		.select()
		.from(orgUnits)
		.where(sql`${orgUnits.parentId} = ${province.id}::int`)
		.orderBy(orgUnits.id);
	const cells = await db
		.select()
		.from(orgUnits)
		.where(sql`${orgUnits.kind} = 'cell' and ${orgUnits.path} like ${province.path + '%'}`)
		.orderBy(orgUnits.id);
	log(`units: 1 province, ${communes.length} communes, ${cells.length} cells`);

	const moduleIds: string[] = [];
	for (let m = 0; m < MODULES; m++) {
		const id = `bench-m${String(m + 1).padStart(2, '0')}`;
		await createQuizModule(db, { id, questions: 3 });
		await db.insert(lessons).values(
			[1, 2, 3].map((n) => ({
				id: `${id}-l${n}`,
				moduleId: id,
				slug: `l${n}`,
				sortOrder: n,
				title: { vi: `Bài ${n}` },
				contentHash: 'h'
			}))
		);
		moduleIds.push(id);
	}
	await db.insert(qualificationRuleVersions).values({
		orgUnitId: province.id,
		effectiveFrom: '2022-01-01',
		requiredModules: moduleIds,
		passPercent: 70,
		validityYears: 2,
		minTheoryLevel: 'elementary',
		trainingWithinYears: 3
	});

	// People need their name columns (search text, Vietnamese sort key): built here, 1,000 a
	// statement. Everything else is INSERT … SELECT over generate_series in PostgreSQL.
	const positions = ['secretary', 'deputy_secretary', 'committee_member'] as const;
	const personRows = Array.from({ length: PEOPLE }, (_, i) => ({
		orgUnitId: (i < CELLS ? cells[i] : pick(cells)).id,
		...nameColumns(
			`${pick(['Nguyễn', 'Trần', 'Lê', 'Phạm', 'Hoàng', 'Vũ'])} ${pick(['Văn', 'Thị', 'Đức', 'Minh'])} ${pick(['An', 'Ánh', 'Bình', 'Đức', 'Hà', 'Tâm'])} ${i}`
		),
		position: i < CELLS ? ('secretary' as const) : pick(positions.slice(1)),
		birthYear: 1960 + Math.floor(random() * 45),
		educationLevel: pick(['upper_secondary', 'college', 'university', 'postgraduate'] as const),
		theoryLevel: pick(['none', 'elementary', 'intermediate', 'advanced'] as const)
	}));
	await insertMany(db, personRows, (part) => db.insert(people).values(part));
	const inProvince = sql`(select p.id, p.org_unit_id from people p join org_units o
		on o.id = p.org_unit_id where o.path like ${province.path + '%'})`;
	await db.execute(sql`
		insert into users (username, display_name, person_id)
		select 'bench' || p.id, 'x', p.id from ${inProvince} p`);
	// Unit history as the app writes it: each person created in 2021 (in another cell for one in
	// fifty), and those moved to their cell in June 2025, so past years count them elsewhere.
	const cellList = sql`(select id, row_number() over (order by id) - 1 as n from org_units
		where kind = 'cell' and path like ${province.path + '%'})`;
	await db.execute(sql`
		insert into person_unit_history (person_id, to_unit_id, reason, at)
		select p.id, case when ${hashOf(sql`p.id || ':moved'`, 50)} = 0 then c.id else p.org_unit_id end,
			'created', '2021-03-01T03:00:00Z'
		from ${inProvince} p join ${cellList} c on c.n = ${hashOf(sql`p.id || ':from'`, CELLS)}`);
	await db.execute(sql`
		insert into person_unit_history (person_id, from_unit_id, to_unit_id, reason, at)
		select h.person_id, h.to_unit_id, p.org_unit_id, 'transfer', '2025-06-01T03:00:00Z'
		from person_unit_history h join people p on p.id = h.person_id
		where h.reason = 'created' and h.to_unit_id <> p.org_unit_id`);
	const tables = {
		people: sql`people`,
		users: sql`users`,
		person_unit_history: sql`person_unit_history`,
		classification_records: sql`classification_records`,
		training_records: sql`training_records`,
		lesson_progress: sql`lesson_progress`,
		attempts: sql`attempts`,
		contest_registrations: sql`contest_registrations`
	};
	const count = async (table: keyof typeof tables) =>
		Number(
			rowsOf<{ n: number }>(
				await db.execute(sql`select count(*)::int as n from ${tables[table]}`)
			)[0].n
		);
	log(
		`people: ${await count('people')}, accounts ${await count('users')}, ${await count('person_unit_history')} history rows`
	);

	const levels = `{excellent,good,good,completed,not_completed}`;
	await db.execute(sql`
		insert into classification_records (person_id, year, level, org_unit_id)
		select p.id, y, (${levels}::text[])[1 + ${hashOf(sql`p.id || ':' || y`, 5)}], p.org_unit_id
		from ${inProvince} p cross join generate_series(2022, 2026) as y`);
	await db.execute(sql`
		insert into training_records (person_id, name, organizer, start_on, end_on, hours)
		select p.id, 'Bồi dưỡng bí thư chi bộ', 'Huyện ủy', d, d, 24
		from ${inProvince} p cross join generate_series(1, 2) as k,
			lateral (select ${TODAY}::date - ${hashOf(sql`p.id || ':c' || k`, 1800)} as d) x
		where k <= ('{0,1,1,2}'::int[])[1 + ${hashOf(sql`p.id || ':courses'`, 4)}]`);
	const diligent = sql`(${hashOf(sql`u.id || ':diligent'`, 10)} < 4)`;
	const modulesSql = sql`unnest(${`{${moduleIds.join(',')}}`}::text[]) as m(id)`;
	await db.execute(sql`
		insert into lesson_progress (user_id, lesson_id, module_id, position, completed_at)
		select u.id, m.id || '-l' || l, m.id, 1000,
			${TODAY}::timestamptz + interval '3 hours'
				- make_interval(days => ${hashOf(sql`u.id || ':' || m.id || ':' || l`, 900)})
		from users u cross join ${modulesSql} cross join generate_series(1, 3) as l
		where u.person_id is not null
			and (${diligent} or
				l <= ('{0,1,3,3,3}'::int[])[1 + ${hashOf(sql`u.id || ':' || m.id || ':read'`, 5)}])`);
	// Practice: four accounts in ten are diligent (read everything, 1–4 attempts a module, the
	// first a pass within the last 600 days); of the others one in ten never tried and the rest
	// made 0–4 attempts a module, scores 0–10 of 10 on one of the last 900 days. Cut at ATTEMPTS.
	await db.execute(sql`
		insert into attempts (user_id, kind, subject, attempt_no, module_id, config, seed, status,
			started_at, deadline, finished_at, finish_reason, score, max_score, passed)
		select u.id, 'practice', 'module:' || m.id, t, m.id, ${JSON.stringify(defaultQuiz)}::jsonb,
			's', 'finished', x.at, x.at + interval '1 hour', x.at + interval '15 minutes',
			'submitted', x.score, 10, x.score >= 7
		from users u cross join ${modulesSql} cross join generate_series(1, 5) as t,
			lateral (select ${TODAY}::timestamptz + interval '3 hours'
				- make_interval(days => case when ${diligent} and t = 1
					then ${hashOf(sql`u.id || ':' || m.id || ':' || t`, 600)}
					else ${hashOf(sql`u.id || ':' || m.id || ':' || t`, 900)} end) as at,
				case when ${diligent} and t = 1
					then 7 + ${hashOf(sql`u.id || ':' || m.id || ':s'`, 4)}
					else ${hashOf(sql`u.id || ':' || m.id || ':' || t || ':s'`, 11)} end as score) x
		where u.person_id is not null
			and case when ${diligent} then t <= 1 + ${hashOf(sql`u.id || ':' || m.id || ':n'`, 4)}
				else u.id % 10 <> 0 and t <= ${hashOf(sql`u.id || ':' || m.id || ':n'`, 5)} end
		limit ${ATTEMPTS}::int`);
	log(
		`records: ${await count('classification_records')} ratings, ${await count('training_records')} courses, ${await count('lesson_progress')} lessons read, ${await count('attempts')} finished practice attempts`
	);

	const [contest] = await db
		.insert(contests)
		.values({
			name: 'Bí thư chi bộ giỏi 2026',
			year: 2026,
			kind: 'hoi_thi',
			orgUnitId: province.id
		})
		.returning();
	const [level] = await db
		.insert(contestLevels)
		.values({ contestId: contest.id, name: 'Cấp tỉnh', sortOrder: 1 })
		.returning();
	await db.execute(sql`
		insert into contest_registrations (contest_id, level_id, user_id, person_id, org_unit_id,
			source, candidate_code)
		select ${contest.id}::int, ${level.id}::int, u.id, p.id, p.org_unit_id, 'unit', 'B' || u.id
		from users u join people p on p.id = u.person_id
		where ${hashOf(sql`u.id || ':contest'`, 5)} = 0`);
	log(`contest entries: ${await count('contest_registrations')}`);
	await db.execute(sql`analyze`);
	const [manager] = rowsOf<{ id: number }>(await db.execute(sql`select min(id) as id from users`));
	return {
		province,
		commune: communes[0],
		cell: cells[0],
		manager: Number(manager.id),
		moduleIds
	};
}

async function time(name: string, run: () => Promise<unknown>, before?: () => Promise<void>) {
	await before?.();
	await run(); // warm-up: plans and caches
	const ms: number[] = [];
	for (let i = 0; i < RUNS; i++) {
		await before?.();
		const start = performance.now();
		await run();
		ms.push(performance.now() - start);
	}
	ms.sort((a, b) => a - b);
	const at = (q: number) => ms[Math.min(ms.length - 1, Math.ceil(q * ms.length) - 1)];
	const load = loadavg()[0];
	const row = { view: name, runs: RUNS, p50: at(0.5), p95: at(0.95), max: ms.at(-1)!, load };
	log(
		`${name.padEnd(32)} p50 ${row.p50.toFixed(0).padStart(6)} ms  p95 ${row.p95.toFixed(0).padStart(6)} ms  load ${load.toFixed(1)}`
	);
	return row;
}

const { database, settings } = await freshDatabase(args['admin-url']!, args.database!);
const db = database.db;
log(`PostgreSQL ${settings.version.split(' ')[1]}, ${availableParallelism()} cores`);
let started = performance.now();
const world = await seed(db);
const seedSeconds = (performance.now() - started) / 1000;
log(`seeded in ${seedSeconds.toFixed(1)} s`);
started = performance.now();
const scope = {
	underPath: world.province.path,
	movedOutSince: yearEnd(Number(TODAY.slice(0, 4)) - TREND_YEARS + 1)
};
const first = await refreshSummaries(db, scope, TODAY);
const summarySeconds = (performance.now() - started) / 1000;
await db.execute(sql`analyze qualification_summaries`);
log(`summaries: ${first.evaluated} people evaluated in ${summarySeconds.toFixed(1)} s`);
started = performance.now();
const unitsComputed = await refreshUnitRollups(db, world.province.path, TODAY);
const rollupSeconds = (performance.now() - started) / 1000;
await db.execute(sql`analyze qualification_unit_years`);
await db.execute(sql`analyze qualification_unit_rollups`);
log(`unit rollups: ${unitsComputed} units computed in ${rollupSeconds.toFixed(1)} s`);

if (args.explain) {
	const year = Number(TODAY.slice(0, 4));
	const laggardList = laggardQueries(db, world.province.path, 'missing', {
		window: { limit: LAGGARDS_PAGE_SIZE, offset: 0 },
		unitLimit: LAGGARD_CELLS_SHOWN
	});
	const plans: [string, SQL][] = [
		['status counts (province)', statusCountsQuery(world.province.path)],
		['indicators × 5 years (province)', indicatorQuery(world.province.path, year - 4, year, TODAY)],
		['score distribution (province)', distributionQuery(world.province.path)],
		[
			'unit rollups computed afresh (every unit of the province, 9 years)',
			unitYearsQuery(
				sql`select id from org_units where path like ${world.province.path + '%'}`,
				year - 8,
				year,
				TODAY
			)
		],
		['laggards: page 1 (province)', laggardList.people],
		['laggards: total and units (province)', laggardList.units]
	];
	for (const [name, query] of plans) {
		const rows = rowsOf<{ 'QUERY PLAN': string }>(
			await db.execute(sql`explain (analyze, costs off, buffers) ${query}`)
		);
		console.log(`\n### ${name}\n\n${rows.map((r) => r['QUERY PLAN']).join('\n')}`);
	}
}

const exportInput = {
	today: TODAY,
	year: 2026,
	sort: 'missing' as const,
	locale: 'vi' as const,
	actorUserId: world.manager
};
/**
 * People whose facts change between two reads of the province (as finished attempts would):
 * their summaries are marked, and their units logged as the summary's trigger would on a new
 * status or score band (the re-evaluation of unchanged facts changes neither).
 */
const changeSome = async () => {
	const offset = Math.floor(Math.random() * (PEOPLE - CHANGED));
	const changed = sql`select p.id from people p order by p.id offset ${offset}::int limit ${CHANGED}::int`;
	await peopleChanged(db, changed);
	await db.execute(sql`insert into qualification_rollup_changes (person_id) ${changed}`);
};
/** What the laggards route does: refresh, a page with the total and units, its modules' names. */
const laggardsView = async (unit: typeof world.province, page: number) => {
	await refreshForDashboard(db, unit, TODAY);
	const found = await laggardsPage(db, unit, TODAY, 'missing', page);
	return moduleRefs(db, reasonModuleIds(found!.people));
};
const results = [
	await time('province (rollup+indicators)', () => unitRollup(db, world.province, TODAY)),
	await time('commune', () => unitRollup(db, world.commune, TODAY)),
	await time('cell', () => unitRollup(db, world.cell, TODAY)),
	await time('laggards (province, a page)', () => laggardsView(world.province, 1)),
	await time('laggards (province, page 150)', () => laggardsView(world.province, 150)),
	await time(
		`province, ${CHANGED} people changed`,
		() => unitRollup(db, world.province, TODAY),
		changeSome
	),
	await time('export XLSX (province)', () =>
		exportQualification(db, { ...exportInput, unit: world.province, format: 'xlsx' }).then((r) =>
			r!.arrayBuffer()
		)
	),
	await time('export CSV (province)', () =>
		exportQualification(db, { ...exportInput, unit: world.province, format: 'csv' }).then((r) =>
			r!.text()
		)
	)
];
const [{ count }] = rowsOf<{ count: number }>(
	await db.execute(sql`select count(*)::int as count from ${orgUnits}`)
);
const report = {
	at: new Date().toISOString(),
	scale: {
		communes: COMMUNES,
		cells: CELLS,
		people: PEOPLE,
		modules: MODULES,
		attempts: ATTEMPTS,
		units: count
	},
	seedSeconds,
	summarySeconds,
	rollupSeconds,
	load: loadavg(),
	results
};
mkdirSync('bench-results', { recursive: true });
const file = `bench-results/dashboards-${report.at.replace(/[:.]/g, '-')}.json`;
writeFileSync(file, JSON.stringify(report, null, 2));
log(
	`load average ${loadavg()
		.map((l) => l.toFixed(2))
		.join(' ')}; written to ${file}`
);
await database.close();
