import { and, eq, inArray, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../db/client';
import { attemptQuestions, attempts, reviewCards } from '../db/schema';
import { createTestDatabase, describeEachDatabase } from '../testing/databases';
import { finishAttempt, finishOverdueAttempts } from './finish';
import { startPracticeAttempt } from './practice';
import { saveAnswers } from './save';
import { scoreAnswer } from './scoring';
import { createQuizModule, createQuizUser, keyOfAttempt } from './testing/fixtures';

const GRACE = 10_000;
const LIMIT_S = 60;

/** n learners who started long enough ago to be overdue, each with two acknowledged answers. */
async function abandonedAttempts(db: Db, n: number, startedMsAgo = LIMIT_S * 1000 + GRACE + 5_000) {
	const { module } = await createQuizModule(db, {
		questions: 6,
		quiz: { questionCount: 3, timeLimitSeconds: LIMIT_S }
	});
	const t0 = new Date(Date.now() - startedMsAgo);
	const ids: string[] = [];
	for (let i = 0; i < n; i++) {
		const user = await createQuizUser(db, 'bo');
		const r = await startPracticeAttempt(db, { userId: user.id, module, now: t0 });
		if (!r.ok) throw new Error(r.reason);
		const key = await keyOfAttempt(db, r.attemptId);
		// Question 1 right, question 2 wrong (then corrected to wrong again by a newer save), 3 blank.
		const saved = await saveAnswers(db, {
			attemptId: r.attemptId,
			userId: user.id,
			now: new Date(t0.getTime() + 5_000),
			graceMs: GRACE,
			saves: [
				{ position: 1, seq: 1, selected: key[0].right, flagged: false },
				{ position: 2, seq: 1, selected: key[1].right, flagged: false },
				{ position: 2, seq: 2, selected: [key[1].wrong[0]], flagged: true }
			]
		});
		if (!saved.ok) throw new Error(saved.reason);
		ids.push(r.attemptId);
	}
	return { ids, deadline: new Date(t0.getTime() + LIMIT_S * 1000), module };
}

async function expectFinishedOnceAtDeadline(db: Db, ids: string[], deadline: Date) {
	const rows = await db.select().from(attempts).where(inArray(attempts.id, ids));
	expect(rows).toHaveLength(ids.length);
	for (const row of rows) {
		expect(row.status).toBe('finished');
		expect(row.finishReason).toBe('deadline');
		expect(row.finishedAt).toEqual(deadline);
		// The last acknowledged answers were scored: 1 right of 3.
		expect([row.score, row.maxScore]).toEqual([1, 3]);
	}
	// Each wrong or blank question became a review card once: scoring ran once per attempt.
	const cards = await db
		.select({ lapses: reviewCards.lapses })
		.from(reviewCards)
		.where(
			inArray(
				reviewCards.userId,
				rows.map((r) => r.userId)
			)
		);
	expect(cards).toHaveLength(ids.length * 2);
	expect(cards.every((c) => c.lapses === 1)).toBe(true);
}

describeEachDatabase('overdue sweeper', ({ db }) => {
	it('guarantee 7: finishes abandoned attempts at their deadline with the last acknowledged answers', async () => {
		const { ids, deadline } = await abandonedAttempts(db(), 120);
		// One still within its grace window and one still running are left alone.
		const inGrace = await abandonedAttempts(db(), 1, LIMIT_S * 1000 + GRACE / 2);
		const running = await abandonedAttempts(db(), 1, 10_000);
		// Several sweepers at once (instances), each in small batches.
		const counts = await Promise.all(
			[1, 2, 3].map(() => finishOverdueAttempts(db(), { graceMs: GRACE, batchSize: 7 }))
		);
		expect(counts.reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(120);
		await expectFinishedOnceAtDeadline(db(), ids, deadline);
		const untouched = await db()
			.select({ status: attempts.status })
			.from(attempts)
			.where(inArray(attempts.id, [...inGrace.ids, ...running.ids]));
		expect(untouched.map((r) => r.status)).toEqual(['in_progress', 'in_progress']);
		expect(await finishOverdueAttempts(db(), { graceMs: GRACE })).toBe(0);
	});

	it('scores every acknowledged save when saves race the finish', async () => {
		const { module } = await createQuizModule(db(), { questions: 9, quiz: { questionCount: 9 } });
		const user = await createQuizUser(db());
		const r = await startPracticeAttempt(db(), { userId: user.id, module });
		if (!r.ok) throw new Error(r.reason);
		const key = await keyOfAttempt(db(), r.attemptId);
		const acked = new Map<number, { seq: number; selected: number[] }>();
		let closed = 0;
		const saveOne = (i: number) => {
			const q = key[i % key.length];
			const selected = i % 2 ? q.right : [q.wrong[0]];
			const seq = Math.floor(i / key.length) + 1;
			return saveAnswers(db(), {
				attemptId: r.attemptId,
				userId: user.id,
				now: new Date(),
				graceMs: GRACE,
				saves: [{ position: q.position, seq, selected, flagged: false }]
			}).then((out) => {
				if (!out.ok) closed++;
				else if (out.results[0].status === 'saved') {
					const prev = acked.get(q.position);
					if (!prev || prev.seq < seq) acked.set(q.position, { seq, selected });
				}
			});
		};
		// Saves in flight on every side of the finish.
		const first = Array.from({ length: 30 }, (_, i) => saveOne(i));
		await Promise.all(first.slice(0, 5));
		const finishing = finishAttempt(db(), r.attemptId, { userId: user.id });
		const second = Array.from({ length: 30 }, (_, i) => saveOne(30 + i));
		await Promise.all([...first, finishing, ...second]);
		const rows = await db()
			.select()
			.from(attemptQuestions)
			.where(eq(attemptQuestions.attemptId, r.attemptId));
		for (const row of rows) {
			const ack = acked.get(row.position);
			expect(row.seq).toBe(ack?.seq ?? 0);
			const q = key.find((k) => k.position === row.position)!;
			const expected = ack
				? scoreAnswer(
						{
							kind: q.kind,
							optionOrder: row.optionOrder,
							selected: ack.selected,
							correct: row.optionOrder.filter((_, i) => q.right.includes(i))
						},
						'all_or_nothing'
					)
				: 0;
			expect(row.points).toBe(expected);
		}
		expect(acked.size).toBeGreaterThan(0);
		// Once the finish has returned, every save is refused.
		const closedBefore = closed;
		await Promise.all(Array.from({ length: 5 }, (_, i) => saveOne(60 + i)));
		expect(closed - closedBefore).toBe(5);
	});
});

describe.runIf(process.env.TEST_DATABASE_URL)(
	'overdue sweeper on several app instances [postgres]',
	() => {
		it('guarantee 7: three instances sweeping 1,000 abandoned attempts finish each exactly once', async () => {
			const database = await createTestDatabase('postgres');
			const url = (database.config as { url: string }).url;
			const instances = await Promise.all(
				[1, 2, 3].map(() => openDatabase({ driver: 'postgres', url, max: 4 }))
			);
			try {
				const { ids, deadline } = await abandonedAttempts(database.db, 1000);
				const started = Date.now();
				const counts = await Promise.all(
					instances.map((i) => finishOverdueAttempts(i.db, { graceMs: GRACE, batchSize: 50 }))
				);
				const elapsed = Date.now() - started;
				expect(counts.reduce((a, b) => a + b, 0)).toBe(1000);
				expect(counts.filter((c) => c > 0).length).toBeGreaterThan(1);
				expect(elapsed).toBeLessThan(60_000);
				await expectFinishedOnceAtDeadline(database.db, ids, deadline);
				const open = await database.db
					.select({ id: attempts.id })
					.from(attempts)
					.where(and(eq(attempts.status, 'in_progress'), inArray(attempts.id, ids)));
				expect(open).toHaveLength(0);
			} finally {
				await Promise.all(instances.map((i) => i.close()));
				await database.close();
			}
		}, 240_000);

		it('scores a save that commits while the finish waits for the attempt', async () => {
			const database = await createTestDatabase('postgres');
			const db = database.db;
			try {
				const { module } = await createQuizModule(db, { questions: 3, quiz: { questionCount: 3 } });
				const user = await createQuizUser(db);
				const r = await startPracticeAttempt(db, { userId: user.id, module });
				if (!r.ok) throw new Error(r.reason);
				const [q] = await keyOfAttempt(db, r.attemptId);
				const at = and(
					eq(attemptQuestions.attemptId, r.attemptId),
					eq(attemptQuestions.position, q.position)
				);
				await db.update(attemptQuestions).set({ selected: q.right, seq: 1 }).where(at);
				// A save in flight: the attempt held FOR SHARE, the answer changed to a wrong one.
				let release!: () => void;
				const held = new Promise<void>((resolve) => (release = resolve));
				let saved!: () => void;
				const changed = new Promise<void>((resolve) => (saved = resolve));
				const saving = db.transaction(async (tx) => {
					await tx.execute(sql`select id from attempts where id = ${r.attemptId} for share`);
					await tx
						.update(attemptQuestions)
						.set({ selected: [q.wrong[0]], seq: 2 })
						.where(at);
					saved();
					await held;
				});
				await changed;
				let done = false;
				const finishing = finishAttempt(db, r.attemptId, { userId: user.id }).then((out) => {
					done = true;
					return out;
				});
				await new Promise((resolve) => setTimeout(resolve, 300));
				expect(done).toBe(false);
				release();
				await saving;
				expect(await finishing).toBe('finished');
				const [row] = await db.select().from(attemptQuestions).where(at);
				expect(row).toMatchObject({ seq: 2, selected: [q.wrong[0]], points: 0 });
			} finally {
				await database.close();
			}
		});
	}
);
