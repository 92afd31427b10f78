import { afterEach, describe, expect, it, vi } from 'vitest';
import { AttemptSync, SAVE_TIMEOUT_MS, type PendingSave, type PendingStore } from './attempt-sync';
import { ServerClock } from './server-clock';

function memoryStore(initial: PendingSave[] = []): PendingStore & { items: PendingSave[] } {
	return {
		items: initial,
		load() {
			return this.items;
		},
		save(p) {
			this.items = p;
		},
		clear() {
			this.items = [];
		}
	};
}

type Reply = { status: number; body: unknown } | 'network-error';

/** A fake server: records requests and answers from a script (default: everything saved). */
function fakeServer(script: Reply[] = []) {
	const requests: PendingSave[][] = [];
	const send = vi.fn(async (_url: string | URL | Request, init?: RequestInit) => {
		const saves = JSON.parse(String(init?.body)).saves as PendingSave[];
		requests.push(saves);
		const reply = script.shift() ?? {
			status: 200,
			body: {
				serverNow: new Date().toISOString(),
				results: saves.map((s) => ({ position: s.position, status: 'saved', seq: s.seq }))
			}
		};
		if (reply === 'network-error') throw new TypeError('Failed to fetch');
		return new Response(JSON.stringify(reply.body), { status: reply.status });
	});
	return { send: send as unknown as typeof fetch, requests };
}

const answer = (position: number, seq: number, selected = [0]): PendingSave => ({
	position,
	seq,
	selected,
	flagged: false
});

function setup(script: Reply[] = [], stored: PendingSave[] = []) {
	const store = memoryStore(stored);
	const server = fakeServer(script);
	const onNewer = vi.fn();
	const onClosed = vi.fn();
	const sync = new AttemptSync(
		'a1',
		new ServerClock(new Date().toISOString()),
		store,
		{ onNewer, onClosed },
		server.send
	);
	return { sync, store, server, onNewer, onClosed };
}

