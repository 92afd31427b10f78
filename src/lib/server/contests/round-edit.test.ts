import { and, eq } from 'drizzle-orm';
import { expect, it } from 'vitest';
import { actorWith } from '../testing/actors';
import { attempts, contestAuditLog, contestRounds } from '../db/schema';
import { describeEachDatabase } from '../testing/databases';
import { extendRoundClose, updateRound } from './round-edit';
import { startRoundAttempt } from './round-attempt';
import { registerUnit } from './registration';
import { contestWorld, roundInput, candidateIn } from './testing/fixtures';

const MIN = 60_000;

describeEachDatabase('editing a round', ({ db }) => {
	const roundRow = async (id: number) =>
		(await db().select().from(contestRounds).where(eq(contestRounds.id, id)))[0];
	const audit = async (contestId: number, action: string) =>
		db()
			.select()
			.from(contestAuditLog)
			.where(and(eq(contestAuditLog.contestId, contestId), eq(contestAuditLog.action, action)));

	it('changes every setting before the round opens, with the changes in the audit trail', async () => {
		const w = await contestWorld(db());
		const before = await roundRow(w.roundId);
		const now = new Date(before.opensAt!.getTime() - 10 * MIN);
		const input = roundInput({
			opensAt: new Date(before.opensAt!.getTime() + 30 * MIN),
			closesAt: new Date(before.closesAt!.getTime() + 60 * MIN),
			durationSeconds: 1200,
			attemptsAllowed: 3,
			counting: 'correct_then_earliest',
			questionCount: 6,
			draw: [
				{ topic: 'chung', difficulty: 2, count: 2 },
				{ topic: 'chung', count: 2 }
			],
			reviewOpensAt: new Date(before.closesAt!.getTime() + 120 * MIN)
		});
		const result = await updateRound(db(), w.organizer, w.roundId, input, now);
		expect(result).toEqual({
			ok: true,
			changed: [
				'opensAt',
				'closesAt',
				'durationSeconds',
				'attemptsAllowed',
				'counting',
				'questionCount',
				'draw',
				'reviewOpensAt'
			]
		});
		const after = await roundRow(w.roundId);
		expect(after).toMatchObject({
			durationSeconds: 1200,
			attemptsAllowed: 3,
			counting: 'correct_then_earliest',
			questionCount: 6,
			draw: input.draw
		});
		expect(after.opensAt).toEqual(input.opensAt);
		expect(after.reviewOpensAt).toEqual(input.reviewOpensAt);
		const [logged] = await audit(w.contestId, 'round.update');
		expect(logged.details).toMatchObject({ changed: result.ok ? result.changed : [] });

		// The domain's checks hold: the review never before the close, rules within the paper.
		expect(
			await updateRound(
				db(),
				w.organizer,
				w.roundId,
				{ ...input, reviewOpensAt: new Date(input.closesAt!.getTime() - MIN) },
				now
			)
		).toMatchObject({ ok: false, error: 'invalid', problems: ['review'] });
		expect(
			await updateRound(
				db(),
				w.organizer,
				w.roundId,
				{ ...input, draw: [{ topic: 'chung', count: 7 }] },
				now
			)
		).toMatchObject({ ok: false, error: 'invalid', problems: ['draw'] });
	});

	it('refuses every change once the round has opened, naming the settings', async () => {
		const w = await contestWorld(db());
		const round = await roundRow(w.roundId);
		const now = new Date(round.opensAt!.getTime() + MIN);
		const same = roundInput({
			name: round.name,
			opensAt: round.opensAt,
			closesAt: round.closesAt
		});
		for (const change of [
			{ durationSeconds: 1200 },
			{ draw: [{ topic: 'chung', count: 2 }] },
			{ attemptsAllowed: 2 },
			{ counting: 'correct_then_earliest' as const },
			{ closesAt: new Date(round.closesAt!.getTime() + 30 * MIN) },
			{ reviewOpensAt: new Date(round.closesAt!.getTime() + 30 * MIN) }
		]) {
			expect(
				await updateRound(db(), w.organizer, w.roundId, { ...same, ...change }, now),
				JSON.stringify(change)
			).toEqual({ ok: false, error: 'opened', changed: Object.keys(change) });
		}
		expect(await roundRow(w.roundId)).toEqual(round);
		// At the opening instant itself, too.
		expect(
			await updateRound(db(), w.organizer, w.roundId, { ...same, weight: 2 }, round.opensAt!)
		).toMatchObject({ ok: false, error: 'opened' });
	});

	it('extends an open round’s close with a reason: logged, deadlines cut by the old close moved', async () => {
		const w = await contestWorld(db(), { round: { durationSeconds: 1800 } });
		const round = await roundRow(w.roundId);
		const candidate = await candidateIn(db(), w.province.tl1.id, 'Nguyễn Văn An');
		await registerUnit(db(), w.organizer, { levelId: w.levelId, unitId: w.province.tl1.id });
		// Started 10 minutes before the close with 30 minutes to go: cut by the close.
		const startedAt = new Date(round.closesAt!.getTime() - 10 * MIN);
		const started = await startRoundAttempt(db(), {
			userId: candidate.userId,
			roundId: w.roundId,
			now: startedAt
		});
		expect(started.ok).toBe(true);
		const attemptId = started.ok ? started.attemptId : '';
		const deadline = async () =>
			(await db().select().from(attempts).where(eq(attempts.id, attemptId)))[0].deadline;
		expect(await deadline()).toEqual(round.closesAt);

		const now = new Date(startedAt.getTime() + MIN);
		const later = new Date(round.closesAt!.getTime() + 60 * MIN);
		expect(
			await extendRoundClose(db(), w.organizer, w.roundId, { closesAt: later, reason: ' ' }, now)
		).toEqual({ ok: false, error: 'reason_required' });
		expect(
			await extendRoundClose(
				db(),
				w.organizer,
				w.roundId,
				{ closesAt: new Date(round.closesAt!.getTime() - MIN), reason: 'Mất điện' },
				now
			)
		).toEqual({ ok: false, error: 'not_later' });
		expect(
			await extendRoundClose(
				db(),
				w.organizer,
				w.roundId,
				{ closesAt: later, reason: 'Mất điện ở xã Tân Lập' },
				now
			)
		).toEqual({ ok: true, attemptsMoved: 1 });
		expect((await roundRow(w.roundId)).closesAt).toEqual(later);
		expect(await deadline()).toEqual(new Date(startedAt.getTime() + 30 * MIN));
		const [logged] = await audit(w.contestId, 'round.close_extended');
		expect(logged.reason).toBe('Mất điện ở xã Tân Lập');
		expect(logged.details).toMatchObject({
			from: round.closesAt!.toISOString(),
			to: later.toISOString(),
			attemptsMoved: 1
		});
	});

	it('does not extend a round before it opens (edit it instead) nor after its close', async () => {
		const w = await contestWorld(db());
		const round = await roundRow(w.roundId);
		const later = new Date(round.closesAt!.getTime() + 60 * MIN);
		const input = { closesAt: later, reason: 'Lý do' };
		expect(
			await extendRoundClose(
				db(),
				w.organizer,
				w.roundId,
				input,
				new Date(round.opensAt!.getTime() - MIN)
			)
		).toEqual({ ok: false, error: 'not_open' });
		expect(await extendRoundClose(db(), w.organizer, w.roundId, input, round.closesAt!)).toEqual({
			ok: false,
			error: 'closed'
		});
		expect((await roundRow(w.roundId)).closesAt).toEqual(round.closesAt);
	});

	it('finds no round outside the organizer’s scope', async () => {
		const w = await contestWorld(db());
		const other = await contestWorld(db());
		const round = await roundRow(w.roundId);
		const now = new Date(round.opensAt!.getTime() - MIN);
		expect(await updateRound(db(), other.organizer, w.roundId, roundInput(), now)).toEqual({
			ok: false,
			error: 'not_found'
		});
		const nobody = await actorWith(db(), []);
		expect(
			await extendRoundClose(db(), nobody, w.roundId, { closesAt: new Date(), reason: 'x' }, now)
		).toEqual({ ok: false, error: 'not_found' });
	});
});
