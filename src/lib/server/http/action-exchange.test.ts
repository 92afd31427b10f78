import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { createSession } from '../auth/session';
import { hashToken } from '../auth/token';
import { registerUnit } from '../contests/registration';
import { candidateIn, contestWorld } from '../contests/testing/fixtures';
import { attemptQuestions, attempts, contestRounds, sessions } from '../db/schema';
import { log } from '../log';
import { startServer, type Reply } from '../quiz/testing/autosave-server';
import { describeEachDatabase } from '../testing/databases';
import { respondToAction } from './action-exchange';
import { createActionHandler } from './action-node';
import { requestArrival, TEST_NOW_HEADER } from './test-clock';

const ORIGIN = 'http://app.test';
const minutes = (d: Date, n: number) => new Date(d.getTime() + n * 60_000);

type Post = { path: string; cookie?: string; origin?: string; at: Date; body?: string };

/** Status, headers and body, without what only the connection sets. */
function normalize(r: Reply | { status: number; headers: Headers; body: string }) {
	const headers: Record<string, string> = {};
	const entries: [string, string][] =
		r.headers instanceof Headers
			? [...r.headers]
			: Object.entries(r.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(', ') : (v ?? '')]);
	for (const [k, v] of entries) {
		if (!['date', 'connection', 'keep-alive', 'transfer-encoding'].includes(k)) headers[k] = v;
	}
	return { status: r.status, headers, body: r.body };
}

