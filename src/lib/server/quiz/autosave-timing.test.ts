import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { attempts } from '../db/schema';
import { describeEachDatabase } from '../testing/databases';
import { createAutosaveHandler } from './autosave-node';
import { quizTiming } from './settings';
import { answer, autosaveWorld, saves, startServer } from './testing/autosave-server';

/** When a save counts: by the request's arrival on the app clock (or the test's, on a test-clock server). */
describeEachDatabase('quiz autosave timing in front of SvelteKit', ({ db }) => {
	let server: ReturnType<typeof startServer>;
	const ORIGIN = 'http://app.test';
	beforeAll(() => {
		server = startServer(createAutosaveHandler(db(), { origin: ORIGIN }));
	});
	afterAll(async () => {
		await server.close();
	});
	const { setup, storedSeq, moveDeadline } = autosaveWorld(db);

	it('accepts a save just inside the grace and answers 409 just past it, finishing the attempt', async () => {
		const grace = quizTiming.graceMs;
		const inside = await setup();
		await moveDeadline(inside.attemptId, new Date(Date.now() - grace + 3000));
		const ok = await server.send({
			path: inside.path,
			headers: { cookie: `bt_session=${inside.token}` },
			body: saves(answer())
		});
		expect(ok.status).toBe(200);

		const late = await setup();
		await moveDeadline(late.attemptId, new Date(Date.now() - grace - 1000));
		const r = await server.send({
			path: late.path,
			headers: { cookie: `bt_session=${late.token}` },
			body: saves(answer())
		});
		expect(r.status).toBe(409);
		expect(JSON.parse(r.body)).toMatchObject({ error: 'closed' });
		expect(JSON.parse(r.body).message).toContain('đã hết giờ');
		expect(await storedSeq(late.attemptId)).toBe(0);
		const [row] = await db()
			.select({ status: attempts.status })
			.from(attempts)
			.where(eq(attempts.id, late.attemptId));
		expect(row.status).toBe('finished');
	});

	it('times a save by the request’s arrival, not by when its body finished uploading', async () => {
		const { attemptId, token, path } = await setup();
		// Closes (deadline + grace) 700 ms from now; the body arrives 1.5 s after the headers.
		await moveDeadline(attemptId, new Date(Date.now() - quizTiming.graceMs + 700));
		const r = await server.send({
			path,
			headers: { cookie: `bt_session=${token}` },
			body: saves(answer()),
			bodyDelayMs: 1500
		});
		expect(r.status).toBe(200);
		expect(await storedSeq(attemptId)).toBe(1);
	});

	it('on a test-clock server, times a save by the x-test-now header, as the SvelteKit route does', async () => {
		const testClock = startServer(createAutosaveHandler(db(), { origin: ORIGIN, testClock: true }));
		try {
			const { attemptId, token, path } = await setup();
			const [{ deadline }] = await db()
				.select({ deadline: attempts.deadline })
				.from(attempts)
				.where(eq(attempts.id, attemptId));
			const past = new Date(deadline!.getTime() + quizTiming.graceMs + 1000).toISOString();
			// The real clock is well inside the deadline; the test's clock is past it.
			const late = await testClock.send({
				path,
				headers: { cookie: `bt_session=${token}`, 'x-test-now': past },
				body: saves(answer())
			});
			expect(late.status).toBe(409);
			expect(await storedSeq(attemptId)).toBe(0);
			// Sessions expire by the app's own clock, as the hooks check them: a round weeks ahead on
			// the test clock still takes the saves of a session made today.
			const ahead = await setup();
			const weeksAhead = new Date(Date.now() + 20 * 86_400_000);
			await moveDeadline(ahead.attemptId, new Date(weeksAhead.getTime() + 600_000));
			const saved = await testClock.send({
				path: ahead.path,
				headers: { cookie: `bt_session=${ahead.token}`, 'x-test-now': weeksAhead.toISOString() },
				body: saves(answer())
			});
			expect(saved.status).toBe(200);
			expect(await storedSeq(ahead.attemptId)).toBe(1);
			// A server without the test clock ignores the header.
			const other = await setup();
			const r = await server.send({
				path: other.path,
				headers: { cookie: `bt_session=${other.token}`, 'x-test-now': past },
				body: saves(answer())
			});
			expect(r.status).toBe(200);
		} finally {
			await testClock.close();
		}
	});
});
