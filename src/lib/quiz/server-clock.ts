/**
 * The server's time as seen from the browser. The browser's own clock (Date) is never used: the
 * estimate is the server time of the last sync plus the time elapsed since on the monotonic
 * `performance.now()`, so moving the computer's clock changes nothing. Each sync takes the
 * midpoint of the request's round trip, and keeps the previous estimate when a slow round trip
 * would make it less precise.
 */
export class ServerClock {
	#base: number;
	#uncertainty: number;
	#now: () => number;

	constructor(serverNowIso: string, monotonicNow: () => number = () => performance.now()) {
		this.#now = monotonicNow;
		this.#base = Date.parse(serverNowIso) - this.#now();
		// The page was rendered some unknown time before it ran: trust the first round trip more.
		this.#uncertainty = Number.POSITIVE_INFINITY;
	}

	/** The server's current time in epoch milliseconds. */
	now(): number {
		return this.#now() + this.#base;
	}

	/** A sample: the server said `serverNowIso` while a request sent at `sentAt` came back at `receivedAt`. */
	sync(serverNowIso: string, sentAt: number, receivedAt: number) {
		const server = Date.parse(serverNowIso);
		if (!Number.isFinite(server) || receivedAt < sentAt) return;
		const halfTrip = (receivedAt - sentAt) / 2;
		// A much slower sample than the best so far would only add noise.
		if (halfTrip > this.#uncertainty * 4 + 50) return;
		this.#base = server - (sentAt + halfTrip);
		this.#uncertainty = Math.min(this.#uncertainty, halfTrip);
	}

	/** Milliseconds left until `deadlineIso` on the server's clock (negative once past). */
	remaining(deadlineIso: string): number {
		return Date.parse(deadlineIso) - this.now();
	}
}

/** 75 → "01:15"; 3725 → "1:02:05". */
export function formatRemaining(ms: number): string {
	const total = Math.max(0, Math.ceil(ms / 1000));
	const h = Math.floor(total / 3600);
	const m = Math.floor((total % 3600) / 60);
	const s = total % 60;
	const mm = String(m).padStart(2, '0');
	const ss = String(s).padStart(2, '0');
	return h > 0 ? `${h}:${mm}:${ss}` : `${mm}:${ss}`;
}
