import { eq } from 'drizzle-orm';
import { expect, it } from 'vitest';
import type { Db } from '../db/client';
import { users } from '../db/schema';
import { createSession, validateSessionToken } from '../auth/session';
import { describeEachDatabase } from '../testing/databases';
import { navFor } from '../nav';
import { judgeSeat, mySeats } from '../judging/seats';
import { judgeView, submitSheet } from '../judging/sheets';
import { startRoundAttempt } from '../contests/round-attempt';
import { DEMO_FINALS, seedDemoFinals } from './finals';
import { seedDemo } from './seed';

async function signedIn(db: Db, username: string) {
	const [row] = await db.select().from(users).where(eq(users.username, username));
	const { token } = await createSession(db, row.id);
	return (await validateSessionToken(db, token))!.user;
}

describeEachDatabase('the demo finals', ({ db }) => {
	it('each demo judge finds the finals from the navigation and can score a finalist', async () => {
		await seedDemo(db());
		await seedDemoFinals(db());
		for (const username of DEMO_FINALS.judges) {
			const judge = await signedIn(db(), username);
			expect(navFor(judge)).toContainEqual({ key: 'judging', href: '/contests/judge' });
			const seats = await mySeats(db(), judge);
			expect(seats.map((s) => [s.contestName, s.roundName, s.kind]).sort()).toEqual([
				[DEMO_FINALS.contest, DEMO_FINALS.essay, 'essay'],
				[DEMO_FINALS.contest, DEMO_FINALS.round, 'situation']
			]);
			const situation = seats.find((s) => s.kind === 'situation')!;
			const seat = (await judgeSeat(db(), judge, situation.roundId))!;
			const view = await judgeView(db(), seat);
			expect(view.round.maxScore).toBe(100);
			expect(view.rubric.map((c) => c.maxPoints)).toEqual([40, 30, 20, 10]);
			expect(view.candidates).toHaveLength(3);
			expect(view.candidates.some((c) => c.conflict)).toBe(false);
			const points = Object.fromEntries(view.rubric.map((c) => [c.id, c.maxPoints / 2]));
			expect(
				await submitSheet(db(), seat, {
					registrationId: view.candidates[0].registrationId,
					points,
					comment: ''
				})
			).toMatchObject({ ok: true, total: 50, revision: 1 });
		}
		// A finalist has no seat on the panel.
		const secretary = await signedIn(db(), DEMO_FINALS.finalists[0]);
		expect(await mySeats(db(), secretary)).toEqual([]);
		// And can write the essay now: the round is open, its prompt set.
		const essayRound = (await mySeats(db(), await signedIn(db(), DEMO_FINALS.judges[0]))).find(
			(s) => s.kind === 'essay'
		)!;
		const started = await startRoundAttempt(db(), {
			userId: secretary.id,
			roundId: essayRound.roundId,
			now: new Date()
		});
		expect(started).toMatchObject({ ok: true, resumed: false });
	});
});
