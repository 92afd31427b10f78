// Read-heavy work (dashboards, exports) on an optional streaming replica (DATABASE_READ_URL), with
// the primary as the fallback whenever the replica is unreachable or further behind than allowed.
import type { Db } from './client';

/** Runs read-only work on the best database for it; the callback may run twice (replica, then primary). */
export type Reader = <T>(work: (db: Db) => Promise<T>) => Promise<T>;

/** What one look at the replica found. */
export type ReplicaState =
	| { use: true; lagSeconds: number }
	| { use: false; reason: 'unreachable' | 'not_replica' | 'lagging'; detail: string };

export interface ReplicaProbe {
	/** The primary's current WAL position (text, e.g. '0/3000148'). */
	primaryLsn(): Promise<string>;
	/** On the replica: whether it is in recovery, what it has replayed, and its last replayed commit's age. */
	replicaStatus(): Promise<{
		recovery: boolean;
		replayLsn: string | null;
		replayAge: number | null;
	}>;
}

/** A WAL position as a number of bytes (two 32-bit hex halves). */
export function lsnBytes(lsn: string) {
	const [high, low] = lsn.split('/');
	return BigInt(`0x${high}`) * 2n ** 32n + BigInt(`0x${low}`);
}

/**
 * How far behind the replica is. A replica that has replayed up to the primary's position (taken
 * just before) is not behind at all, however old its last commit (an idle primary commits nothing);
 * otherwise the age of its last replayed commit is how long it has been behind.
 */
export async function inspectReplica(probe: ReplicaProbe, maxLagSeconds: number) {
	let status: Awaited<ReturnType<ReplicaProbe['replicaStatus']>>;
	let primary: string;
	try {
		primary = await probe.primaryLsn();
		status = await probe.replicaStatus();
	} catch (e) {
		return { use: false, reason: 'unreachable', detail: (e as Error).message } as const;
	}
	if (!status.recovery || status.replayLsn === null) {
		return { use: false, reason: 'not_replica', detail: 'pg_is_in_recovery() is false' } as const;
	}
	const lagSeconds =
		lsnBytes(status.replayLsn) >= lsnBytes(primary) ? 0 : Math.max(0, status.replayAge ?? Infinity);
	if (lagSeconds > maxLagSeconds) {
		return {
			use: false,
			reason: 'lagging',
			detail: `${Number.isFinite(lagSeconds) ? lagSeconds.toFixed(1) : 'unknown'} s behind (at most ${maxLagSeconds} s allowed)`
		} as const;
	}
	return { use: true, lagSeconds } as const;
}

export interface ReadRoutingOptions {
	primary: Db;
	replica: Db;
	probe: ReplicaProbe;
	/** Beyond this, reads go to the primary. */
	maxLagSeconds: number;
	/** How long one look at the replica stays valid. */
	checkEveryMs?: number;
	/** A look that takes longer counts as unreachable. */
	probeTimeoutMs?: number;
	now?: () => number;
	/** Told every change of where reads go (the app logs it). */
	onChange?: (state: ReplicaState) => void;
}

/** A Reader that sends work to the replica while it is fit for it and to the primary otherwise. */
export function readRouting(
	options: ReadRoutingOptions
): Reader & { state(): ReplicaState | null } {
	const now = options.now ?? Date.now;
	const checkEveryMs = options.checkEveryMs ?? 2000;
	const probeTimeoutMs = options.probeTimeoutMs ?? 1000;
	let state: ReplicaState | null = null;
	let checkedAt = -Infinity;
	let checking: Promise<ReplicaState> | null = null;

	const settle = (next: ReplicaState) => {
		const changed =
			state === null ||
			state.use !== next.use ||
			(!state.use && !next.use && state.reason !== next.reason);
		state = next;
		checkedAt = now();
		if (changed) options.onChange?.(next);
		return next;
	};
	const look = () =>
		(checking ??= Promise.race([
			inspectReplica(options.probe, options.maxLagSeconds),
			new Promise<ReplicaState>((resolve) =>
				setTimeout(
					() =>
						resolve({
							use: false,
							reason: 'unreachable',
							detail: `no answer in ${probeTimeoutMs} ms`
						}),
					probeTimeoutMs
				).unref?.()
			)
		])
			.then(settle)
			.finally(() => (checking = null)));

	const reader = async <T>(work: (db: Db) => Promise<T>): Promise<T> => {
		const current = state && now() - checkedAt < checkEveryMs ? state : await look();
		if (!current.use) return work(options.primary);
		try {
			return await work(options.replica);
		} catch (e) {
			// A replica that fails mid-query (stopped, cancelled by a recovery conflict …) is looked at
			// again at once; the work is redone on the primary, whose error, if any, is the one raised.
			settle({ use: false, reason: 'unreachable', detail: (e as Error).message });
			return work(options.primary);
		}
	};
	return Object.assign(reader, { state: () => state });
}

/** Without a replica every read goes to the one database. */
export const readFrom =
	(db: Db): Reader =>
	(work) =>
		work(db);
