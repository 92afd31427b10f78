import { describe, expect, it } from 'vitest';
import type { Db } from './client';
import {
	inspectReplica,
	lsnBytes,
	readRouting,
	type ReplicaProbe,
	type ReplicaState
} from './read';

const primary = { name: 'primary' } as unknown as Db;
const replica = { name: 'replica' } as unknown as Db;
const nameOf = (db: Db) => (db as unknown as { name: string }).name;

/** A replica whose answers the test sets. */
function fakeProbe(initial: Partial<Awaited<ReturnType<ReplicaProbe['replicaStatus']>>> = {}) {
	const state = {
		primaryLsn: '0/3000148',
		status: { recovery: true, replayLsn: '0/3000148', replayAge: 500, ...initial } as {
			recovery: boolean;
			replayLsn: string | null;
			replayAge: number | null;
		},
		down: false,
		looks: 0
	};
	const probe: ReplicaProbe = {
		primaryLsn: async () => state.primaryLsn,
		replicaStatus: async () => {
			state.looks++;
			if (state.down) throw new Error('connect ECONNREFUSED 127.0.0.1:5464');
			return state.status;
		}
	};
	return { state, probe };
}

describe('lsnBytes', () => {
	it('reads both halves of a WAL position', () => {
		expect(lsnBytes('0/3000148')).toBe(0x3000148n);
		expect(lsnBytes('1/0')).toBe(2n ** 32n);
		expect(lsnBytes('1/10') > lsnBytes('0/FFFFFFFF')).toBe(true);
	});
});

describe('inspectReplica', () => {
	it('a replica that has replayed everything is not behind, however old its last commit', async () => {
		const { probe } = fakeProbe({ replayAge: 3600 });
		expect(await inspectReplica(probe, 30)).toEqual({ use: true, lagSeconds: 0 });
	});

	it('a replica behind the primary is as far behind as its last replayed commit is old', async () => {
		const { probe, state } = fakeProbe({ replayLsn: '0/3000000', replayAge: 12.5 });
		expect(await inspectReplica(probe, 30)).toEqual({ use: true, lagSeconds: 12.5 });
		state.status.replayAge = 45;
		expect(await inspectReplica(probe, 30)).toMatchObject({ use: false, reason: 'lagging' });
		state.status.replayAge = null;
		expect(await inspectReplica(probe, 30)).toMatchObject({ use: false, reason: 'lagging' });
	});

	it('refuses a server that is not in recovery (DATABASE_READ_URL naming a primary)', async () => {
		const { probe } = fakeProbe({ recovery: false, replayLsn: null });
		expect(await inspectReplica(probe, 30)).toMatchObject({ use: false, reason: 'not_replica' });
	});

	it('an unreachable replica is reported with the error', async () => {
		const { probe, state } = fakeProbe();
		state.down = true;
		expect(await inspectReplica(probe, 30)).toEqual({
			use: false,
			reason: 'unreachable',
			detail: 'connect ECONNREFUSED 127.0.0.1:5464'
		});
	});
});

describe('readRouting', () => {
	function setup() {
		const fake = fakeProbe();
		let clock = 0;
		const changes: ReplicaState[] = [];
		const read = readRouting({
			primary,
			replica,
			probe: fake.probe,
			maxLagSeconds: 30,
			checkEveryMs: 2000,
			now: () => clock,
			onChange: (s) => changes.push(s)
		});
		return { ...fake, read, changes, tick: (ms: number) => (clock += ms) };
	}

	it('reads from the replica while it is fit, looking at it at most once per interval', async () => {
		const { read, state, changes } = setup();
		expect(await read(async (db) => nameOf(db))).toBe('replica');
		expect(await read(async (db) => nameOf(db))).toBe('replica');
		expect(state.looks).toBe(1);
		expect(changes).toEqual([{ use: true, lagSeconds: 0 }]);
	});

	it('moves to the primary when the replica lags and back when it catches up, telling each change once', async () => {
		const { read, state, changes, tick } = setup();
		await read(async () => null);
		state.status = { recovery: true, replayLsn: '0/1', replayAge: 60 };
		tick(2000);
		expect(await read(async (db) => nameOf(db))).toBe('primary');
		tick(2000);
		expect(await read(async (db) => nameOf(db))).toBe('primary');
		state.status = { recovery: true, replayLsn: '0/3000148', replayAge: 60 };
		tick(2000);
		expect(await read(async (db) => nameOf(db))).toBe('replica');
		expect(changes.map((c) => (c.use ? 'replica' : c.reason))).toEqual([
			'replica',
			'lagging',
			'replica'
		]);
	});

	it('a query that fails on the replica is redone on the primary, and the replica is left alone for an interval', async () => {
		const { read, changes, tick } = setup();
		const ran: string[] = [];
		const result = await read(async (db) => {
			ran.push(nameOf(db));
			if (nameOf(db) === 'replica')
				throw new Error('terminating connection due to administrator command');
			return 42;
		});
		expect(result).toBe(42);
		expect(ran).toEqual(['replica', 'primary']);
		expect(changes.at(-1)).toMatchObject({ use: false, reason: 'unreachable' });
		tick(1000);
		expect(await read(async (db) => nameOf(db))).toBe('primary');
		tick(1000);
		expect(await read(async (db) => nameOf(db))).toBe('replica');
	});

	it("the primary's own error is the one raised", async () => {
		const { read } = setup();
		await expect(
			read(async (db) => {
				throw new Error(`broken on ${nameOf(db)}`);
			})
		).rejects.toThrow('broken on primary');
	});

	it('a replica that does not answer the look in time counts as unreachable', async () => {
		const changes: ReplicaState[] = [];
		const read = readRouting({
			primary,
			replica,
			probe: { primaryLsn: async () => '0/1', replicaStatus: () => new Promise(() => {}) },
			maxLagSeconds: 30,
			probeTimeoutMs: 20,
			onChange: (s) => changes.push(s)
		});
		expect(await read(async (db) => nameOf(db))).toBe('primary');
		expect(changes).toEqual([{ use: false, reason: 'unreachable', detail: 'no answer in 20 ms' }]);
	});
});
