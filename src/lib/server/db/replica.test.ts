// DATABASE_READ_URL on a private cluster pair (a primary and its streaming replica, made with the
// machine's binaries on ports of their own): dashboards are served from the replica, and reads go
// to the primary, saying so, while the replica lags or is down.
import { existsSync, readdirSync } from 'node:fs';
import { sql } from 'drizzle-orm';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
	addStreamingReplica,
	createCluster,
	type PrivateCluster
} from '../../../../bench/pg-cluster';
import { actorWith, buildProvince, person } from '../orgs/test-fixtures';
import { createPerson } from '../people/people';
import {
	dashboardUnit,
	qualificationDashboard,
	refreshForDashboard
} from '../qualification/dashboard';
import { peopleChanged } from '../qualification/summary';
import { qualificationRuleVersions, type OrgUnit } from './schema';
import { openDatabase, type Database, type Db } from './client';
import { migrateDatabase } from './migrate';
import { rowsOf } from './rows';
import type { ReplicaState } from './read';

const hasPostgres =
	existsSync('/usr/lib/postgresql') &&
	readdirSync('/usr/lib/postgresql').some((v) =>
		existsSync(`/usr/lib/postgresql/${v}/bin/pg_basebackup`)
	);
const PORT = Number(process.env.REPLICA_TEST_PORT ?? 5463);
const TODAY = '2026-12-07';
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * A rule with nothing required, so every tracked person is qualified, and a secretary in each
 * of the province's four cells: the figures are then head counts.
 */
async function trackedProvince(db: Db) {
	const tree = await buildProvince(db);
	for (const cell of [tree.tl1, tree.tl2, tree.hp1, tree.hp2]) {
		await createPerson(db, {
			orgUnitId: cell.id,
			fullName: `Bí thư ${cell.name}`,
			position: 'secretary'
		});
	}
	await ruleFor(db, tree.province);
	return tree;
}

async function ruleFor(db: Db, province: OrgUnit) {
	await db.insert(qualificationRuleVersions).values({
		orgUnitId: province.id,
		effectiveFrom: '2024-01-01',
		requiredModules: [],
		passPercent: 60,
		validityYears: 2,
		minTheoryLevel: null
	});
}

/** Where the work ran, and what it found there. */
const onServer = async (db: Db) =>
	rowsOf<{ recovery: boolean }>(await db.execute(sql`select pg_is_in_recovery() as recovery`))[0]
		.recovery
		? 'replica'
		: 'primary';
const found = async (db: Db, personId: number) =>
	rowsOf(await db.execute(sql`select 1 from people where id = ${personId}`)).length;

