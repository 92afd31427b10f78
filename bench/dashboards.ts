// npm run bench:dashboards -- [--communes 100] [--cells 2000] [--people 5000] [--modules 4]
//   [--attempts 3] [--runs 10] [--admin-url postgres://postgres@127.0.0.1:5432/postgres]
//   [--database bench_dashboards]
//
// The qualification dashboard at province scale on a real PostgreSQL: a province of `communes`
// communes and `cells` cells with `people` tracked officers (secretaries, deputies, committee
// members), each with an account, 5 years of ratings, a training course or two, reading and
// up to `attempts` finished practice attempts per required module, and contest entries. Then it
// times, in process with the app's own functions (no HTTP), each view as the province's manager
// would open it: the province, a commune, a cell, the laggards list, the XLSX and CSV exports.
import { mkdirSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { performance } from 'node:perf_hooks';
import { sql } from 'drizzle-orm';
import type { Db } from '../src/lib/server/db/client';
import {
	attempts,
	classificationRecords,
	contestLevels,
	contestRegistrations,
	contests,
	lessonProgress,
	lessons,
	orgUnits,
	people,
	personUnitHistory,
	qualificationRuleVersions,
	trainingRecords,
	users,
	type Classification,
	type OrgUnit
} from '../src/lib/server/db/schema';
import { createOrgUnit } from '../src/lib/server/orgs/units';
import { nameColumns } from '../src/lib/server/people/people';
import { exportQualification } from '../src/lib/server/qualification/export';
import { laggards } from '../src/lib/server/qualification/laggards';
import { unitRollup } from '../src/lib/server/qualification/rollup';
import { createQuizModule, defaultQuiz } from '../src/lib/server/quiz/testing/fixtures';
import { freshDatabase, log } from './app';

const { values: args } = parseArgs({
	options: {
		communes: { type: 'string', default: '100' },
		cells: { type: 'string', default: '2000' },
		people: { type: 'string', default: '5000' },
		modules: { type: 'string', default: '4' },
		attempts: { type: 'string', default: '3' },
		runs: { type: 'string', default: '10' },
		'admin-url': {
			type: 'string',
			default: process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres'
		},
		database: { type: 'string', default: 'bench_dashboards' }
	}
});
const COMMUNES = Number(args.communes);
const CELLS = Number(args.cells);
const PEOPLE = Number(args.people);
const MODULES = Number(args.modules);
const ATTEMPTS = Number(args.attempts);
const RUNS = Number(args.runs);
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
const dayBefore = (days: number) =>
	new Date(Date.parse(`${TODAY}T00:00:00Z`) - days * 86_400_000).toISOString().slice(0, 10);

async function insertMany<T>(db: Db, rows: T[], insert: (part: T[]) => Promise<unknown>) {
	for (let i = 0; i < rows.length; i += 1000) await insert(rows.slice(i, i + 1000));
	return rows.length;
}

async function seed(db: Db) {
	const province = await createOrgUnit(db, {
		code: 'BENCH',
		name: 'Đảng bộ tỉnh Thử Tải',
		kind: 'province',
		parentId: null
	});
	const communes: OrgUnit[] = [];
	for (let c = 0; c < COMMUNES; c++) {
		communes.push(
			await createOrgUnit(db, {
				code: `BENCH-${String(c + 1).padStart(3, '0')}`,
				name: `Đảng bộ xã Số ${c + 1}`,
				kind: 'commune',
				parentId: province.id
			})
		);
	}
	const cells: OrgUnit[] = [];
	for (let i = 0; i < CELLS; i++) {
		const commune = communes[i % COMMUNES];
		cells.push(
			await createOrgUnit(db, {
				code: `${commune.code}-${String(Math.floor(i / COMMUNES) + 1).padStart(3, '0')}`,
				name: `Chi bộ thôn Số ${i + 1}`,
				kind: 'cell',
				parentId: commune.id
			})
		);
	}
	log(`units: 1 province, ${communes.length} communes, ${cells.length} cells`);

	const moduleIds: string[] = [];
	for (let m = 0; m < MODULES; m++) {
		const id = `bench-m${m + 1}`;
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

	const positions = ['secretary', 'deputy_secretary', 'committee_member'] as const;
	const personRows = Array.from({ length: PEOPLE }, (_, i) => ({
		orgUnitId: (i < CELLS ? cells[i] : pick(cells)).id,
		...nameColumns(
			`${pick(['Nguyễn', 'Trần', 'Lê', 'Phạm'])} Văn ${pick(['An', 'Ánh', 'Bình', 'Đức', 'Hà'])} ${i}`
		),
		position: i < CELLS ? ('secretary' as const) : pick(positions.slice(1)),
		birthYear: 1960 + Math.floor(random() * 45),
		educationLevel: pick(['upper_secondary', 'college', 'university', 'postgraduate'] as const),
		theoryLevel: pick(['none', 'elementary', 'intermediate', 'advanced'] as const)
	}));
	const personIds: number[] = [];
	await insertMany(db, personRows, async (part) => {
		const rows = await db.insert(people).values(part).returning({ id: people.id });
		personIds.push(...rows.map((r) => r.id));
	});
	const userIds: number[] = [];
	await insertMany(db, personIds, async (part) => {
		const rows = await db
			.insert(users)
			.values(part.map((id) => ({ username: `bench${id}`, displayName: 'x', personId: id })))
			.returning({ id: users.id });
		userIds.push(...rows.map((r) => r.id));
	});
	// Unit history as the app writes it: each person created in 2021 (in another cell for one in
	// fifty), and those moved to their cell in June 2025, so past years count them elsewhere.
	const history = personIds.flatMap((personId, i) => {
		const now = personRows[i].orgUnitId;
		const before = random() < 0.02 ? pick(cells).id : now;
		const created = {
			personId,
			toUnitId: before,
			reason: 'created' as const,
			at: new Date('2021-03-01T03:00:00Z')
		};
		if (before === now) return [created];
		const moved = { personId, fromUnitId: before, toUnitId: now, reason: 'transfer' as const };
		return [created, { ...moved, at: new Date('2025-06-01T03:00:00Z') }];
	});
	await insertMany(db, history, (part) => db.insert(personUnitHistory).values(part));
	log(`people: ${personIds.length} tracked, each with an account; ${history.length} history rows`);

	const levels: Classification[] = ['excellent', 'good', 'good', 'completed', 'not_completed'];
	const ratings = personIds.flatMap((personId, i) =>
		[2022, 2023, 2024, 2025, 2026].map((year) => ({
			personId,
			year,
			level: pick(levels),
			orgUnitId: personRows[i].orgUnitId
		}))
	);
	await insertMany(db, ratings, (part) => db.insert(classificationRecords).values(part));
	const courses = personIds.flatMap((personId) =>
		Array.from({ length: pick([0, 1, 1, 2]) }, () => {
			const end = dayBefore(Math.floor(random() * 1800));
			return {
				personId,
				name: 'Bồi dưỡng bí thư chi bộ',
				organizer: 'Huyện ủy',
				startOn: end,
				endOn: end,
				hours: 24
			};
		})
	);
	await insertMany(db, courses, (part) => db.insert(trainingRecords).values(part));

	const progress: (typeof lessonProgress.$inferInsert)[] = [];
	const tries: (typeof attempts.$inferInsert)[] = [];
	userIds.forEach((userId) => {
		for (const moduleId of moduleIds) {
			const read = pick([0, 1, 3, 3, 3]);
			for (let l = 1; l <= read; l++) {
				progress.push({
					userId,
					lessonId: `${moduleId}-l${l}`,
					moduleId,
					position: 1000,
					completedAt: new Date(`${dayBefore(Math.floor(random() * 900))}T03:00:00Z`)
				});
			}
			const n = Math.floor(random() * (ATTEMPTS + 1));
			for (let t = 1; t <= n; t++) {
				const at = new Date(`${dayBefore(Math.floor(random() * 900))}T03:00:00Z`);
				const score = Math.floor(random() * 11);
				tries.push({
					userId,
					kind: 'practice',
					subject: `module:${moduleId}`,
					attemptNo: t,
					moduleId,
					config: defaultQuiz,
					seed: 's',
					status: 'finished',
					startedAt: at,
					deadline: new Date(at.getTime() + 3_600_000),
					finishedAt: new Date(at.getTime() + 900_000),
					score,
					maxScore: 10,
					passed: score >= 7
				});
			}
		}
	});
	await insertMany(db, progress, (part) => db.insert(lessonProgress).values(part));
	await insertMany(db, tries, (part) => db.insert(attempts).values(part));
	log(
		`records: ${ratings.length} ratings, ${courses.length} courses, ${progress.length} lessons read, ${tries.length} finished practice attempts`
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
	const entrants = userIds.filter(() => random() < 0.2);
	await insertMany(db, entrants, (part) =>
		db.insert(contestRegistrations).values(
			part.map((userId) => {
				const i = userIds.indexOf(userId);
				return {
					contestId: contest.id,
					levelId: level.id,
					userId,
					personId: personIds[i],
					orgUnitId: personRows[i].orgUnitId,
					source: 'unit' as const,
					candidateCode: `B${userId}`
				};
			})
		)
	);
	log(`contest entries: ${entrants.length}`);
	await db.execute(sql`analyze`);
	return { province, commune: communes[0], cell: cells[0], manager: userIds[0] };
}

async function time(name: string, run: () => Promise<unknown>) {
	await run(); // warm-up: plans and caches
	const ms: number[] = [];
	for (let i = 0; i < RUNS; i++) {
		const start = performance.now();
		await run();
		ms.push(performance.now() - start);
	}
	ms.sort((a, b) => a - b);
	const at = (q: number) => ms[Math.min(ms.length - 1, Math.ceil(q * ms.length) - 1)];
	const row = { view: name, runs: RUNS, p50: at(0.5), p95: at(0.95), max: ms.at(-1)! };
	log(
		`${name.padEnd(28)} p50 ${row.p50.toFixed(0).padStart(6)} ms  p95 ${row.p95.toFixed(0).padStart(6)} ms`
	);
	return row;
}

const { database, settings } = await freshDatabase(args['admin-url']!, args.database!);
const db = database.db;
log(`PostgreSQL ${settings.version.split(' ')[1]}, ${availableParallelism()} cores`);
const started = performance.now();
const world = await seed(db);
log(`seeded in ${((performance.now() - started) / 1000).toFixed(1)} s`);
const exportInput = {
	today: TODAY,
	year: 2026,
	sort: 'missing' as const,
	locale: 'vi' as const,
	actorUserId: world.manager
};
const results = [
	await time('province (rollup+indicators)', () => unitRollup(db, world.province, TODAY)),
	await time('commune', () => unitRollup(db, world.commune, TODAY)),
	await time('cell', () => unitRollup(db, world.cell, TODAY)),
	await time('laggards (province)', () => laggards(db, world.province, TODAY)),
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
const [{ count }] = (await db.execute(
	sql`select count(*)::int as count from ${orgUnits}`
)) as unknown as { count: number }[];
const report = {
	at: new Date().toISOString(),
	scale: { communes: COMMUNES, cells: CELLS, people: PEOPLE, modules: MODULES, units: count },
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
