import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { hashToken } from '../auth/token';
import { sessions } from '../db/schema';
import { describeEachDatabase } from '../testing/databases';
import { log } from '../log';
import { ESSAY_MAX_CHARS } from '../../quiz/essay';
import { AUTOSAVE_MAX_BODY_BYTES, readRequestBody, respondToAutosave } from './autosave';
import { createAutosaveHandler } from './autosave-node';
import { answer, autosaveWorld, saves, startServer } from './testing/autosave-server';

describeEachDatabase('quiz autosave answered in front of SvelteKit', ({ db }) => {
	let server: ReturnType<typeof startServer>;
	let secure: ReturnType<typeof startServer>;
	const ORIGIN = 'http://app.test';
	beforeAll(() => {
		server = startServer(createAutosaveHandler(db(), { origin: ORIGIN }));
		secure = startServer(createAutosaveHandler(db(), { origin: 'https://thi.example.vn' }));
	});
	afterAll(async () => {
		await server.close();
		await secure.close();
	});
	const { setup, storedSeq } = autosaveWorld(db);

	it('answers 200 with what it stored, after the commit, with no-store and the security headers', async () => {
		const { attemptId, token, path } = await setup();
		const before = Date.now();
		const r = await server.send({
			path,
			headers: { cookie: `bt_session=${token}`, origin: ORIGIN },
			body: saves(answer(1, 1), answer(1, 2))
		});
		expect(r.status).toBe(200);
		const body = JSON.parse(r.body);
		expect(body.results).toEqual([
			{ position: 1, status: 'saved', seq: 1 },
			{ position: 2, status: 'saved', seq: 1 }
		]);
		expect(Date.parse(body.serverNow)).toBeGreaterThanOrEqual(before);
		// Acknowledged means stored: the rows are there as soon as the reply is.
		expect(await storedSeq(attemptId, 1)).toBe(1);
		expect(await storedSeq(attemptId, 2)).toBe(1);
		expect(r.headers['content-type']).toBe('application/json');
		expect(r.headers['cache-control']).toBe('no-store');
		expect(r.headers['x-content-type-options']).toBe('nosniff');
		expect(r.headers['x-frame-options']).toBe('DENY');
		expect(r.headers['referrer-policy']).toBe('strict-origin-when-cross-origin');
		expect(r.headers['strict-transport-security']).toBeUndefined();

		const replay = await server.send({
			path,
			headers: { cookie: `bt_session=${token}` },
			body: saves(answer(1, 1))
		});
		expect(JSON.parse(replay.body).results).toEqual([
			{ position: 1, status: 'stale', seq: 1, selected: [0], flagged: false }
		]);
		const noSuchOption = await server.send({
			path,
			headers: { cookie: `bt_session=${token}` },
			body: saves({ position: 3, seq: 1, selected: [25], flagged: false })
		});
		expect(JSON.parse(noSuchOption.body).results).toEqual([
			{ position: 3, status: 'invalid', seq: 0 }
		]);
		expect(await storedSeq(attemptId, 3)).toBe(0);
	});

	it('answers 401 signed out (no cookie, unknown or expired session), in the chosen language', async () => {
		const { attemptId, token, path } = await setup();
		const none = await server.send({ path, body: saves(answer()) });
		expect(none.status).toBe(401);
		expect(JSON.parse(none.body)).toMatchObject({ error: 'signed_out' });
		expect(JSON.parse(none.body).message).toContain('đăng nhập lại');
		expect(none.headers['cache-control']).toBe('no-store');

		const english = await server.send({
			path,
			headers: { cookie: `PARAGLIDE_LOCALE=en; bt_session=${'a'.repeat(32)}` },
			body: saves(answer())
		});
		expect(english.status).toBe(401);
		expect(JSON.parse(english.body).message).toContain('Please sign in again');

		await db()
			.update(sessions)
			.set({ expiresAt: new Date(Date.now() - 1000) })
			.where(eq(sessions.id, hashToken(token)));
		const expired = await server.send({
			path,
			headers: { cookie: `bt_session=${token}` },
			body: saves(answer())
		});
		expect(expired.status).toBe(401);
		expect(await storedSeq(attemptId)).toBe(0);
	});

	it('answers 404 for another user’s attempt and stores nothing', async () => {
		const mine = await setup();
		const theirs = await setup();
		const r = await server.send({
			path: theirs.path,
			headers: { cookie: `bt_session=${mine.token}` },
			body: saves(answer())
		});
		expect(r.status).toBe(404);
		expect(JSON.parse(r.body)).toEqual({ error: 'not_found' });
		expect(await storedSeq(theirs.attemptId)).toBe(0);
	});

	it('logs every refusal (401, 403, 404) as the security log expects, on both paths alike', async () => {
		const mine = await setup();
		const theirs = await setup();
		const warn = vi.spyOn(log, 'warn');
		const refusals = () =>
			warn.mock.calls
				.map(([entry]) => entry as { event?: string; status?: number; path?: string })
				.filter((e) => e.event === 'access_refused')
				.map((e) => [e.status, e.path]);
		try {
			// In front of SvelteKit (production).
			await server.send({ path: mine.path, body: saves(answer()) });
			await server.send({
				path: mine.path,
				headers: { origin: 'https://evil.example' },
				body: saves(answer())
			});
			await server.send({
				path: theirs.path,
				headers: { cookie: `bt_session=${mine.token}` },
				body: saves(answer())
			});
			expect(refusals()).toEqual([
				[401, mine.path],
				[403, mine.path],
				[404, theirs.path]
			]);
			// The SvelteKit route's answer is the same function with a web Request: same log, same reply.
			warn.mockClear();
			const viaRoute = await respondToAutosave(
				db(),
				new Request(`${ORIGIN}${theirs.path}`, {
					method: 'POST',
					headers: { 'content-type': 'application/json', cookie: `bt_session=${mine.token}` },
					body: saves(answer())
				}),
				{ attemptId: theirs.attemptId, receivedAt: new Date(), ownHostOnly: false }
			);
			expect(viaRoute.status).toBe(404);
			expect(viaRoute.headers.get('cache-control')).toBe('no-store');
			expect(viaRoute.headers.get('x-content-type-options')).toBe('nosniff');
			expect(refusals()).toEqual([[404, theirs.path]]);
		} finally {
			warn.mockRestore();
		}
	});

	it('answers 413 to a body over the cap (128 KiB), declared or streamed, and 400 to a malformed one', async () => {
		const { attemptId, token, path } = await setup();
		const cookie = `bt_session=${token}`;
		const padding = 'x'.repeat(AUTOSAVE_MAX_BODY_BYTES + 1024);
		const huge = JSON.stringify({ saves: [answer()], padding });
		const declared = await server.send({ path, headers: { cookie }, body: huge });
		expect(declared.status).toBe(413);
		expect(JSON.parse(declared.body)).toEqual({ error: 'too_large' });
		const streamed = await server.send({ path, headers: { cookie }, body: huge, chunked: true });
		expect(streamed.status).toBe(413);

		for (const body of ['{"saves": [', '', '{"saves":[{"position":1,"seq":1}]}', '[]']) {
			const r = await server.send({ path, headers: { cookie }, body });
			expect(r.status, body).toBe(400);
			expect(JSON.parse(r.body)).toEqual({ error: 'bad_request' });
		}
		expect(await storedSeq(attemptId)).toBe(0);
	});

	it('refuses an essay over the limit with 400 and a message that says the limit', async () => {
		const { attemptId, token, path } = await setup();
		const over = (text: string) =>
			JSON.stringify({ saves: [{ position: 1, seq: 1, selected: [], flagged: false, text }] });
		const long = 'ệ'.repeat(ESSAY_MAX_CHARS + 1);
		const vi = await server.send({
			path,
			headers: { cookie: `bt_session=${token}` },
			body: over(long)
		});
		expect(vi.status).toBe(400);
		expect(JSON.parse(vi.body)).toEqual({
			error: 'text_too_long',
			message: expect.stringContaining('10.000 ký tự')
		});
		const en = await server.send({
			path,
			headers: { cookie: `PARAGLIDE_LOCALE=en; bt_session=${token}` },
			body: over(long)
		});
		expect(JSON.parse(en.body).message).toContain('10,000 characters');
		expect(await storedSeq(attemptId)).toBe(0);
	});

	it('refuses cross-site requests with 403 before any work', async () => {
		const { attemptId, token, path } = await setup();
		const cookie = `bt_session=${token}`;
		const crossSite: Record<string, string>[] = [
			{ cookie, origin: 'https://evil.example' },
			{ cookie, origin: 'null' },
			{ cookie, 'sec-fetch-site': 'cross-site' }
		];
		for (const headers of crossSite) {
			const r = await server.send({ path, headers, body: saves(answer()) });
			expect(r.status, JSON.stringify(headers)).toBe(403);
			expect(JSON.parse(r.body)).toEqual({ message: 'cross_site' });
			expect(r.headers['x-content-type-options']).toBe('nosniff');
		}
		expect(await storedSeq(attemptId)).toBe(0);
		const sameSite = await server.send({
			path,
			headers: { cookie, origin: ORIGIN, 'sec-fetch-site': 'same-origin' },
			body: saves(answer())
		});
		expect(sameSite.status).toBe(200);
	});

	it('without ORIGIN, takes saves sent to this machine’s own address and refuses others', async () => {
		const local = startServer(createAutosaveHandler(db(), { origin: null }));
		try {
			const { attemptId, token, path } = await setup();
			const cookie = `bt_session=${token}`;
			const refused: Record<string, string>[] = [
				{ cookie, origin: 'https://evil.example' },
				// DNS rebinding: the browser thinks evil.example is the site; it is not this machine.
				{ cookie, host: 'evil.example', origin: 'http://evil.example' }
			];
			for (const headers of refused) {
				const r = await local.send({ path, headers, body: saves(answer()) });
				expect(r.status, JSON.stringify(headers)).toBe(403);
			}
			expect(await storedSeq(attemptId)).toBe(0);
			const own = await local.send({
				path,
				headers: { cookie, host: 'localhost', origin: 'http://localhost' },
				body: saves(answer())
			});
			expect(own.status).toBe(200);
			expect(own.headers['strict-transport-security']).toBeUndefined();
		} finally {
			await local.close();
		}
	});

	it('over https reads only the __Host- session cookie and sends HSTS', async () => {
		const { token, path } = await setup();
		const plain = await secure.send({
			path,
			headers: { cookie: `bt_session=${token}` },
			body: saves(answer())
		});
		expect(plain.status).toBe(401);
		const hostCookie = await secure.send({
			path,
			headers: { cookie: `__Host-bt_session=${token}`, origin: 'https://thi.example.vn' },
			body: saves(answer())
		});
		expect(hostCookie.status).toBe(200);
		expect(hostCookie.headers['strict-transport-security']).toContain('max-age=');
	});

	it('leaves every other request to SvelteKit', async () => {
		const { path } = await setup();
		for (const r of [
			{ method: 'GET', path },
			{ method: 'PUT', path, body: saves(answer()) },
			{ path: `${path}/more`, body: saves(answer()) },
			{ path: '/attempts/not-a-uuid/answers', body: saves(answer()) },
			{ path: '/login', body: 'username=a' }
		]) {
			const reply = await server.send(r);
			expect(reply.status, `${r.method ?? 'POST'} ${r.path}`).toBe(599);
		}
		expect((await server.send({ path: `${path}?x=1`, body: saves(answer()) })).status).toBe(401);
	});
});

describe('the SvelteKit route’s body reader', () => {
	const stream = (parts: string[]) =>
		new ReadableStream<Uint8Array>({
			start(controller) {
				for (const p of parts) controller.enqueue(new TextEncoder().encode(p));
				controller.close();
			}
		});
	const request = (body: ReadableStream<Uint8Array>, headers: Record<string, string> = {}) =>
		new Request('http://app.test/', {
			method: 'POST',
			body,
			headers,
			duplex: 'half'
		} as RequestInit);

	it('reads a body within the limit and refuses one over it, declared or not', async () => {
		const within = await readRequestBody(request(stream(['{"saves"', ':[]}'])), 100);
		expect(new TextDecoder().decode(within!)).toBe('{"saves":[]}');
		expect(
			await readRequestBody(request(stream(['x'.repeat(60), 'x'.repeat(60)])), 100)
		).toBeNull();
		expect(
			await readRequestBody(request(stream(['{}']), { 'content-length': '101' }), 100)
		).toBeNull();
	});
});
