import { and, eq } from 'drizzle-orm';
import { expect, it } from 'vitest';
import { contestRegistrations, contestRounds } from '../db/schema';
import { describeEachDatabase } from '../testing/databases';
import { MAX_REPORTS_PER_ROUND, reportIncident } from './incidents';
import { monitorSnapshot } from './monitor';
import { registerUnit } from './registration';
import { startRoundAttempt } from './round-attempt';
import { extendCandidateTime } from './extensions';
import { candidateIn, contestWorld } from './testing/fixtures';

const MIN = 60_000;

describeEachDatabase('a candidate reports a problem during a round', ({ db }) => {
	async function world() {
		const w = await contestWorld(db(), { round: { durationSeconds: 1800 } });
		const [round] = await db().select().from(contestRounds).where(eq(contestRounds.id, w.roundId));
		const sitting = await candidateIn(db(), w.province.tl1.id, 'Nguyễn Văn An');
		const second = await candidateIn(db(), w.province.tl1.id, 'Lê Thị Bình');
		const outsider = await candidateIn(db(), w.province.hp1.id, 'Trần Văn Ngoài');
		await registerUnit(db(), w.organizer, { levelId: w.levelId, unitId: w.province.tl1.id });
		const during = new Date(round.opensAt!.getTime() + 5 * MIN);
		const snapshot = (now: Date) =>
			monitorSnapshot(
				db(),
				{ roundId: w.roundId, levelId: w.levelId, contestUnit: w.province.province },
				now
			);
		return { w, round, sitting, second, outsider, during, snapshot };
	}

	it('shows on the organizer’s monitor with the candidate, their unit, the problem and the message', async () => {
		const { w, sitting, during, snapshot } = await world();
		const started = await startRoundAttempt(db(), {
			userId: sitting.userId,
			roundId: w.roundId,
			now: during
		});
		expect(started.ok).toBe(true);
		const at = new Date(during.getTime() + 3 * MIN);
		expect(
			await reportIncident(db(), {
				userId: sitting.userId,
				roundId: w.roundId,
				problem: 'connection',
				message: 'Mất mạng từ 8 giờ 10 đến 8 giờ 15',
				now: at
			})
		).toEqual({ ok: true });
		const snap = await snapshot(at);
		expect(snap.incidents).toHaveLength(1);
		const incident = snap.incidents[0];
		expect(incident).toMatchObject({
			kind: 'candidate_report',
			candidateName: 'Nguyễn Văn An',
			unitName: 'Chi bộ thôn Đồng Chùa',
			details: { problem: 'connection', message: 'Mất mạng từ 8 giờ 10 đến 8 giờ 15' },
			at: at.toISOString()
		});
		// The organizer can act on it: the candidate's code leads to the time extension.
		const extended = await extendCandidateTime(db(), {
			round: (await db().select().from(contestRounds).where(eq(contestRounds.id, w.roundId)))[0],
			candidateCode: incident.candidateCode!,
			minutes: 5,
			reason: 'Mất mạng (thí sinh báo)',
			actorUserId: w.organizer.id,
			graceMs: 10_000,
			now: at
		});
		expect(extended.ok).toBe(true);
	});

	it('refuses outside the window, from someone not registered, an empty "other", and past the limit', async () => {
		const { w, round, sitting, outsider, during, snapshot } = await world();
		const report = (userId: number, now: Date, problem = 'device', message = '') =>
			reportIncident(db(), { userId, roundId: w.roundId, problem, message, now });
		expect(await report(sitting.userId, new Date(round.opensAt!.getTime() - MIN))).toEqual({
			ok: false,
			error: 'not_open'
		});
		expect(await report(sitting.userId, round.closesAt!)).toEqual({
			ok: false,
			error: 'not_open'
		});
		expect(await report(outsider.userId, during)).toEqual({ ok: false, error: 'not_found' });
		expect(await report(sitting.userId, during, 'other', '  ')).toEqual({
			ok: false,
			error: 'invalid'
		});
		expect(await report(sitting.userId, during, 'hacked')).toEqual({
			ok: false,
			error: 'invalid'
		});
		expect(await report(sitting.userId, during, 'device', 'x'.repeat(501))).toEqual({
			ok: false,
			error: 'invalid'
		});
		for (let i = 0; i < MAX_REPORTS_PER_ROUND; i++) {
			expect(await report(sitting.userId, during)).toEqual({ ok: true });
		}
		expect(await report(sitting.userId, during)).toEqual({ ok: false, error: 'too_many' });
		expect((await snapshot(during)).incidents).toHaveLength(MAX_REPORTS_PER_ROUND);
	});

	it('accepts a report past the close only from a candidate whose attempt still runs (an extension)', async () => {
		const { w, round, sitting, second } = await world();
		const startedAt = new Date(round.closesAt!.getTime() - 2 * MIN);
		const started = await startRoundAttempt(db(), {
			userId: sitting.userId,
			roundId: w.roundId,
			now: startedAt
		});
		expect(started.ok).toBe(true);
		const extended = await extendCandidateTime(db(), {
			round,
			candidateCode: await codeOf(w.levelId, sitting.userId),
			minutes: 10,
			reason: 'Mất điện',
			actorUserId: w.organizer.id,
			graceMs: 10_000,
			now: startedAt
		});
		expect(extended.ok).toBe(true);
		const afterClose = new Date(round.closesAt!.getTime() + MIN);
		expect(
			await reportIncident(db(), {
				userId: second.userId,
				roundId: w.roundId,
				problem: 'connection',
				message: '',
				now: afterClose
			})
		).toEqual({ ok: false, error: 'not_open' });
		expect(
			await reportIncident(db(), {
				userId: sitting.userId,
				roundId: w.roundId,
				problem: 'connection',
				message: '',
				now: new Date(round.closesAt!.getTime() + MIN)
			})
		).toEqual({ ok: true });
	});

	async function codeOf(levelId: number, userId: number) {
		const [row] = await db()
			.select({ code: contestRegistrations.candidateCode })
			.from(contestRegistrations)
			.where(
				and(eq(contestRegistrations.levelId, levelId), eq(contestRegistrations.userId, userId))
			);
		return row.code;
	}
});
