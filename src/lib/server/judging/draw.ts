import { randomBytes } from 'node:crypto';

/*
 * The draw by lot. A seed of 128 bits from the operating system's CSPRNG (crypto.randomBytes)
 * drives sfc32 (Chris Doty-Humphrey's Small Fast Counting generator, 128-bit state, from
 * PractRand), which picks an index into the pool of cards by rejection sampling, so every card of
 * the pool is equally likely (no modulo bias). The pool (card ids, ascending) and the seed are
 * stored with the draw: `pickFromPool(pool, seed)` gives the same card again for an audit.
 */

export const SEED_HEX_LENGTH = 32;

export function newSeed(): string {
	return randomBytes(SEED_HEX_LENGTH / 2).toString('hex');
}

/** sfc32 seeded from 32 hex digits; returns unsigned 32-bit integers. */
export function sfc32(seedHex: string): () => number {
	if (!new RegExp(`^[0-9a-f]{${SEED_HEX_LENGTH}}$`).test(seedHex)) {
		throw new Error('draw: the seed must be 32 lowercase hex digits');
	}
	let a = parseInt(seedHex.slice(0, 8), 16) >>> 0;
	let b = parseInt(seedHex.slice(8, 16), 16) >>> 0;
	let c = parseInt(seedHex.slice(16, 24), 16) >>> 0;
	let d = parseInt(seedHex.slice(24, 32), 16) >>> 0;
	const next = () => {
		const t = (((a + b) >>> 0) + d) >>> 0;
		d = (d + 1) >>> 0;
		a = b ^ (b >>> 9);
		b = (c + (c << 3)) >>> 0;
		c = ((c << 21) | (c >>> 11)) >>> 0;
		c = (c + t) >>> 0;
		return t;
	};
	// Mix the state before the first use (as the generator's author recommends).
	for (let i = 0; i < 15; i++) next();
	return next;
}

/** A uniform index in [0, n) from the generator, by rejection sampling. */
export function uniformIndex(next: () => number, n: number): number {
	if (!Number.isSafeInteger(n) || n < 1 || n > 2 ** 32) throw new Error('draw: bad pool size');
	const limit = Math.floor(2 ** 32 / n) * n;
	for (;;) {
		const x = next();
		if (x < limit) return x % n;
	}
}

/** The card the seed picks from the pool (ids in the stored order). */
export function pickFromPool(pool: readonly number[], seedHex: string): number {
	if (pool.length === 0) throw new Error('draw: empty pool');
	return pool[uniformIndex(sfc32(seedHex), pool.length)];
}

/**
 * The pool a finalist draws from: the contest's cards in use, minus those already drawn in this
 * round when `noRepeat` is set; ascending ids, so the stored pool and the seed reproduce the draw.
 */
export function drawPool(
	cardIds: readonly number[],
	drawn: readonly number[],
	noRepeat: boolean
): number[] {
	const used = new Set(noRepeat ? drawn : []);
	return [...new Set(cardIds)].filter((id) => !used.has(id)).sort((a, b) => a - b);
}
