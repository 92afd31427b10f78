import { existsSync } from 'node:fs';
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { createSession, SESSION_ABSOLUTE_MS, SESSION_IDLE_MS } from '../auth/session';
import { attemptQuestions, users } from '../db/schema';
import { describeEachDatabase } from '../testing/databases';
import { finishAttempt } from './finish';
import { startPracticeAttempt } from './practice';
import { saveAnswersWithSession } from './save';
import { AUTOSAVE_ROUTE_ID } from './settings';
import { createQuizModule, createQuizUser } from './testing/fixtures';

const GRACE = 10_000;
const answer = { position: 1, seq: 1, selected: [0], flagged: false };

describe('the autosave route', () => {
	it('is the route the hooks leave to its own session check', () => {
		expect(existsSync(`src/routes${AUTOSAVE_ROUTE_ID}/+server.ts`)).toBe(true);
	});
});

describeEachDatabase('autosave with the session checked in the save statement', ({ db }) => {
	const setup = async () => {
		const { module } = await createQuizModule(db());
		const user = await createQuizUser(db());
		const r = await startPracticeAttempt(db(), { userId: user.id, module });
		if (!r.ok) throw new Error(r.reason);
		const { token } = await createSession(db(), user.id);
		return { user, attemptId: r.attemptId, token };
	};
	const save = (attemptId: string, sessionToken: string | undefined, now = new Date()) =>
		saveAnswersWithSession(db(), { attemptId, sessionToken, saves: [answer], now, graceMs: GRACE });
	const stored = async (attemptId: string) =>
		(
			await db()
				.select({ seq: attemptQuestions.seq })
				.from(attemptQuestions)
				.where(eq(attemptQuestions.attemptId, attemptId))
				.orderBy(attemptQuestions.position)
		)[0].seq;

	it('stores the answer for the session’s owner', async () => {
		const { attemptId, token } = await setup();
		expect(await save(attemptId, token)).toEqual({
			ok: true,
			results: [{ position: 1, status: 'saved', seq: 1 }]
		});
		expect(await stored(attemptId)).toBe(1);
	});

	it('refuses missing, malformed, unknown, idle-expired and too old sessions as signed out', async () => {
		const { attemptId, token } = await setup();
		expect(await save(attemptId, undefined)).toEqual({ ok: false, reason: 'signed_out' });
		expect(await save(attemptId, 'not a token')).toEqual({ ok: false, reason: 'signed_out' });
		expect(await save(attemptId, 'a'.repeat(32))).toEqual({ ok: false, reason: 'signed_out' });
		const idle = new Date(Date.now() + SESSION_IDLE_MS + 1000);
		expect(await save(attemptId, token, idle)).toEqual({ ok: false, reason: 'signed_out' });
		const old = new Date(Date.now() + SESSION_ABSOLUTE_MS + 1000);
		expect(await save(attemptId, token, old)).toEqual({ ok: false, reason: 'signed_out' });
		expect(await stored(attemptId)).toBe(0);
	});

	it('refuses a disabled account', async () => {
		const { user, attemptId, token } = await setup();
		await db().update(users).set({ disabledAt: new Date() }).where(eq(users.id, user.id));
		expect(await save(attemptId, token)).toEqual({ ok: false, reason: 'signed_out' });
		expect(await stored(attemptId)).toBe(0);
	});

	it('answers not found for another user’s attempt, and closed for a finished one', async () => {
		const mine = await setup();
		const theirs = await setup();
		expect(await save(theirs.attemptId, mine.token)).toEqual({ ok: false, reason: 'not_found' });
		expect(await stored(theirs.attemptId)).toBe(0);
		await finishAttempt(db(), mine.attemptId);
		expect(await save(mine.attemptId, mine.token)).toEqual({ ok: false, reason: 'closed' });
	});

	it('reports stale saves with the stored answer', async () => {
		const { attemptId, token } = await setup();
		await save(attemptId, token);
		const again = await save(attemptId, token);
		expect(again).toEqual({
			ok: true,
			results: [{ position: 1, status: 'stale', seq: 1, selected: [0], flagged: false }]
		});
	});
});
