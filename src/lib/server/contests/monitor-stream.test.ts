import { eq } from 'drizzle-orm';
import { expect, it } from 'vitest';
import { contestRounds } from '../db/schema';
import { describeEachDatabase } from '../testing/databases';
import { monitorStream } from './monitor-stream';
import { registerUnit } from './registration';
import { startRoundAttempt } from './round-attempt';
import { candidateIn, contestWorld } from './testing/fixtures';

const minutes = (d: Date, n: number) => new Date(d.getTime() + n * 60_000);

/** The first snapshot a stream sends (the stream ends after one read). */
async function firstSnapshot(response: Response) {
	const text = await response.text();
	const data = text.split('\n').find((line) => line.startsWith('data: '));
	return JSON.parse(data!.slice('data: '.length));
}

describeEachDatabase('the live monitor stream', ({ db }) => {
	it("counts who is still working by the clock it is given (the request's, on a test-clock server)", async () => {
		const w = await contestWorld(db());
		const candidate = await candidateIn(db(), w.province.tl1.id, 'Lò Văn Giờ');
		await registerUnit(db(), w.organizer, { levelId: w.levelId, unitId: w.province.tanLap.id });
		const [round] = await db().select().from(contestRounds).where(eq(contestRounds.id, w.roundId));
		const started = await startRoundAttempt(db(), {
			userId: candidate.userId,
			roundId: w.roundId,
			now: minutes(round.opensAt!, 1)
		});
		expect(started).toMatchObject({ ok: true });
		const target = { roundId: w.roundId, levelId: w.levelId, contestUnit: w.province.province };
		const at = async (now: Date) =>
			(
				await firstSnapshot(
					monitorStream(db(), target, new AbortController().signal, {
						lifetimeMs: 0,
						now: () => now
					})
				)
			).totals;
		// Ten minutes to sit, from a minute after the opening.
		expect(await at(minutes(round.opensAt!, 5))).toMatchObject({ started: 1, working: 1 });
		expect(await at(minutes(round.opensAt!, 30))).toMatchObject({ started: 1, working: 0 });
	});
});
