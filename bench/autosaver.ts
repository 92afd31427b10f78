// Candidates autosaving without pause, as the attempt page does: each change gets the next
// sequence number of its question and joins a queue (newest per question); the whole queue is
// sent, and kept until the server acknowledges it, however long the server is away.
import type { Candidate } from './app';
import { stats, type client, type Reply } from './http';

export type ErrorKind = 'refused' | 'reset' | '5xx' | 'timeout' | 'other';
type Save = { position: number; seq: number; selected: number[]; flagged: boolean };
type Result = { position: number; status: 'saved' | 'stale' | 'invalid'; seq: number };

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function kindOf(error: unknown): ErrorKind {
	const code = (error as { code?: string }).code;
	if (code === 'ECONNREFUSED') return 'refused';
	if (code === 'ECONNRESET' || code === 'EPIPE' || /socket hang up/.test(String(error))) {
		return 'reset';
	}
	return 'other';
}

export function autosaver(
	http: ReturnType<typeof client>,
	origin: string,
	candidates: Candidate[],
	options: { questions: number; thinkMs: number; retryMs: number; timeoutMs: number }
) {
	/** Per candidate, per position: the highest sequence number the server acknowledged. */
	const acked = candidates.map(() => new Map<number, number>());
	const pending = candidates.map(() => new Map<number, Save>());
	const counts = { sent: 0, ok: 0, savesSent: 0, savesAcknowledged: 0, invalid: 0 };
	/** Outcomes by the window the request was sent in (`steady`, or a step of an outage). */
	const windows: Record<string, Record<ErrorKind | 'ok' | 'longestOkMs', number>> = {};
	/** Replies per second of arrival: what the candidates saw, outages included. */
	const timeline: { ok: number; errors: number }[] = [];
	/** How long each acknowledged request took: during an outage, saves may wait for the database. */
	const latencies: number[] = [];
	let window = 'steady';
	let adding = true;
	let running = true;
	type Waiter = { since: number; by: 'arrival' | 'sending'; resolve: (at: number) => void };
	let waiters: Waiter[] = [];
	const startedAt = performance.now();

	const second = () =>
		(timeline[Math.floor((performance.now() - startedAt) / 1000)] ??= {
			ok: 0,
			errors: 0
		});

	const tally = (name: string) =>
		(windows[name] ??= {
			ok: 0,
			longestOkMs: 0,
			refused: 0,
			reset: 0,
			'5xx': 0,
			timeout: 0,
			other: 0
		});

	function failed(sentIn: string, kind: ErrorKind) {
		tally(sentIn)[kind]++;
		second().errors++;
		return false;
	}

	function acknowledged(c: number, results: Result[], sentIn: string, sentAt: number) {
		const arrivedAt = performance.now();
		latencies.push(arrivedAt - sentAt);
		const during = tally(sentIn);
		during.ok++;
		during.longestOkMs = Math.max(during.longestOkMs, Math.round(arrivedAt - sentAt));
		second().ok++;
		counts.ok++;
		for (const r of results) {
			if (r.status === 'invalid') {
				counts.invalid++;
				continue;
			}
			if (r.status === 'saved') counts.savesAcknowledged++;
			acked[c].set(r.position, Math.max(acked[c].get(r.position) ?? 0, r.seq));
			const queued = pending[c].get(r.position);
			if (queued && queued.seq <= r.seq) pending[c].delete(r.position);
		}
		const isDue = (w: Waiter) => (w.by === 'arrival' ? arrivedAt : sentAt) >= w.since;
		const due = waiters.filter(isDue);
		waiters = waiters.filter((w) => !isDue(w));
		for (const w of due) w.resolve(arrivedAt);
	}

	/** Sends the candidate's queue once; true when the server acknowledged it (200). */
	async function flush(c: number) {
		const saves = [...pending[c].values()];
		if (saves.length === 0) return true;
		const cand = candidates[c];
		const sentAt = performance.now();
		const sentIn = window;
		counts.sent++;
		counts.savesSent += saves.length;
		let timer: ReturnType<typeof setTimeout> | undefined;
		// A reply after the timeout is ignored: never counted as acknowledged.
		const timeout = new Promise<'timeout'>(
			(resolve) => (timer = setTimeout(() => resolve('timeout'), options.timeoutMs))
		);
		const reply: Reply | 'timeout' | { error: unknown } = await Promise.race([
			http
				.request('POST', `/attempts/${cand.attemptId}/answers`, {
					headers: { 'content-type': 'application/json', origin, cookie: cand.cookie },
					body: JSON.stringify({ saves })
				})
				.catch((error: unknown) => ({ error })),
			timeout
		]);
		clearTimeout(timer);
		if (reply === 'timeout') return failed(sentIn, 'timeout');
		if ('error' in reply) return failed(sentIn, kindOf(reply.error));
		if (reply.status !== 200) return failed(sentIn, reply.status >= 500 ? '5xx' : 'other');
		acknowledged(c, (JSON.parse(reply.body) as { results: Result[] }).results, sentIn, sentAt);
		return true;
	}

	async function candidateLoop(c: number) {
		const seqs = new Map<number, number>();
		for (let change = c; running; change++) {
			if (adding) {
				const position = (change % options.questions) + 1;
				const seq = (seqs.get(position) ?? 0) + 1;
				seqs.set(position, seq);
				pending[c].set(position, { position, seq, selected: [seq % 2], flagged: seq % 5 === 0 });
			} else if (pending[c].size === 0) return;
			const ok = await flush(c);
			await sleep(ok ? options.thinkMs : options.retryMs);
		}
	}

	let loops: Promise<void[]> | null = null;
	return {
		acked,
		counts,
		windows,
		timeline,
		latency: () => stats(latencies),
		start: () => void (loops = Promise.all(candidates.map((_, c) => candidateLoop(c)))),
		/** Requests sent from now on are counted under this name. */
		setWindow: (name: string) => void (window = name),
		/**
		 * When the first 200 arrives at `since` (performance.now()) or later, to any request
		 * (`arrival`: one held through an outage counts) or to one sent since then (`sending`).
		 */
		firstOkSince: (since: number, by: Waiter['by']) =>
			new Promise<number>((resolve) => waiters.push({ since, by, resolve })),
		/** No new changes; the candidates send what is queued until acknowledged, or `ms` pass. */
		async drain(ms: number) {
			adding = false;
			const giveUp = setTimeout(() => (running = false), ms);
			await loops;
			clearTimeout(giveUp);
			running = false;
			return pending.reduce((n, p) => n + p.size, 0);
		}
	};
}
