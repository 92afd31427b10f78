// npm run ops:drill -- [--pg-port 5461] [--rows 1000]
//
// The backup drill of OPERATIONS.md, on a private PostgreSQL cluster of this machine's binaries
// (nothing else touched): WAL archiving on, the app's schema migrated, rows loaded; a base backup
// (pg_basebackup); more writes (batch B), the moment T noted, more writes after T (batch C,
// including deletions of batch A rows) and a nightly-style pg_dump; then the cluster is thrown
// away and restored from the base backup plus the archived WAL to T (recovery_target_time).
// Batch A and B must be there in full, nothing of batch C; the pg_dump, restored into a new
// database, must hold everything up to its moment. Exits 1 on any mismatch.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import postgres from 'postgres';
import { openDatabase } from '../src/lib/server/db/client';
import { migrateDatabase } from '../src/lib/server/db/migrate';
import { createCluster, type PrivateCluster } from '../bench/pg-cluster';

export type DrillResult = {
	seconds: number;
	expected: Record<string, number>;
	restoredToTime: Record<string, number>;
	restoredFromDump: Record<string, number>;
	mismatches: string[];
};

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The drill's three batches of accounts, as counted in a database. */
async function countBatches(url: string) {
	const sql = postgres(url, { max: 1, onnotice: () => {} });
	try {
		const [row] = await sql<{ a: number; b: number; c: number }[]>`
			select count(*) filter (where username like 'drill_a_%')::int as a,
				count(*) filter (where username like 'drill_b_%')::int as b,
				count(*) filter (where username like 'drill_c_%')::int as c
			from users`;
		return { a: row.a, b: row.b, c: row.c };
	} finally {
		await sql.end({ timeout: 5 });
	}
}

async function insertUsers(sql: postgres.Sql, prefix: string, count: number) {
	const rows = Array.from({ length: count }, (_, i) => ({
		username: `${prefix}${i}`,
		display_name: `Tài khoản diễn tập ${prefix}${i}`
	}));
	await sql`insert into users ${sql(rows, 'username', 'display_name')}`;
}

