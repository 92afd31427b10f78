import { and, gt, inArray, sql } from 'drizzle-orm';
import type { DbOrTx } from '../db/client';
import { loginThrottle } from '../db/schema';

/**
 * Failed-login limits, stored in the database so they hold across app instances. Each key allows
 * `limit` failures per `windowMs`; the next attempt is refused until the window ends, so a block
 * never lasts longer than one window after the attacker stops.
 */
export const THROTTLE_RULES = {
	/** Per client address, across all accounts: slows password spraying. */
	ip: { limit: 30, windowMs: 15 * 60_000 },
	/** Per account from unknown devices: at most 40 guesses an hour, from anywhere. */
	acct: { limit: 10, windowMs: 15 * 60_000 },
	/** Per known device of an account: its owner keeps their own allowance during an attack. */
	dev: { limit: 10, windowMs: 15 * 60_000 }
} as const;

export type ThrottleKind = keyof typeof THROTTLE_RULES;
export type ThrottleKey = { kind: ThrottleKind; id: string };

const keyOf = (k: ThrottleKey) => `${k.kind}:${k.id}`;

/** The latest `blocked_until` among the keys, or null when every key may try. */
export async function throttledUntil(
	db: DbOrTx,
	keys: ThrottleKey[],
	now = new Date()
): Promise<Date | null> {
	const rows = await db
		.select({ blockedUntil: loginThrottle.blockedUntil })
		.from(loginThrottle)
		.where(and(inArray(loginThrottle.key, keys.map(keyOf)), gt(loginThrottle.blockedUntil, now)));
	let latest: Date | null = null;
	for (const r of rows)
		if (r.blockedUntil && (!latest || r.blockedUntil > latest)) latest = r.blockedUntil;
	return latest;
}

/** Counts one failure on each key in one statement per key; opens a new window when the old one ended. */
export async function recordLoginFailure(db: DbOrTx, keys: ThrottleKey[], now = new Date()) {
	for (const k of keys) {
		const { limit, windowMs } = THROTTLE_RULES[k.kind];
		// Raw sql`` parameters must be ISO strings: postgres.js (as set up by Drizzle) rejects Date objects.
		const windowOpenedBefore = new Date(now.getTime() - windowMs).toISOString();
		const expired = sql`${loginThrottle.windowStart} <= ${windowOpenedBefore}`;
		const failures = sql`case when ${expired} then 1 else ${loginThrottle.failures} + 1 end`;
		const windowStart = sql`case when ${expired} then ${now.toISOString()}::timestamptz else ${loginThrottle.windowStart} end`;
		await db
			.insert(loginThrottle)
			.values({
				key: keyOf(k),
				windowStart: now,
				failures: 1,
				blockedUntil: limit <= 1 ? new Date(now.getTime() + windowMs) : null
			})
			.onConflictDoUpdate({
				target: loginThrottle.key,
				set: {
					failures,
					windowStart,
					blockedUntil: sql`case when ${failures} >= ${limit} then ${windowStart} + make_interval(secs => ${windowMs / 1000}) else null end`
				}
			});
	}
}

/** Clears the account's counters after a successful sign-in (never the address counter). */
export async function clearLoginFailures(db: DbOrTx, keys: ThrottleKey[]) {
	if (keys.length === 0) return;
	await db.delete(loginThrottle).where(inArray(loginThrottle.key, keys.map(keyOf)));
}
