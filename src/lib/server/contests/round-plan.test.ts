import { and, eq, sql } from 'drizzle-orm';
import { expect, it } from 'vitest';
import { attemptQuestions, contestRegistrations, contestRounds } from '../db/schema';
import { describeEachDatabase } from '../testing/databases';
import { commitBankImport, previewBankImport } from './bank';
import { closeRound } from './publish';
import { registerUnit } from './registration';
import { startRoundAttempt } from './round-attempt';
import { roundPlan } from './round-plan';
import { bytes, candidateIn, contestWorld, markdownBank } from './testing/fixtures';

const minutes = (d: Date, n: number) => new Date(d.getTime() + n * 60_000);

/**
 * The start at a round keeps the round and its bank in memory (`round-plan.ts`, the engine's
 * `bankKey`); these check that nothing kept there outlives a change in the database.
 */
describeEachDatabase('the round start plan kept in memory', ({ db }) => {
	async function world(bankSize: number, questionCount: number) {
		const w = await contestWorld(db(), { bankSize, round: { questionCount } });
		const names = ['Nguyễn Một', 'Trần Hai', 'Lê Ba', 'Phạm Bốn'];
		const people = [];
		for (const name of names) people.push(await candidateIn(db(), w.province.tl1.id, name));
		await registerUnit(db(), w.organizer, { levelId: w.levelId, unitId: w.province.tanLap.id });
		const [round] = await db().select().from(contestRounds).where(eq(contestRounds.id, w.roundId));
		return { ...w, people, round, now: minutes(round.opensAt!, 1) };
	}

	async function paperSize(attemptId: string) {
		const rows = await db()
			.select({ n: sql<number>`count(*)::int` })
			.from(attemptQuestions)
			.where(eq(attemptQuestions.attemptId, attemptId));
		return Number(rows[0].n);
	}

	async function start(w: Awaited<ReturnType<typeof world>>, who: number, now = w.now) {
		return startRoundAttempt(db(), { userId: w.people[who].userId, roundId: w.roundId, now });
	}

	it('draws from a bank imported after the plan was kept', async () => {
		// A round of 5 questions over a bank of 3: the paper is the whole bank.
		const w = await world(3, 5);
		const first = await start(w, 0);
		expect(first).toMatchObject({ ok: true, resumed: false });
		expect(await paperSize((first as { attemptId: string }).attemptId)).toBe(3);
		// Two more questions, nothing changed or retired: only the new import can show them.
		const preview = await previewBankImport(db(), w.organizer, {
			contestId: w.contestId,
			file: { name: 'them.md', bytes: bytes(markdownBank(5, w.canary)) },
			format: 'markdown'
		});
		if (!preview.ok) throw new Error(preview.error);
		expect(await commitBankImport(db(), w.organizer, preview.batchId)).toMatchObject({
			ok: true,
			added: 2,
			unchanged: 3
		});
		const second = await start(w, 1);
		expect(second).toMatchObject({ ok: true, resumed: false });
		expect(await paperSize((second as { attemptId: string }).attemptId)).toBe(5);
	});

	it('refuses a withdrawn candidate and a closed round although the plan says open', async () => {
		const w = await world(10, 5);
		expect(await start(w, 0)).toMatchObject({ ok: true });
		const plan = await roundPlan(db(), w.roundId);
		expect(plan?.round.status).toBe('scheduled');
		await db()
			.update(contestRegistrations)
			.set({ withdrawnAt: w.now })
			.where(
				and(
					eq(contestRegistrations.levelId, w.levelId),
					eq(contestRegistrations.userId, w.people[1].userId)
				)
			);
		expect(await start(w, 1)).toEqual({ ok: false, reason: 'not_found' });
		// The organizer closes the round: the kept plan is read again.
		const closed = await closeRound(db(), w.round, {
			actorUserId: w.organizer.id,
			now: minutes(w.now, 1)
		});
		expect(closed).toEqual({ ok: true });
		expect(await start(w, 2, minutes(w.now, 2))).toEqual({ ok: false, reason: 'closed' });
		expect((await roundPlan(db(), w.roundId))?.round.status).toBe('closed');
		// The candidate who started earlier resumes nothing either: the round is closed.
		expect(await start(w, 0, minutes(w.now, 2))).toEqual({ ok: false, reason: 'closed' });
	});
});
