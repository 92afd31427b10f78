import { answersPath, clockPath } from './addresses';
import { ESSAY_MAX_CHARS, essayLength } from './essay';
import type { ServerClock } from './server-clock';
import type { SaveResult } from './types';

/** One answer to send; `text` is an essay question's written answer (no options then). */
export type PendingSave = {
	position: number;
	seq: number;
	selected: number[];
	flagged: boolean;
	text?: string;
};

export type { SaveResult };

/** `no_reply`: a save got no answer within SAVE_TIMEOUT_MS (the server or its database is slow or down). */
export type SyncStatus =
	'saved' | 'pending' | 'saving' | 'offline' | 'no_reply' | 'signed_out' | 'closed';

/** Statuses that say answers are not saved yet; only a successful save clears them. */
const TROUBLE: SyncStatus[] = ['offline', 'no_reply', 'signed_out'];

export type SyncHandlers = {
	/** The server holds a newer answer than this page (another tab): show the server's. */
	onNewer: (
		position: number,
		selected: number[],
		flagged: boolean,
		seq: number,
		text?: string
	) => void;
	/** The attempt no longer takes answers (time is up, or it was submitted elsewhere). */
	onClosed: (message: string | null) => void;
	/** The server's number for this question's next change (after a renumbered save). */
	onRenumbered?: (position: number, seq: number) => void;
	/**
	 * The server refused this answer (it does not fit the question, or an essay is over the limit:
	 * `message` says the limit): the page must say so.
	 */
	onRefused?: (position: number, message?: string) => void;
	/** `status` or `unsaved` changed: the page shows them. */
	onChange?: () => void;
};

/** Where unacknowledged answers wait, so a reload or a lost connection keeps them. */
export type PendingStore = {
	load(): PendingSave[];
	save(pending: PendingSave[]): void;
	clear(): void;
};

export function localPendingStore(attemptId: string): PendingStore {
	const key = `bt-attempt:${attemptId}`;
	return {
		load() {
			try {
				const parsed = JSON.parse(localStorage.getItem(key) ?? '[]');
				return Array.isArray(parsed) ? (parsed as PendingSave[]) : [];
			} catch {
				return [];
			}
		},
		save(pending) {
			try {
				if (pending.length === 0) localStorage.removeItem(key);
				else localStorage.setItem(key, JSON.stringify(pending));
			} catch {
				// Private browsing or a full quota: the answers stay in memory only.
			}
		},
		clear() {
			try {
				localStorage.removeItem(key);
			} catch {
				// See above.
			}
		}
	};
}

const DEBOUNCE_MS = 400;
const MAX_RETRY_MS = 15_000;
/**
 * How long a save may take before the page says "not saved yet" and tries again later. The answer
 * stays queued, with the same sequence number: if the slow save did commit, sending it again is
 * harmless (the server answers "stale" with the same values), and the submit carries every answer
 * still queued, so a save that commits late is never left out of the score.
 */
export const SAVE_TIMEOUT_MS = 5_000;

/**
 * Autosave for one attempt. Every change is queued (newest per question, with its sequence
 * number) and kept in local storage until the server acknowledges it; the queue is sent after a
 * short pause, again after a failure with growing delays, and at once when the connection comes
 * back. A 409 means the attempt is closed; a 401 that the session ended (the queue is kept for
 * after signing in again).
 */
export class AttemptSync {
	#status: SyncStatus = 'saved';
	#pending = new Map<number, PendingSave>();
	#inflight: Promise<void> | null = null;
	#debounce: ReturnType<typeof setTimeout> | undefined;
	#retry: ReturnType<typeof setTimeout> | undefined;
	#retryDelay = 1000;
	// Questions whose save was renumbered once already (a second refusal is reported, not retried).
	#renumbered = new Set<number>();

	private readonly url: string;
	private readonly clockUrl: string;