describe('AttemptSync', () => {
	afterEach(() => vi.useRealTimers());

	it('debounces changes, sends the newest per question, and forgets them once acknowledged', async () => {
		vi.useFakeTimers();
		const { sync, store, server } = setup();
		sync.queue(answer(1, 1, [0]));
		sync.queue(answer(1, 2, [1]));
		sync.queue(answer(2, 1, [3]));
		expect(sync.status).toBe('pending');
		expect(store.items).toHaveLength(2);
		await vi.advanceTimersByTimeAsync(500);
		expect(server.requests).toEqual([[answer(1, 2, [1]), answer(2, 1, [3])]]);
		expect(sync.status).toBe('saved');
		expect(sync.unsaved).toBe(0);
		expect(store.items).toEqual([]);
	});

	it('offline: keeps the answers (also in storage), says so, and sends them when the connection returns', async () => {
		const { sync, store, server } = setup(['network-error', 'network-error']);
		sync.queue(answer(3, 1));
		expect(await sync.flush()).toBe(false);
		expect(sync.status).toBe('offline');
		sync.queue(answer(4, 1));
		expect(sync.status).toBe('offline');
		expect(await sync.flush()).toBe(false);
		expect(store.items.map((p) => p.position)).toEqual([3, 4]);
		sync.retryNow();
		expect(await sync.flush()).toBe(true);
		expect(server.requests.at(-1)).toEqual([answer(3, 1), answer(4, 1)]);
		expect(sync.status).toBe('saved');
		expect(store.items).toEqual([]);
		sync.dispose();
	});

	it('keeps a change made while its previous save was on the way', async () => {
		const { sync, server } = setup();
		sync.queue(answer(1, 1, [0]));
		const first = sync.flush();
		sync.queue(answer(1, 2, [1]));
		await first;
		expect(sync.unsaved).toBe(1);
		expect(await sync.flush()).toBe(true);
		expect(server.requests.map((r) => r[0].seq)).toEqual([1, 2]);
	});

	it('shows the server’s newer answer when a save was stale', async () => {
		const { sync, onNewer } = setup([
			{
				status: 200,
				body: {
					serverNow: new Date().toISOString(),
					results: [{ position: 2, status: 'stale', seq: 7, selected: [3], flagged: true }]
				}
			}
		]);
		sync.queue(answer(2, 5));
		expect(await sync.flush()).toBe(true);
		expect(onNewer).toHaveBeenCalledWith(2, [3], true, 7, undefined);
	});

	it('sends an essay’s text with its number, and shows the server’s newer text when it was stale', async () => {
		const { sync, onNewer, server } = setup([
			{
				status: 200,
				body: {
					serverNow: new Date().toISOString(),
					results: [
						{
							position: 1,
							status: 'stale',
							seq: 4,
							selected: [],
							flagged: false,
							text: 'từ thẻ khác'
						}
					]
				}
			}
		]);
		sync.queue({ position: 1, seq: 3, selected: [], flagged: false, text: 'bản này' });
		expect(await sync.flush()).toBe(true);
		expect(server.requests).toEqual([
			[{ position: 1, seq: 3, selected: [], flagged: false, text: 'bản này' }]
		]);
		expect(onNewer).toHaveBeenCalledWith(1, [], false, 4, 'từ thẻ khác');
	});

	it('drops an essay over the limit from the queue and says the limit, instead of retrying forever', async () => {
		const onRefused = vi.fn();
		const server = fakeServer([
			{ status: 400, body: { error: 'text_too_long', message: 'Tối đa 10.000 ký tự' } }
		]);
		const sync = new AttemptSync(
			'a1',
			new ServerClock(new Date().toISOString()),
			memoryStore(),
			{ onNewer: vi.fn(), onClosed: vi.fn(), onRefused },
			server.send
		);
		sync.queue({ position: 1, seq: 2, selected: [], flagged: false, text: 'x'.repeat(10_001) });
		sync.queue(answer(2, 1));
		expect(await sync.flush()).toBe(false);
		expect(onRefused).toHaveBeenCalledWith(1, 'Tối đa 10.000 ký tự');
		expect(sync.pendingSaves).toEqual([answer(2, 1)]);
		expect(await sync.flush()).toBe(true);
		expect(server.requests).toHaveLength(2);
		expect(server.requests[1]).toEqual([answer(2, 1)]);
		sync.dispose();
	});

	it('renumbers a save numbered too far ahead once, and reports a refusal instead of dropping it', async () => {
		const invalid = (seq: number) => ({
			status: 200,
			body: {
				serverNow: new Date().toISOString(),
				results: [{ position: 3, status: 'invalid', seq }]
			}
		});
		const onRenumbered = vi.fn();
		const onRefused = vi.fn();
		const server = fakeServer([invalid(4), invalid(4)]);
		const sync = new AttemptSync(
			'a1',
			new ServerClock(new Date().toISOString()),
			memoryStore(),
			{ onNewer: vi.fn(), onClosed: vi.fn(), onRenumbered, onRefused },
			server.send
		);
		sync.queue(answer(3, 2_000_000_000, [1]));
		expect(await sync.flush()).toBe(false);
		expect(onRenumbered).toHaveBeenCalledWith(3, 5);
		expect(sync.unsaved).toBe(1);
		// Sent again from the server's number; refused again: said, not retried for ever.
		expect(await sync.flush()).toBe(true);
		expect(server.requests.map((r) => r[0].seq)).toEqual([2_000_000_000, 5]);
		expect(onRefused).toHaveBeenCalledWith(3);
	});

	it('stops on 409 (attempt closed) with the server’s message, and on 401 keeps the answers', async () => {
		const closed = setup([{ status: 409, body: { error: 'closed', message: 'Hết giờ' } }]);
		closed.sync.queue(answer(1, 1));
		await closed.sync.flush();
		expect(closed.onClosed).toHaveBeenCalledWith('Hết giờ');
		expect(closed.sync.status).toBe('closed');
		expect(closed.store.items).toEqual([]);
		closed.sync.queue(answer(1, 2));
		expect(closed.sync.unsaved).toBe(0);

		const signedOut = setup([{ status: 401, body: { error: 'signed_out' } }]);
		signedOut.sync.queue(answer(1, 1));
		await signedOut.sync.flush();
		expect(signedOut.sync.status).toBe('signed_out');
		expect(signedOut.store.items).toEqual([answer(1, 1)]);
	});

	it('restores only stored answers newer than what the server has', async () => {
		const { sync, server } = setup([], [answer(1, 3), answer(2, 2), answer(3, 1)]);
		const server_seq = new Map([
			[1, 3],
			[2, 1],
			[3, 0]
		]);
		const restored = sync.restore((p) => server_seq.get(p));
		expect(restored.map((p) => p.position)).toEqual([2, 3]);
		expect(await sync.flush()).toBe(true);
		expect(server.requests[0].map((p) => p.position)).toEqual([2, 3]);
	});

	it('a save with no reply says "not saved yet" after SAVE_TIMEOUT_MS, keeps the answer, and sends it again', async () => {
		vi.useFakeTimers();
		const store = memoryStore();
		const requests: PendingSave[][] = [];
		let hang = true;
		// The database is down: the request is accepted and never answered (until aborted).
		const send = (async (_url: string | URL | Request, init?: RequestInit) => {
			const saves = JSON.parse(String(init?.body)).saves as PendingSave[];
			requests.push(saves);
			if (hang) {
				return new Promise<Response>((_resolve, reject) => {
					init?.signal?.addEventListener('abort', () => reject(init.signal?.reason));
				});
			}
			const results = saves.map((s) => ({ position: s.position, status: 'stale', seq: s.seq }));
			return new Response(JSON.stringify({ serverNow: new Date().toISOString(), results }));
		}) as typeof fetch;
		const sync = new AttemptSync(
			'a1',
			new ServerClock(new Date().toISOString()),
			store,
			{ onNewer: vi.fn(), onClosed: vi.fn() },
			send
		);
		sync.queue(answer(5, 3, [2]));
		await vi.advanceTimersByTimeAsync(500);
		expect(sync.status).toBe('saving');
		await vi.advanceTimersByTimeAsync(SAVE_TIMEOUT_MS);
		expect(sync.status).toBe('no_reply');
		expect(sync.unsaved).toBe(1);
		expect(sync.pendingSaves).toEqual([answer(5, 3, [2])]);
		expect(store.items).toEqual([answer(5, 3, [2])]);
		// The slow save did commit after all: sent again, the server says "stale" with the same number.
		hang = false;
		await vi.advanceTimersByTimeAsync(1000);
		expect(requests).toEqual([[answer(5, 3, [2])], [answer(5, 3, [2])]]);
		expect(sync.status).toBe('saved');
		expect(sync.pendingSaves).toEqual([]);
		sync.dispose();
	});
});