describeEachDatabase(
	'the enhanced start and submit: in front of SvelteKit as by the hooks',
	({ db }) => {
		let server: ReturnType<typeof startServer>;
		beforeAll(() => {
			server = startServer(createActionHandler(db(), { origin: ORIGIN, testClock: true }));
		});
		afterAll(() => server.close());

		const headersOf = (p: Post, body: string) => ({
			'content-type': 'application/x-www-form-urlencoded',
			'content-length': String(Buffer.byteLength(body)),
			accept: 'application/json',
			'x-sveltekit-action': 'true',
			origin: p.origin ?? ORIGIN,
			[TEST_NOW_HEADER]: p.at.toISOString(),
			...(p.cookie ? { cookie: p.cookie } : {})
		});
		type Answer = ReturnType<typeof normalize> & { json: Record<string, unknown> };
		type Send = (p: Post) => Promise<Answer>;
		type World = Awaited<ReturnType<typeof world>>;

		async function world() {
			const w = await contestWorld(db());
			const candidate = await candidateIn(db(), w.province.tl1.id, 'Nguyễn Thí Sinh');
			const outsider = await candidateIn(db(), w.province.hp1.id, 'Người Ngoài', 'member');
			await registerUnit(db(), w.organizer, { levelId: w.levelId, unitId: w.province.tanLap.id });
			const [round] = await db()
				.select()
				.from(contestRounds)
				.where(eq(contestRounds.id, w.roundId));
			const session = async (userId: number) =>
				`bt_session=${(await createSession(db(), userId)).token}`;
			return {
				...w,
				opensAt: round.opensAt!,
				closesAt: round.closesAt!,
				candidate: { ...candidate, cookie: await session(candidate.userId) },
				outsider: { ...outsider, cookie: await session(outsider.userId) },
				start: `/contests/rounds/${w.roundId}?/start`
			};
		}

		async function viaNode(p: Post) {
			const body = p.body ?? '';
			return normalize(await server.send({ path: p.path, headers: headersOf(p, body), body }));
		}
		async function viaHooks(p: Post) {
			const body = p.body ?? '';
			const headers = headersOf(p, body);
			const response = await respondToAction(
				db(),
				new Request(`${ORIGIN}${p.path}`, { method: 'POST', headers, body }),
				{ receivedAt: requestArrival(headers[TEST_NOW_HEADER], true), ownHostOnly: false }
			);
			expect(response).not.toBeNull();
			return normalize({
				status: response!.status,
				headers: response!.headers,
				body: await response!.text()
			});
		}

		/**
		 * Runs the scenario twice, each time in a world of its own, once in front of SvelteKit (plain
		 * Node) and once through the hooks (web `Request`): every answer must be the same, status,
		 * headers and body, but for the attempt ids and session tokens (each world has its own).
		 */
		async function onBothPaths(scenario: (send: Send, w: World) => Promise<void>) {
			const seen: Record<string, unknown[]> = { node: [], hooks: [] };
			for (const [name, carrier] of [
				['node', viaNode],
				['hooks', viaHooks]
			] as const) {
				const w = await world();
				const tokens = [w.candidate.cookie, w.outsider.cookie].map((c) => c.split('=')[1]);
				const mask = (text: string) =>
					text
						.replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, '<attempt>')
						.replaceAll(tokens[0], '<candidate>')
						.replaceAll(tokens[1], '<outsider>')
						.replace(/Expires=[^;]+/, 'Expires=<date>');
				await scenario(async (p) => {
					const answer = await carrier(p);
					seen[name].push({
						status: answer.status,
						headers: JSON.parse(mask(JSON.stringify(answer.headers))),
						body: mask(answer.body)
					});
					return { ...answer, json: JSON.parse(answer.body) };
				}, w);
			}
			expect(seen.hooks).toEqual(seen.node);
			expect(seen.node.length).toBeGreaterThan(0);
		}

		it('starts the registered candidate in the window, the same attempt on a second start, then no more', () =>
			onBothPaths(async (send, w) => {
				const at = minutes(w.opensAt, 1);
				const first = await send({ path: w.start, cookie: w.candidate.cookie, at });
				expect(first.status).toBe(200);
				expect(first.json).toMatchObject({ type: 'redirect', status: 303 });
				const location = first.json.location as string;
				expect(location).toMatch(/^\/attempts\/[0-9a-f-]{36}$/);
				// Signed in: the session cookie renewed as the hooks renew it, no-store, security headers.
				expect(first.headers['set-cookie']).toContain('bt_session=');
				expect(first.headers['set-cookie']).toContain('HttpOnly; SameSite=Lax');
				expect(first.headers['cache-control']).toBe('no-store');
				expect(first.headers['x-frame-options']).toBe('DENY');
				const attemptId = location.split('/')[2];
				const mine = await db()
					.select()
					.from(attempts)
					.where(eq(attempts.userId, w.candidate.userId));
				expect(mine.map((a) => a.id)).toEqual([attemptId]);

				// A second start while it is open leads to the same attempt.
				const again = await send({ path: w.start, cookie: w.candidate.cookie, at });
				expect(again.json).toEqual(first.json);

				// Submitted: no second attempt (one allowed).
				const submit = await send({
					path: `${location}?/submit`,
					cookie: w.candidate.cookie,
					at: minutes(at, 2),
					body: 'confirmed=1'
				});
				expect(submit.json).toEqual({
					type: 'redirect',
					status: 303,
					location: `${location}/result`
				});
				const third = await send({ path: w.start, cookie: w.candidate.cookie, at: minutes(at, 3) });
				expect(third.status).toBe(200);
				expect(third.json).toEqual({
					type: 'failure',
					status: 409,
					data: '[{"startError":1},"no_attempts_left"]'
				});
			}));

		it('refuses a start outside the window, as the lobby says it', () =>
			onBothPaths(async (send, w) => {
				const early = await send({
					path: w.start,
					cookie: w.candidate.cookie,
					at: new Date(w.opensAt.getTime() - 1)
				});
				expect(early.json).toEqual({
					type: 'failure',
					status: 409,
					data: '[{"startError":1},"not_open_yet"]'
				});
				const late = await send({ path: w.start, cookie: w.candidate.cookie, at: w.closesAt });
				expect(late.json).toMatchObject({ data: '[{"startError":1},"closed"]' });
				const badPrediction = await send({
					path: w.start,
					cookie: w.candidate.cookie,
					at: minutes(w.opensAt, 1),
					body: 'prediction=-3'
				});
				expect(badPrediction.json).toEqual({
					type: 'failure',
					status: 400,
					data: '[{"predictionError":1},true]'
				});
				expect(
					await db().select().from(attempts).where(eq(attempts.userId, w.candidate.userId))
				).toEqual([]);
			}));

		it('answers 404 to someone not registered, and to another user’s submit, and logs it', () =>
			onBothPaths(async (send, w) => {
				const at = minutes(w.opensAt, 1);
				const warn = vi.spyOn(log, 'warn');
				try {
					const outsider = await send({ path: w.start, cookie: w.outsider.cookie, at });
					expect(outsider.status).toBe(404);
					expect(outsider.json).toEqual({ type: 'error', error: { message: 'not_found' } });
					expect(
						await db().select().from(attempts).where(eq(attempts.userId, w.outsider.userId))
					).toEqual([]);

					const started = await send({ path: w.start, cookie: w.candidate.cookie, at });
					const location = started.json.location as string;
					const foreign = await send({
						path: `${location}?/submit`,
						cookie: w.outsider.cookie,
						at,
						body: 'confirmed=1&pos=1&seq-1=1&answer-1=0'
					});
					expect(foreign.status).toBe(404);
					expect(foreign.json).toEqual({ type: 'error', error: { message: 'not_found' } });
					const [attempt] = await db()
						.select()
						.from(attempts)
						.where(eq(attempts.id, location.split('/')[2]));
					expect(attempt.status).toBe('in_progress');
					const refusals = warn.mock.calls
						.map(([entry]) => entry as { event?: string; status?: number; userId?: number })
						.filter((e) => e.event === 'access_refused');
					// Both 404s, with who asked.
					expect(refusals.map((e) => [e.status, e.userId])).toEqual(
						Array(2).fill([404, w.outsider.userId])
					);
				} finally {
					warn.mockRestore();
				}
			}));

		it('refuses a foreign origin (403) and sends an expired session to sign in, starting nothing', () =>
			onBothPaths(async (send, w) => {
				const at = minutes(w.opensAt, 1);
				const foreign = await send({
					path: w.start,
					cookie: w.candidate.cookie,
					origin: 'http://evil.test',
					at
				});
				expect(foreign.status).toBe(403);
				expect(foreign.json).toEqual({ message: 'cross_site' });
				expect(foreign.headers['set-cookie']).toBeUndefined();

				await db()
					.update(sessions)
					.set({ expiresAt: new Date(Date.now() - 1000) })
					.where(eq(sessions.id, hashToken(w.candidate.cookie.split('=')[1])));
				const expired = await send({ path: w.start, cookie: w.candidate.cookie, at });
				expect(expired.json).toEqual({ type: 'redirect', status: 303, location: '/login' });
				// The stale cookie is cleared, as the hooks clear it; nothing personal to keep from caches.
				expect(expired.headers['set-cookie']).toBe(
					'bt_session=; Max-Age=0; Path=/; HttpOnly; SameSite=Lax'
				);
				expect(expired.headers['cache-control']).toBeUndefined();
				const none = await send({ path: w.start, at });
				expect(none.json).toEqual(expired.json);
				expect(none.headers['set-cookie']).toBeUndefined();
				expect(
					await db().select().from(attempts).where(eq(attempts.userId, w.candidate.userId))
				).toEqual([]);
			}));

		it('submits with the answers the page had not got acknowledged, scoring them', () =>
			onBothPaths(async (send, w) => {
				const at = minutes(w.opensAt, 1);
				const started = await send({ path: w.start, cookie: w.candidate.cookie, at });
				const location = started.json.location as string;
				const attemptId = location.split('/')[2];
				// Not confirmed yet (the button on the page without the dialog): the confirmation page.
				const unconfirmed = await send({
					path: `${location}?/submit`,
					cookie: w.candidate.cookie,
					at,
					body: 'pos=2&seq-2=1&answer-2=1&flag-2=on'
				});
				expect(unconfirmed.json).toEqual({
					type: 'redirect',
					status: 303,
					location: `${location}?confirm`
				});
				const pending = 'pos=1&seq-1=3&answer-1=0&pos=2&seq-2=2&answer-2=0';
				const submitted = await send({
					path: `${location}?/submit`,
					cookie: w.candidate.cookie,
					at: minutes(at, 1),
					body: `confirmed=1&${pending}`
				});
				expect(submitted.json).toEqual({
					type: 'redirect',
					status: 303,
					location: `${location}/result`
				});
				const rows = await db()
					.select({ position: attemptQuestions.position, seq: attemptQuestions.seq })
					.from(attemptQuestions)
					.where(and(eq(attemptQuestions.attemptId, attemptId), eq(attemptQuestions.position, 1)));
				expect(rows).toEqual([{ position: 1, seq: 3 }]);
				const [attempt] = await db().select().from(attempts).where(eq(attempts.id, attemptId));
				expect(attempt).toMatchObject({ status: 'finished', finishReason: 'submitted' });
				expect(attempt.score).not.toBeNull();

				// Once finished, answers no longer count: the result, marked late.
				const late = await send({
					path: `${location}?/submit`,
					cookie: w.candidate.cookie,
					at: minutes(at, 2),
					body: `confirmed=1&pos=3&seq-3=1&answer-3=0`
				});
				expect(late.json).toMatchObject({ location: `${location}/result?late=1` });
			}));

		it('leaves every other request to SvelteKit, unread', async () => {
			const w = await world();
			const at = minutes(w.opensAt, 1);
			const body = '';
			const base = headersOf({ path: w.start, cookie: w.candidate.cookie, at }, body);
			const variants: [string, Record<string, string>][] = [
				[w.start, { ...base, accept: 'text/html' }],
				[w.start, { ...base, accept: 'application/json, text/html' }],
				[w.start, { ...base, 'content-type': 'application/json' }],
				[`/contests/rounds/${w.roundId}?/prediction`, base],
				[`/contests/rounds/x?/start`, base]
			];
			for (const [path, headers] of variants) {
				const r = await server.send({ path, headers, body });
				expect(r.status, `${path} ${JSON.stringify(headers)}`).toBe(599);
				const web = await respondToAction(
					db(),
					new Request(`${ORIGIN}${path}`, { method: 'POST', headers, body }),
					{ receivedAt: at, ownHostOnly: false }
				);
				expect(web).toBeNull();
			}
			expect(
				await db().select().from(attempts).where(eq(attempts.userId, w.candidate.userId))
			).toEqual([]);
		});
	}
);