export async function runDrill(
	options: {
		port: number;
		rows: number;
		log?: (...parts: unknown[]) => void;
		/** The control: restore to a moment before batch B, so the check must report B missing. */
		control?: boolean;
	} = {
		port: 5461,
		rows: 1000
	}
): Promise<DrillResult> {
	const say = options.log ?? (() => {});
	const started = performance.now();
	// Archived WAL goes to <cluster folder>/archive (the archiver runs in the data folder).
	const archive = 'mkdir -p ../archive && test ! -f ../archive/%f && cp %p ../archive/%f';
	let cluster: PrivateCluster | undefined;
	let restoredData: string | undefined;
	try {
		cluster = await createCluster(options.port, {
			wal_level: 'replica',
			archive_mode: 'on',
			archive_command: `'${archive}'`,
			max_wal_senders: '4'
		});
		const primary = cluster;
		say(`private cluster with WAL archiving on port ${options.port} (${primary.dir})`);
		const admin = postgres(primary.url, { max: 1, onnotice: () => {} });
		await admin`create database drill`;
		const url = primary.url.replace(/\/postgres$/, '/drill');
		const database = await openDatabase({ driver: 'postgres', url, max: 2 });
		await migrateDatabase(database);
		await database.close();
		const sql = postgres(url, { max: 1, onnotice: () => {} });

		const A = options.rows;
		const B = Math.ceil(options.rows / 2);
		const C = Math.ceil(options.rows / 3);
		const DELETED = Math.ceil(options.rows / 10);
		await insertUsers(sql, 'drill_a_', A);
		say(`batch A: ${A} accounts`);

		await primary.run('pg_basebackup', [
			'-h',
			'127.0.0.1',
			'-p',
			String(options.port),
			'-U',
			'postgres',
			'-D',
			join(primary.dir, 'base'),
			'-Fp',
			'-X',
			'stream',
			'-c',
			'fast'
		]);
		say('base backup taken (pg_basebackup -Fp -X stream -c fast)');

		await sleep(200);
		const [{ t: beforeB }] = await sql<{ t: string }[]>`select clock_timestamp()::text as t`;
		await sleep(200);
		await insertUsers(sql, 'drill_b_', B);
		// T: a moment after batch B's commit and before anything of batch C.
		await sleep(200);
		let [{ t }] = await sql<{ t: string }[]>`select clock_timestamp()::text as t`;
		await sleep(1000);
		await insertUsers(sql, 'drill_c_', C);
		await sql`delete from users where username in ${sql(
			Array.from({ length: DELETED }, (_, i) => `drill_a_${i}`)
		)}`;
		if (options.control) {
			t = beforeB;
			say(`CONTROL: the recovery target is moved before batch B (${t}); the check must fail`);
		}
		say(
			`batch B: ${B} accounts; T = ${t}; then batch C: ${C} accounts and ${DELETED} of A deleted`
		);

		// The nightly dump (custom format), taken now: it must hold A − deleted, B and C.
		await primary.run('pg_dump', [
			'-h',
			'127.0.0.1',
			'-p',
			String(options.port),
			'-U',
			'postgres',
			'-Fc',
			'-f',
			join(primary.dir, 'drill.dump'),
			'drill'
		]);
		// Every WAL segment up to now archived before the primary is lost.
		const [{ wal }] = await sql<{ wal: string }[]>`select pg_walfile_name(pg_switch_wal()) as wal`;
		await sql.end();
		for (let i = 0; i < 300; i++) {
			const [s] = await admin<{ last: string | null; failed: number }[]>`
				select last_archived_wal as last, failed_count::int as failed from pg_stat_archiver`;
			if (s.last && s.last >= wal) break;
			if (i === 299)
				throw new Error(`WAL ${wal} not archived (last ${s.last}, failed ${s.failed})`);
			await sleep(100);
		}
		await admin.end();
		say(`WAL archived up to ${wal}; the primary is lost (stopped, its data folder not used again)`);
		await primary.crash();

		// Restore: the base backup, the archive, recovery to T, then promotion.
		restoredData = join(primary.dir, 'restored');
		await primary.runAs('cp', ['-a', join(primary.dir, 'base'), restoredData]);
		const restorePort = options.port + 1;
		await primary.runAs('sh', [
			'-c',
			[
				`touch ${restoredData}/recovery.signal`,
				`cat >> ${restoredData}/postgresql.auto.conf <<'EOF'`,
				`port = ${restorePort}`,
				"archive_mode = 'off'",
				`restore_command = 'cp ${join(primary.dir, 'archive')}/%f %p'`,
				`recovery_target_time = '${t}'`,
				"recovery_target_action = 'promote'",
				'EOF'
			].join('\n')
		]);
		await primary.run('pg_ctl', [
			'start',
			'-D',
			restoredData,
			'-l',
			join(primary.dir, 'restored.log'),
			'-w',
			'-t',
			'120'
		]);
		const restoredAdmin = primary.url.replace(`:${options.port}/`, `:${restorePort}/`);
		const check = postgres(restoredAdmin, { max: 1, onnotice: () => {} });
		for (let i = 0; ; i++) {
			const [r] = await check<{ recovering: boolean }[]>`select pg_is_in_recovery() as recovering`;
			if (!r.recovering) break;
			if (i > 600) throw new Error('the restored cluster did not finish recovery in 60 s');
			await sleep(100);
		}
		say(`restored to T on port ${restorePort} and promoted`);
		const restoredToTime = await countBatches(restoredAdmin.replace(/\/postgres$/, '/drill'));

		await check`create database drill_dump`;
		await check.end();
		await primary.run('pg_restore', [
			'-h',
			'127.0.0.1',
			'-p',
			String(restorePort),
			'-U',
			'postgres',
			'-d',
			'drill_dump',
			'--no-owner',
			join(primary.dir, 'drill.dump')
		]);
		const restoredFromDump = await countBatches(
			restoredAdmin.replace(/\/postgres$/, '/drill_dump')
		);

		const expected = { a: A, b: B, c: 0 };
		const expectedDump = { a: A - DELETED, b: B, c: C };
		const mismatches: string[] = [];
		for (const k of ['a', 'b', 'c'] as const) {
			if (restoredToTime[k] !== expected[k]) {
				mismatches.push(
					`point in time: batch ${k.toUpperCase()} has ${restoredToTime[k]}, expected ${expected[k]}`
				);
			}
			if (restoredFromDump[k] !== expectedDump[k]) {
				mismatches.push(
					`pg_dump: batch ${k.toUpperCase()} has ${restoredFromDump[k]}, expected ${expectedDump[k]}`
				);
			}
		}
		return {
			seconds: Math.round((performance.now() - started) / 100) / 10,
			expected: {
				...expected,
				dumpA: expectedDump.a,
				dumpB: expectedDump.b,
				dumpC: expectedDump.c
			},
			restoredToTime,
			restoredFromDump,
			mismatches
		};
	} finally {
		if (cluster && restoredData && existsSync(join(restoredData, 'postmaster.pid'))) {
			await cluster
				.run('pg_ctl', ['stop', '-D', restoredData, '-m', 'immediate', '-w'])
				.catch(() => {});
		}
		cluster?.remove();
	}
}

if (import.meta.url === `file://${process.argv[1]}`) {
	const { values: args } = parseArgs({
		options: {
			'pg-port': { type: 'string', default: '5461' },
			rows: { type: 'string', default: '1000' },
			control: { type: 'boolean', default: false }
		}
	});
	const log = (...parts: unknown[]) =>
		console.log(`[${new Date().toISOString().slice(11, 19)}]`, ...parts);
	try {
		const r = await runDrill({
			port: Number(args['pg-port']),
			rows: Number(args.rows),
			log,
			control: args.control
		});
		log(
			`restored to T: A ${r.restoredToTime.a} (expected ${r.expected.a}), B ${r.restoredToTime.b} (expected ${r.expected.b}), C ${r.restoredToTime.c} (expected 0)`
		);
		log(
			`from the pg_dump: A ${r.restoredFromDump.a} (expected ${r.expected.dumpA}), B ${r.restoredFromDump.b} (expected ${r.expected.dumpB}), C ${r.restoredFromDump.c} (expected ${r.expected.dumpC})`
		);
		log(`drill took ${r.seconds} s`);
		if (r.mismatches.length > 0) {
			log(`MISMATCH: ${r.mismatches.join('; ')}`);
			process.exitCode = 1;
		} else log('every row where it should be: the backups restore');
	} catch (e) {
		console.error(e);
		process.exitCode = 1;
	}
}
