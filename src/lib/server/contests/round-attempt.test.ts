import { and, eq } from 'drizzle-orm';
import { expect, it } from 'vitest';
import { attempts, contestRounds } from '../db/schema';
import { finishAttempt } from '../quiz/finish';
import { attemptResult } from '../quiz/results';
import { openAttemptForTaking } from '../quiz/taking';
import { describeEachDatabase } from '../testing/databases';
import { registerUnit } from './registration';
import { roundLobby, savePrediction, upcomingRoundsFor } from './candidate';
import { ownRoundResult } from './own-result';
import { roundSubject, startRoundAttempt } from './round-attempt';
import { candidateIn, contestWorld } from './testing/fixtures';

const minutes = (d: Date, n: number) => new Date(d.getTime() + n * 60_000);

async function roundTimes(db: ReturnType<typeof Object>, roundId: number) {
	const [r] = await db.select().from(contestRounds).where(eq(contestRounds.id, roundId));
	return r as typeof contestRounds.$inferSelect;
}

describeEachDatabase('contest rounds on the attempt engine', ({ db }) => {
	async function world(options: Parameters<typeof contestWorld>[1] = {}) {
		const w = await contestWorld(db(), options);
		const candidate = await candidateIn(db(), w.province.tl1.id, 'Nguyễn Thí Sinh');
		const registered = await registerUnit(db(), w.organizer, {
			levelId: w.levelId,
			unitId: w.province.tanLap.id
		});
		expect(registered).toMatchObject({ ok: true });
		const round = await roundTimes(db(), w.roundId);
		return { ...w, candidate, round, opensAt: round.opensAt!, closesAt: round.closesAt! };
	}

	it('enforces the window on the server: no start before it opens or after it closes', async () => {
		const w = await world();
		const start = (now: Date) =>
			startRoundAttempt(db(), { userId: w.candidate.userId, roundId: w.roundId, now });
		expect(await start(minutes(w.opensAt, -1))).toEqual({ ok: false, reason: 'not_open_yet' });
		expect(await start(new Date(w.opensAt.getTime() - 1))).toEqual({
			ok: false,
			reason: 'not_open_yet'
		});
		expect(await start(w.closesAt)).toEqual({ ok: false, reason: 'closed' });
		// Late in the window the deadline is the close, not start + duration.
		const late = minutes(w.closesAt, -3);
		const started = await start(late);
		expect(started).toMatchObject({ ok: true, resumed: false });
		const [row] = await db()
			.select()
			.from(attempts)
			.where(eq(attempts.id, (started as { attemptId: string }).attemptId));
		expect(row.deadline.getTime()).toBe(w.closesAt.getTime());
		expect(row).toMatchObject({
			kind: 'contest',
			subject: roundSubject(w.roundId),
			roundId: w.roundId
		});
		// Someone not registered cannot start at all.
		const outsider = await candidateIn(db(), w.province.hp1.id, 'Người Ngoài', 'member');
		expect(
			await startRoundAttempt(db(), { userId: outsider.userId, roundId: w.roundId, now: late })
		).toEqual({ ok: false, reason: 'not_found' });
		// An organizer closing early closes it for starts.
		await db()
			.update(contestRounds)
			.set({ closedAt: minutes(w.opensAt, 5) })
			.where(eq(contestRounds.id, w.roundId));
		const second = await candidateIn(db(), w.province.tl2.id, 'Trần Đến Muộn');
		await registerUnit(db(), w.organizer, { levelId: w.levelId, unitId: w.province.tl2.id });
		expect(
			await startRoundAttempt(db(), {
				userId: second.userId,
				roundId: w.roundId,
				now: minutes(w.opensAt, 6)
			})
		).toEqual({ ok: false, reason: 'closed' });
	});

	it('makes one attempt out of 50 parallel starts and allows no second one', async () => {
		const w = await world();
		const now = minutes(w.opensAt, 1);
		// Several candidates in turn, so a race between the starts has more than one chance to show.
		const others = [];
		for (const name of ['Lê Song Song', 'Phạm Đồng Thời', 'Võ Cùng Lúc'])
			others.push(await candidateIn(db(), w.province.tl1.id, name));
		await registerUnit(db(), w.organizer, { levelId: w.levelId, unitId: w.province.tl1.id });
		for (const candidate of [w.candidate, ...others]) {
			const results = await Promise.all(
				Array.from({ length: 50 }, () =>
					startRoundAttempt(db(), { userId: candidate.userId, roundId: w.roundId, now })
				)
			);
			expect(results.filter((r) => !r.ok)).toEqual([]);
			const ids = new Set(results.map((r) => (r as { attemptId: string }).attemptId));
			expect(ids.size).toBe(1);
			const rows = await db()
				.select()
				.from(attempts)
				.where(
					and(eq(attempts.userId, candidate.userId), eq(attempts.subject, roundSubject(w.roundId)))
				);
			expect(rows).toHaveLength(1);
			expect(results.filter((r) => r.ok && !r.resumed)).toHaveLength(1);
			await finishAttempt(db(), [...ids][0], { userId: candidate.userId, now: minutes(now, 2) });
			expect(
				await startRoundAttempt(db(), {
					userId: candidate.userId,
					roundId: w.roundId,
					now: minutes(now, 3)
				})
			).toEqual({ ok: false, reason: 'no_attempts_left' });
		}
	});

	it('keeps the review closed until the window closes and the review opens', async () => {
		const w = await world({ canary: 'CANARYREV' });
		const reviewOpensAt = minutes(w.closesAt, 30);
		await db().update(contestRounds).set({ reviewOpensAt }).where(eq(contestRounds.id, w.roundId));
		const now = minutes(w.opensAt, 1);
		const started = await startRoundAttempt(db(), {
			userId: w.candidate.userId,
			roundId: w.roundId,
			now
		});
		const attemptId = (started as { attemptId: string }).attemptId;
		const taking = await openAttemptForTaking(db(), {
			attemptId,
			userId: w.candidate.userId,
			locale: 'vi',
			now
		});
		const takingText = JSON.stringify(taking);
		expect(takingText).toContain('CANARYREV-STEM');
		expect(takingText).not.toContain('CANARYREV-EXPL');
		expect(takingText).not.toMatch(/"correct"|cau-\d/);
		await finishAttempt(db(), attemptId, { userId: w.candidate.userId, now: minutes(now, 1) });

		// Finished during the window, after the close, and just before the review opens: nothing.
		for (const at of [minutes(now, 2), w.closesAt, new Date(reviewOpensAt.getTime() - 1)]) {
			const own = await ownRoundResult(db(), w.candidate.userId, w.roundId, at);
			expect(own?.round.reviewOpen).toBe(false);
			expect(own?.reviewAttemptId).toBeNull();
		}
		const during = await ownRoundResult(db(), w.candidate.userId, w.roundId, minutes(now, 2));
		expect(during?.attempts[0]).toMatchObject({ correct: null, timeTakenMs: null });
		const engine = await attemptResult(db(), {
			attemptId,
			userId: w.candidate.userId,
			locale: 'vi'
		});
		expect(engine.state).toBe('finished');
		expect(JSON.stringify(engine)).not.toContain('CANARYREV');
		expect(engine.state === 'finished' && engine.view.score).toBeUndefined();

		const after = await ownRoundResult(db(), w.candidate.userId, w.roundId, reviewOpensAt);
		expect(after).toMatchObject({ round: { reviewOpen: true }, reviewAttemptId: attemptId });
		expect(after?.attempts[0]).toMatchObject({
			correct: expect.any(Number),
			timeTakenMs: 60_000,
			counting: true
		});
		const review = await attemptResult(db(), {
			attemptId,
			userId: w.candidate.userId,
			locale: 'vi',
			contestReviewOpen: true
		});
		expect(JSON.stringify(review)).toContain('CANARYREV-EXPL');
	});

	it('lets open contests take several attempts and counts the best, then the earliest', async () => {
		const w = await world({
			kind: 'open',
			round: { attemptsAllowed: 3, predictionQuestion: 'Bao nhiêu người trả lời đúng hết?' }
		});
		let now = minutes(w.opensAt, 1);
		const ids: string[] = [];
		for (let i = 0; i < 3; i++) {
			const s = await startRoundAttempt(db(), {
				userId: w.candidate.userId,
				roundId: w.roundId,
				now
			});
			expect(s).toMatchObject({ ok: true, resumed: false });
			const id = (s as { attemptId: string }).attemptId;
			expect(
				await savePrediction(db(), {
					userId: w.candidate.userId,
					roundId: w.roundId,
					attemptId: id,
					value: 100 + i,
					now
				})
			).toBe(true);
			ids.push(id);
			now = minutes(now, 1);
			// Nobody answers: every attempt has 0 correct; the 2nd and 3rd are as fast as the first.
			await finishAttempt(db(), id, { userId: w.candidate.userId, now });
			now = minutes(now, 1);
		}
		expect(
			await startRoundAttempt(db(), { userId: w.candidate.userId, roundId: w.roundId, now })
		).toEqual({ ok: false, reason: 'no_attempts_left' });
		// A finished attempt takes no prediction.
		expect(
			await savePrediction(db(), {
				userId: w.candidate.userId,
				roundId: w.roundId,
				attemptId: ids[0],
				value: 1,
				now
			})
		).toBe(false);
		const own = await ownRoundResult(db(), w.candidate.userId, w.roundId, w.closesAt);
		expect(own?.attempts.map((a) => a.counting)).toEqual([true, false, false]);
		const lobby = await roundLobby(db(), w.candidate.userId, w.roundId, now);
		expect(lobby).toMatchObject({
			attemptsUsed: 3,
			openAttemptId: null,
			round: { attemptsAllowed: 3 }
		});
	});

	it("lists a candidate's upcoming and open rounds, and nobody else's", async () => {
		const w = await world();
		const upcoming = await upcomingRoundsFor(db(), w.candidate.userId, minutes(w.opensAt, -10));
		expect(upcoming).toEqual([
			expect.objectContaining({ id: w.roundId, window: 'before', contestId: w.contestId })
		]);
		expect(
			(await upcomingRoundsFor(db(), w.candidate.userId, minutes(w.opensAt, 1)))[0].window
		).toBe('open');
		expect(await upcomingRoundsFor(db(), w.candidate.userId, w.closesAt)).toEqual([]);
		const outsider = await candidateIn(db(), w.province.hp1.id, 'Lê Không Đăng Ký', 'member');
		expect(await upcomingRoundsFor(db(), outsider.userId, minutes(w.opensAt, -10))).toEqual([]);
	});
});
