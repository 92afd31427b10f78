import { and, eq } from 'drizzle-orm';
import { expect, it } from 'vitest';
import { describeEachDatabase } from '../testing/databases';
import { attemptQuestions, attempts, questionVersions, reviewCards } from '../db/schema';
import { finishAttempt } from './finish';
import { startPracticeAttempt } from './practice';
import { attemptClock } from './clock';
import { MAX_SEQ_STEP, saveAnswers, type AnswerSave } from './save';
import { openAttemptForTaking } from './taking';
import { createQuizModule, createQuizUser, keyOfAttempt } from './testing/fixtures';

const GRACE = 10_000;
const SECOND = 1000;

describeEachDatabase('attempt engine', ({ db }) => {
	const setup = async (quiz: Parameters<typeof createQuizModule>[1] = {}) => {
		const { module } = await createQuizModule(db(), quiz);
		const user = await createQuizUser(db());
		return { module, user };
	};
	const start = async (
		module: Awaited<ReturnType<typeof setup>>['module'],
		userId: number,
		now = new Date()
	) => {
		const r = await startPracticeAttempt(db(), { userId, module, now });
		if (!r.ok) throw new Error(r.reason);
		return r.attemptId;
	};
	const stored = (attemptId: string) =>
		db()
			.select()
			.from(attemptQuestions)
			.where(eq(attemptQuestions.attemptId, attemptId))
			.orderBy(attemptQuestions.position);
	const attemptRow = async (attemptId: string) =>
		(await db().select().from(attempts).where(eq(attempts.id, attemptId)))[0];
	const save = (attemptId: string, userId: number, saves: AnswerSave[], now = new Date()) =>
		saveAnswers(db(), { attemptId, userId, saves, now, graceMs: GRACE });

	it('stores a snapshot of the drawn questions and shuffles them per attempt; a second start resumes', async () => {
		const { module, user } = await setup({ questions: 12, quiz: { questionCount: 10 } });
		const now = new Date();
		const id = await start(module, user.id, now);
		const again = await startPracticeAttempt(db(), { userId: user.id, module, now });
		expect(again).toEqual({ ok: true, attemptId: id, resumed: true });
		const row = await attemptRow(id);
		expect(row.deadline.getTime() - row.startedAt.getTime()).toBe(
			module.quiz.timeLimitSeconds * 1000
		);
		const snapshot = await stored(id);
		expect(snapshot).toHaveLength(10);
		expect(
			snapshot.every((q) => q.questionVersion === 1 && q.seq === 0 && q.selected === null)
		).toBe(true);

		const other = await createQuizUser(db());
		const otherId = await start(module, other.id, now);
		const otherSnapshot = await stored(otherId);
		const order = (s: typeof snapshot) =>
			s.map((q) => q.questionKey + q.optionOrder.join('')).join();
		expect(order(otherSnapshot)).not.toEqual(order(snapshot));
	});

	it('the bank kept in memory is read again when a drawn question version is no longer current', async () => {
		const { module, user } = await setup({ questions: 3, quiz: { questionCount: 3 } });
		await start(module, user.id);
		// A content edit makes a new version of the first question (same module hash here, so
		// only the start statement's check can notice the cached bank is out of date).
		const [first] = await db()
			.select()
			.from(questionVersions)
			.where(
				and(eq(questionVersions.moduleId, module.id), eq(questionVersions.key, `${module.id}-q001`))
			);
		await db()
			.update(questionVersions)
			.set({ isCurrent: false })
			.where(and(eq(questionVersions.key, first.key), eq(questionVersions.version, 1)));
		await db()
			.insert(questionVersions)
			.values({ ...first, version: 2, hash: `${first.key}-v2`, isCurrent: true });
		const other = await createQuizUser(db());
		const id = await start(module, other.id);
		const versions = (await stored(id)).map((q) => [q.questionKey, q.questionVersion]);
		expect(versions).toContainEqual([first.key, 2]);
		expect(versions).not.toContainEqual([first.key, 1]);
	});

	it('guarantee 2: accepts a save within deadline + grace; one later is refused and the attempt finished at its deadline', async () => {
		const { module, user } = await setup({ quiz: { timeLimitSeconds: 60 } });
		const t0 = new Date(Date.now() - 120 * SECOND);
		const id = await start(module, user.id, t0);
		const deadline = new Date(t0.getTime() + 60 * SECOND);
		const justIn = await save(
			id,
			user.id,
			[{ position: 1, seq: 1, selected: [0], flagged: false }],
			new Date(deadline.getTime() + GRACE - 1)
		);
		expect(justIn).toEqual({ ok: true, results: [{ position: 1, status: 'saved', seq: 1 }] });
		const late = await save(
			id,
			user.id,
			[{ position: 2, seq: 1, selected: [1], flagged: false }],
			new Date(deadline.getTime() + GRACE + 1)
		);
		expect(late).toEqual({ ok: false, reason: 'closed' });
		const row = await attemptRow(id);
		expect(row.status).toBe('finished');
		expect(row.finishReason).toBe('deadline');
		expect(row.finishedAt).toEqual(deadline);
		const answers = await stored(id);
		expect(answers[0].selected).toEqual([0]);
		expect(answers[1].selected).toBeNull();
	});

	it('records the save at the request arrival time given by the app, not the database clock', async () => {
		const { module, user } = await setup();
		const t0 = new Date(Date.now() - 60 * SECOND);
		const id = await start(module, user.id, t0);
		const arrival = new Date(t0.getTime() + 12_345);
		await save(id, user.id, [{ position: 1, seq: 1, selected: [0], flagged: false }], arrival);
		expect((await stored(id))[0].savedAt).toEqual(arrival);
	});

	it('guarantee 3: coming back after the deadline never reopens the attempt', async () => {
		const { module, user } = await setup({ quiz: { timeLimitSeconds: 30 } });
		const t0 = new Date(Date.now() - 60 * SECOND);
		const id = await start(module, user.id, t0);
		// Back one millisecond after the deadline (still within grace): no page to answer on.
		const back = await openAttemptForTaking(db(), {
			attemptId: id,
			userId: user.id,
			locale: 'vi',
			now: new Date(t0.getTime() + 30 * SECOND + 1)
		});
		expect(back).toEqual({ state: 'finished' });
		expect((await attemptRow(id)).status).toBe('finished');
		const saveLater = await save(id, user.id, [
			{ position: 1, seq: 5, selected: [0], flagged: false }
		]);
		expect(saveLater).toEqual({ ok: false, reason: 'closed' });
		// Starting again makes a new attempt rather than resuming the finished one.
		const next = await startPracticeAttempt(db(), { userId: user.id, module });
		expect(next.ok && next.attemptId !== id && !next.resumed).toBe(true);
	});

	it('guarantee 4: a stale or replayed save never overwrites a newer answer', async () => {
		const { module, user } = await setup();
		const id = await start(module, user.id);
		expect(
			await save(id, user.id, [{ position: 1, seq: 3, selected: [1], flagged: true }])
		).toMatchObject({ ok: true, results: [{ status: 'saved', seq: 3 }] });
		const older = await save(id, user.id, [{ position: 1, seq: 2, selected: [0], flagged: false }]);
		expect(older).toEqual({
			ok: true,
			results: [{ position: 1, status: 'stale', seq: 3, selected: [1], flagged: true }]
		});
		const replay = await save(id, user.id, [
			{ position: 1, seq: 3, selected: [0], flagged: false }
		]);
		expect(replay.ok && replay.results[0].status).toBe('stale');
		// A batch (an offline queue) keeps the newest save per question.
		const batch = await save(id, user.id, [
			{ position: 2, seq: 2, selected: [1], flagged: false },
			{ position: 2, seq: 1, selected: [0], flagged: false },
			{ position: 1, seq: 4, selected: [0], flagged: false }
		]);
		expect(batch.ok && batch.results.map((r) => r.status)).toEqual(['saved', 'saved']);
		const rows = await stored(id);
		expect([rows[0].selected, rows[0].seq, rows[0].flagged]).toEqual([[0], 4, false]);
		expect([rows[1].selected, rows[1].seq]).toEqual([[1], 2]);
	});

	it('guarantee 4: a sequence number no page could produce is refused, so an answer cannot be frozen', async () => {
		const { module, user } = await setup();
		const id = await start(module, user.id);
		// One answer, and a batch: both statements refuse it and store nothing.
		for (const saves of [
			[{ position: 1, seq: 2_000_000_000, selected: [1], flagged: false }],
			[
				{ position: 1, seq: 2_000_000_000, selected: [1], flagged: false },
				{ position: 2, seq: 1, selected: [1], flagged: false }
			]
		]) {
			const out = await save(id, user.id, saves);
			expect(out.ok && out.results[0]).toMatchObject({ position: 1, status: 'invalid', seq: 0 });
		}
		expect((await stored(id))[0].seq).toBe(0);
		// What the page sends next (the stored number + 1) is saved, and so on.
		expect(
			await save(id, user.id, [{ position: 1, seq: 1, selected: [0], flagged: false }])
		).toMatchObject({ ok: true, results: [{ status: 'saved', seq: 1 }] });
		expect(
			await save(id, user.id, [
				{ position: 1, seq: 1 + MAX_SEQ_STEP, selected: [1], flagged: false }
			])
		).toMatchObject({ ok: true, results: [{ status: 'saved', seq: 1 + MAX_SEQ_STEP }] });
		expect((await stored(id))[0]).toMatchObject({ seq: 1 + MAX_SEQ_STEP, selected: [1] });
	});

	it('guarantee 6: 50 parallel submits finish and score the attempt once', async () => {
		const { module, user } = await setup({ questions: 6, quiz: { questionCount: 6 } });
		const id = await start(module, user.id);
		// All wrong, so each question becomes a review card exactly once if scoring ran once.
		const key = await keyOfAttempt(db(), id);
		await save(
			id,
			user.id,
			key.map((q) => ({ position: q.position, seq: 1, selected: [q.wrong[0]], flagged: false }))
		);
		const results = await Promise.all(
			Array.from({ length: 50 }, () => finishAttempt(db(), id, { userId: user.id }))
		);
		expect(results.filter((r) => r === 'finished')).toHaveLength(1);
		expect(results.filter((r) => r === 'already_finished')).toHaveLength(49);
		const cards = await db().select().from(reviewCards).where(eq(reviewCards.userId, user.id));
		expect(cards).toHaveLength(6);
		expect(cards.every((c) => c.lapses === 1)).toBe(true);
		expect((await attemptRow(id)).score).toBe(0);
	});

	it('guarantee 6: a submit racing the deadline and the sweeper still finishes once, at the deadline', async () => {
		const { module, user } = await setup({ quiz: { timeLimitSeconds: 30 } });
		const t0 = new Date(Date.now() - 30 * SECOND - GRACE - 5);
		const id = await start(module, user.id, t0);
		const key = await keyOfAttempt(db(), id);
		await save(
			id,
			user.id,
			[{ position: 1, seq: 1, selected: [key[0].wrong[0]], flagged: false }],
			new Date(t0.getTime() + 1000)
		);
		const { finishOverdueAttempts } = await import('./finish');
		const [swept, ...submits] = await Promise.all([
			finishOverdueAttempts(db(), { graceMs: GRACE }),
			...Array.from({ length: 20 }, () => finishAttempt(db(), id, { userId: user.id }))
		]);
		expect(swept + submits.filter((r) => r === 'finished').length).toBe(1);
		const row = await attemptRow(id);
		expect(row.finishedAt).toEqual(new Date(t0.getTime() + 30 * SECOND));
		expect(row.finishReason).toBe('deadline');
		const [card] = await db()
			.select()
			.from(reviewCards)
			.where(
				and(
					eq(reviewCards.userId, user.id),
					eq(reviewCards.questionKey, (await stored(id))[0].questionKey)
				)
			);
		expect(card.lapses).toBe(1);
	});

	it('guarantee 6: where attempts are limited, 50 parallel starts create one attempt', async () => {
		const { module, user } = await setup({ quiz: { attemptsAllowed: 1 } });
		const results = await Promise.all(
			Array.from({ length: 50 }, () => startPracticeAttempt(db(), { userId: user.id, module }))
		);
		const ids = new Set(results.map((r) => (r.ok ? r.attemptId : r.reason)));
		expect(ids.size).toBe(1);
		expect(results.filter((r) => r.ok && !r.resumed)).toHaveLength(1);
		const rows = await db().select().from(attempts).where(eq(attempts.userId, user.id));
		expect(rows).toHaveLength(1);
		await finishAttempt(db(), rows[0].id, { userId: user.id });
		expect(await startPracticeAttempt(db(), { userId: user.id, module })).toEqual({
			ok: false,
			reason: 'no_attempts_left'
		});
	});

	it('guarantee 6: without a limit, parallel starts still give one attempt in progress', async () => {
		const { module, user } = await setup();
		const results = await Promise.all(
			Array.from({ length: 20 }, () => startPracticeAttempt(db(), { userId: user.id, module }))
		);
		expect(new Set(results.map((r) => r.ok && r.attemptId)).size).toBe(1);
	});

	it("guarantee 9: another user's attempt answers not found to every operation", async () => {
		const { module, user } = await setup();
		const id = await start(module, user.id);
		const intruder = await createQuizUser(db());
		const s = { position: 1, seq: 1, selected: [0], flagged: false };
		expect(await save(id, intruder.id, [s])).toEqual({ ok: false, reason: 'not_found' });
		expect(await save(id, intruder.id, [])).toEqual({ ok: false, reason: 'not_found' });
		expect(await finishAttempt(db(), id, { userId: intruder.id })).toBe('not_found');
		expect(
			await attemptClock(db(), {
				attemptId: id,
				userId: intruder.id,
				now: new Date(),
				graceMs: GRACE
			})
		).toBeNull();
		expect(
			await openAttemptForTaking(db(), {
				attemptId: id,
				userId: intruder.id,
				locale: 'vi',
				now: new Date()
			})
		).toEqual({ state: 'not_found' });
		expect(await save('not-a-uuid', user.id, [s])).toEqual({ ok: false, reason: 'not_found' });
		expect(await save('00000000-0000-4000-8000-000000000000', user.id, [s])).toEqual({
			ok: false,
			reason: 'not_found'
		});
		expect((await stored(id))[0].selected).toBeNull();
		expect((await attemptRow(id)).status).toBe('in_progress');
	});

	it('guarantee 9: a chosen option must exist in that question; single choice takes one option', async () => {
		const { module, user } = await setup({ questions: 9, quiz: { questionCount: 9 } });
		const id = await start(module, user.id);
		const key = await keyOfAttempt(db(), id);
		const single = key.find((q) => q.kind === 'single')!;
		const tf = key.find((q) => q.kind === 'true_false')!;
		const invalid = [
			{ position: tf.position, seq: 1, selected: [2], flagged: false },
			{ position: single.position, seq: 1, selected: [0, 1], flagged: false },
			{ position: 99, seq: 1, selected: [0], flagged: false }
		];
		const r = await save(id, user.id, invalid);
		expect(r.ok && r.results.map((x) => x.status)).toEqual(['invalid', 'invalid', 'invalid']);
		// One at a time (a save of one answer has its own statement), refused alike.
		for (const s of invalid) {
			const one = await save(id, user.id, [s]);
			expect(one.ok && one.results.map((x) => x.status)).toEqual(['invalid']);
		}
		const rows = await stored(id);
		expect(rows.every((q) => q.selected === null && q.seq === 0)).toBe(true);
	});

	it('guarantee 10: scores come from the key on the server', async () => {
		const { module, user } = await setup({ questions: 9, quiz: { questionCount: 9 } });
		const id = await start(module, user.id);
		const key = await keyOfAttempt(db(), id);
		await save(
			id,
			user.id,
			key.map((q, i) => ({
				position: q.position,
				seq: 1,
				selected: i < 6 ? q.right : [q.wrong[0]],
				flagged: false
			}))
		);
		expect(await finishAttempt(db(), id, { userId: user.id })).toBe('finished');
		const row = await attemptRow(id);
		expect([row.score, row.maxScore, row.passed, row.finishReason]).toEqual([
			6,
			9,
			true,
			'submitted'
		]);
		expect((await stored(id)).map((q) => q.points)).toEqual(key.map((_, i) => (i < 6 ? 1 : 0)));
	});

	it('the heartbeat reports the deadline and the server time, and closes an overdue attempt', async () => {
		const { module, user } = await setup({ quiz: { timeLimitSeconds: 60 } });
		const t0 = new Date(Date.now() - 10 * SECOND);
		const id = await start(module, user.id, t0);
		const clock = await attemptClock(db(), {
			attemptId: id,
			userId: user.id,
			now: new Date(),
			graceMs: GRACE
		});
		expect(clock).toMatchObject({
			status: 'open',
			deadline: new Date(t0.getTime() + 60_000).toISOString()
		});
		expect(Math.abs(Date.parse(clock!.serverNow) - Date.now())).toBeLessThan(1000);
		const late = await attemptClock(db(), {
			attemptId: id,
			userId: user.id,
			now: new Date(t0.getTime() + 60_000 + GRACE + 1),
			graceMs: GRACE
		});
		expect(late?.status).toBe('finished');
	});
});