	constructor(
		attemptId: string,
		private readonly clock: ServerClock,
		private readonly store: PendingStore,
		private readonly handlers: SyncHandlers,
		private readonly send: typeof fetch = (...args) => fetch(...args)
	) {
		this.url = answersPath(attemptId);
		this.clockUrl = clockPath(attemptId);
	}

	get status(): SyncStatus {
		return this.#status;
	}

	#setStatus(status: SyncStatus) {
		if (status === this.#status) return;
		this.#status = status;
		this.handlers.onChange?.();
	}

	/** Answers not acknowledged by the server yet. */
	get unsaved(): number {
		return this.#pending.size;
	}

	/** The heartbeat: re-syncs the clock and notices an attempt closed by the server. */
	async heartbeat() {
		if (this.status === 'closed') return;
		const sentAt = performance.now();
		try {
			const response = await this.send(this.clockUrl, { headers: { accept: 'application/json' } });
			if (response.status === 401) return this.#failed('signed_out', false);
			if (!response.ok) return;
			const body = await response.json();
			this.clock.sync(body.serverNow, sentAt, performance.now());
			if (body.status === 'finished') this.close(null);
			else if (this.status === 'offline' || this.status === 'signed_out') this.retryNow();
		} catch {
			if (this.#pending.size > 0) this.#setStatus('offline');
		}
	}

	/** Answers from a previous page load that the server never acknowledged (newer than its own). */
	restore(serverSeq: (position: number) => number | undefined): PendingSave[] {
		const restored = this.store
			.load()
			.filter((p) => p.seq > (serverSeq(p.position) ?? Number.POSITIVE_INFINITY));
		for (const p of restored) this.#pending.set(p.position, p);
		this.#changed();
		if (restored.length > 0) this.schedule(0);
		return restored;
	}

	queue(save: PendingSave) {
		if (this.status === 'closed') return;
		this.#pending.set(save.position, save);
		this.#changed();
		this.schedule(DEBOUNCE_MS);
	}

	/** The answers not acknowledged yet (the submit carries them: see SAVE_TIMEOUT_MS). */
	get pendingSaves(): PendingSave[] {
		return [...this.#pending.values()];
	}

	get hasUnsaved() {
		return this.#pending.size > 0 || this.#inflight !== null;
	}

	schedule(delay: number) {
		clearTimeout(this.#debounce);
		this.#debounce = setTimeout(() => void this.flush(), delay);
	}

	/** Sends everything queued; resolves true once nothing is left unacknowledged. */
	async flush(): Promise<boolean> {
		clearTimeout(this.#debounce);
		while (this.#inflight) await this.#inflight;
		if (this.#pending.size === 0 || this.status === 'closed') return this.#pending.size === 0;
		this.#inflight = this.#sendBatch([...this.#pending.values()]);
		try {
			await this.#inflight;
		} finally {
			this.#inflight = null;
		}
		return this.#pending.size === 0;
	}

	/** Retry now (the connection came back, or the learner signed in again). */
	retryNow() {
		clearTimeout(this.#retry);
		this.#retryDelay = 1000;
		if (this.#pending.size > 0) void this.flush();
		else if (TROUBLE.includes(this.status)) this.#setStatus('saved');
	}

	/** The last chance when the page is hidden or closed: a request that outlives the page. */
	sendOnExit() {
		if (this.#pending.size === 0 || this.status === 'closed') return;
		void this.send(this.url, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({ saves: [...this.#pending.values()] }),
			keepalive: true
		}).catch(() => {});
	}

	close(message: string | null) {
		this.#setStatus('closed');
		this.#pending.clear();
		this.store.clear();
		clearTimeout(this.#debounce);
		clearTimeout(this.#retry);
		this.handlers.onChange?.();
		this.handlers.onClosed(message);
	}

	dispose() {
		clearTimeout(this.#debounce);
		clearTimeout(this.#retry);
	}

	#changed() {
		this.store.save([...this.#pending.values()]);
		if (this.status !== 'closed' && !TROUBLE.includes(this.status)) {
			this.#setStatus(this.#pending.size > 0 ? 'pending' : 'saved');
		}
		this.handlers.onChange?.();
	}

	async #sendBatch(batch: PendingSave[]) {
		if (!TROUBLE.includes(this.status)) this.#setStatus('saving');
		const sentAt = performance.now();
		const timeout = new AbortController();
		const timer = setTimeout(() => timeout.abort(), SAVE_TIMEOUT_MS);
		let response: Response;
		let body: {
			error?: string;
			message?: string;
			serverNow: string;
			results: SaveResult[];
		} | null;
		try {
			response = await this.send(this.url, {
				method: 'POST',
				headers: { 'content-type': 'application/json' },
				body: JSON.stringify({ saves: batch }),
				signal: timeout.signal
			});
			body = await response.json().catch(() => null);
		} catch {
			body = null;
			response = Response.error();
		} finally {
			clearTimeout(timer);
		}
		// The reply (or the rest of it) did not come in time: whatever arrived is not trusted.
		if (timeout.signal.aborted) return this.#failed('no_reply');
		if (response.type === 'error') return this.#failed('offline');
		if (response.status === 409) return this.close(body?.message ?? null);
		if (response.status === 401) return this.#failed('signed_out', false);
		if (response.status === 400 && body?.error === 'text_too_long') {
			return this.#tooLong(batch, body.message);
		}
		if (!response.ok || !body) return this.#failed('offline');

		this.clock.sync(body.serverNow, sentAt, performance.now());
		const sent = new Map(batch.map((p) => [p.position, p.seq]));
		for (const result of body.results) {
			const waiting = this.#pending.get(result.position);
			const sentSeq = sent.get(result.position);
			// A change made while this batch was on its way stays queued.
			if (!waiting || sentSeq === undefined || waiting.seq > sentSeq) continue;
			if (result.status === 'invalid') {
				// Numbered further ahead than the server takes (a tampered or corrupted queue):
				// renumber from the stored number and send again, once. Otherwise say it was refused.
				if (result.seq + 1 < sentSeq && !this.#renumbered.has(result.position)) {
					this.#renumbered.add(result.position);
					this.#pending.set(result.position, { ...waiting, seq: result.seq + 1 });
					this.handlers.onRenumbered?.(result.position, result.seq + 1);
					continue;
				}
				this.handlers.onRefused?.(result.position);
			}
			this.#pending.delete(result.position);
			if (result.status === 'stale' && result.selected !== undefined) {
				this.handlers.onNewer(
					result.position,
					result.selected ?? [],
					result.flagged ?? false,
					result.seq,
					result.text
				);
			}
		}
		this.#setStatus('saved');
		this.#retryDelay = 1000;
		this.#changed();
		if (this.#pending.size > 0) this.schedule(DEBOUNCE_MS);
	}

	/**
	 * An essay over the limit (the field's `maxlength` bypassed): sending it again would fail
	 * forever, so it leaves the queue (its text stays in the field) and the page says the limit;
	 * the rest of the batch is sent again.
	 */
	#tooLong(batch: PendingSave[], message: string | undefined) {
		for (const save of batch) {
			if (save.text === undefined || essayLength(save.text) <= ESSAY_MAX_CHARS) continue;
			if (this.#pending.get(save.position)?.seq !== save.seq) continue;
			this.#pending.delete(save.position);
			this.handlers.onRefused?.(save.position, message);
		}
		this.#setStatus('saved');
		this.#changed();
		if (this.#pending.size > 0) this.schedule(DEBOUNCE_MS);
	}

	#failed(status: 'offline' | 'no_reply' | 'signed_out', retry = true) {
		this.#setStatus(status);
		this.#changed();
		if (!retry) return;
		clearTimeout(this.#retry);
		this.#retry = setTimeout(() => void this.flush(), this.#retryDelay);
		this.#retryDelay = Math.min(this.#retryDelay * 2, MAX_RETRY_MS);
	}
}
