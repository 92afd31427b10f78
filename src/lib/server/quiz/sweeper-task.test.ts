import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../db/client';
import { attempts } from '../db/schema';
import { prepareServer } from '../startup';
import { startPracticeAttempt } from './practice';
import { createQuizModule, createQuizUser } from './testing/fixtures';

describe('the overdue sweeper as a periodic task of every app instance', () => {
	it('finishes an abandoned attempt within its interval, with nobody coming back', async () => {
		const database = await openDatabase({ driver: 'pglite', dataDir: null });
		const stop = await prepareServer(database, {
			SEED_DEMO: '0',
			QUIZ_SWEEP_SECONDS: '1',
			QUIZ_GRACE_SECONDS: '0'
		});
		try {
			const { module } = await createQuizModule(database.db, { quiz: { timeLimitSeconds: 1 } });
			const user = await createQuizUser(database.db);
			const r = await startPracticeAttempt(database.db, { userId: user.id, module });
			if (!r.ok) throw new Error(r.reason);
			const status = async () =>
				(await database.db.select().from(attempts).where(eq(attempts.id, r.attemptId)))[0];
			expect((await status()).status).toBe('in_progress');
			await expect.poll(async () => (await status()).status, { timeout: 5_000 }).toBe('finished');
			const row = await status();
			expect(row.finishReason).toBe('deadline');
			expect(row.finishedAt).toEqual(row.deadline);
		} finally {
			stop();
			await database.close();
		}
	});

	it('refuses to start with a sweep interval over a minute', async () => {
		const database = await openDatabase({ driver: 'pglite', dataDir: null });
		try {
			await expect(
				prepareServer(database, { SEED_DEMO: '0', QUIZ_SWEEP_SECONDS: '300' })
			).rejects.toThrow(/QUIZ_SWEEP_SECONDS/);
		} finally {
			await database.close();
		}
	});
});