describe.skipIf(!hasPostgres)('DATABASE_READ_URL (a streaming replica)', () => {
	let cluster: PrivateCluster;
	let replica: Awaited<ReturnType<typeof addStreamingReplica>>;
	let database: Database;
	let replicaSql: postgres.Sql;
	const changes: ReplicaState[] = [];

	beforeAll(async () => {
		cluster = await createCluster(PORT, { wal_level: 'replica', max_wal_senders: '4' });
		const primary = await openDatabase({ driver: 'postgres', url: cluster.url, max: 2 });
		await migrateDatabase(primary);
		await primary.close();
		replica = await addStreamingReplica(cluster, PORT + 1);
		replicaSql = postgres(replica.url, { max: 1, onnotice: () => {} });
		database = await openDatabase(
			{
				driver: 'postgres',
				url: cluster.url,
				max: 4,
				replica: { url: replica.url, maxLagSeconds: 1 }
			},
			{ onReplicaChange: (s) => changes.push(s) }
		);
	}, 120_000);

	afterAll(async () => {
		await replicaSql?.end({ timeout: 1 });
		await database?.close();
		cluster?.remove();
	});

	/** Until the replica has replayed everything the primary has written so far. */
	async function caughtUp() {
		const [{ lsn }] = rowsOf<{ lsn: string }>(
			await database.db.execute(sql`select pg_current_wal_lsn()::text as lsn`)
		);
		for (let i = 0; i < 100; i++) {
			const [row] = await replicaSql<{ behind: boolean }[]>`
				select pg_last_wal_replay_lsn() < ${lsn}::pg_lsn as behind`;
			if (!row.behind) return;
			await sleep(100);
		}
		throw new Error('the replica did not catch up in 10 s');
	}

	it('serves the dashboard from the replica, with the same figures as the primary', async () => {
		const tree = await trackedProvince(database.db);
		const manager = await actorWith(database.db, [{ role: 'manager', unit: tree.tanLap }]);
		// As the route does: the summaries are brought up to date on the primary, then read.
		const unit = await dashboardUnit(database.db, manager, null);
		await refreshForDashboard(database.db, unit!, TODAY);
		await caughtUp();
		await sleep(2100); // past the last look (made before the writes)
		const fromReplica = await database.read(async (db) => ({
			server: await onServer(db),
			dashboard: await qualificationDashboard(db, manager, null, TODAY)
		}));
		expect(fromReplica.server).toBe('replica');
		const fromPrimary = await qualificationDashboard(database.db, manager, null, TODAY);
		expect(fromReplica.dashboard).toEqual(fromPrimary);
		expect(fromReplica.dashboard!.rollup.total.qualified).toBe(2);
		expect(changes.at(-1)).toMatchObject({ use: true });
	}, 60_000);

	it('reads summaries the replica has not seen refreshed yet without writing to it', async () => {
		const tree = await trackedProvince(database.db);
		const manager = await actorWith(database.db, [{ role: 'manager', unit: tree.tanLap }]);
		const unit = await dashboardUnit(database.db, manager, null);
		await refreshForDashboard(database.db, unit!, TODAY);
		const before = await qualificationDashboard(database.db, manager, null, TODAY);
		// A writer marks everyone; the replica replays the marks before the primary's next refresh.
		await peopleChanged(
			database.db,
			sql`select p.id from people p join org_units o on o.id = p.org_unit_id
				where o.path like ${`${unit!.path}%`}`
		);
		await caughtUp();
		await sleep(2100);
		const fromReplica = await database.read(async (db) => ({
			server: await onServer(db),
			dashboard: await qualificationDashboard(db, manager, null, TODAY)
		}));
		// Served by the replica (a write there would fail and send the read to the primary).
		expect(fromReplica.server).toBe('replica');
		expect(changes.at(-1)).toMatchObject({ use: true });
		expect(fromReplica.dashboard!.unit).toEqual(before!.unit);
	}, 60_000);

	it('reads from the primary while the replica lags, and from the replica again once it catches up', async () => {
		const tree = await buildProvince(database.db);
		await caughtUp();
		await replicaSql`select pg_wal_replay_pause()`;
		const late = await person(database.db, tree.tl1, 'Vũ Thị Muộn');
		await sleep(2100);
		const whileLagging = await database.read(async (db) => ({
			server: await onServer(db),
			found: await found(db, late.id)
		}));
		expect(whileLagging).toEqual({ server: 'primary', found: 1 });
		expect(changes.at(-1)).toMatchObject({ use: false, reason: 'lagging' });

		await replicaSql`select pg_wal_replay_resume()`;
		await caughtUp();
		await sleep(2100);
		const after = await database.read(async (db) => ({
			server: await onServer(db),
			found: await found(db, late.id)
		}));
		expect(after).toEqual({ server: 'replica', found: 1 });
	}, 60_000);

	it('keeps working on the primary while the replica is down, and says why', async () => {
		await replicaSql.end({ timeout: 1 });
		await replica.stop();
		await sleep(2100);
		const { province } = await trackedProvince(database.db);
		const manager = await actorWith(database.db, [{ role: 'manager', unit: province }]);
		const whileDown = await database.read(async (db) => ({
			server: await onServer(db),
			dashboard: await qualificationDashboard(db, manager, null, TODAY)
		}));
		expect(whileDown.server).toBe('primary');
		expect(whileDown.dashboard!.rollup.total.qualified).toBe(4);
		expect(changes.at(-1)).toMatchObject({ use: false, reason: 'unreachable' });

		await replica.start();
		replicaSql = postgres(replica.url, { max: 1, onnotice: () => {} });
		await caughtUp();
		let server = 'primary';
		for (let i = 0; i < 30 && server !== 'replica'; i++) {
			await sleep(500);
			server = await database.read(onServer);
		}
		expect(server).toBe('replica');
	}, 90_000);
});
