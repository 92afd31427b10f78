import { and, eq } from 'drizzle-orm';
import { expect, it } from 'vitest';
import { contestAuditLog } from '../db/schema';
import { describeEachDatabase } from '../testing/databases';
import { buildContest } from '../contests/testing/organize-fixtures';
import { addJudge, setAllowOwnUnit } from './panel';
import { judgeSeat } from './seats';
import { judgeView, submitSheet } from './sheets';
import { finals, judgeFrom } from './testing/finals-fixtures';

describeEachDatabase('judges’ seats', ({ db }) => {
	it('a judge reaches only rounds whose panel they sit on, with the judge role in scope', async () => {
		const f = await finals(db());
		const offPanel = await judgeFrom(db(), f.province, f.province, 'Giám khảo Ngoài');
		expect(await judgeSeat(db(), offPanel, f.round.id)).toBeNull();
		expect(await judgeSeat(db(), f.judges[0], f.round.id)).not.toBeNull();
		// A judge of another province cannot be put on the panel.
		const other = await buildContest(db());
		const foreign = await judgeFrom(db(), other.province, other.province, 'Giám khảo Tỉnh Khác');
		expect(
			await addJudge(db(), f.organizer.id, f.round, f.province.path, foreign.username)
		).toEqual({
			ok: false,
			error: 'not_a_judge'
		});
		// Without the judge role any more, the seat is gone.
		expect(await judgeSeat(db(), { ...f.judges[1], grants: [] }, f.round.id)).toBeNull();
	});

	it('conflict of interest: no scoring of one’s own unit unless the organizer allows it (logged)', async () => {
		const f = await finals(db());
		const seat = (await judgeSeat(db(), f.judges[2], f.round.id))!;
		const view = await judgeView(db(), seat);
		expect(view.candidates.map((c) => c.conflict)).toEqual([true, false]);
		expect(
			await submitSheet(db(), seat, {
				registrationId: f.a.registration.id,
				points: f.sheet(30, 10),
				comment: ''
			})
		).toEqual({ ok: false, error: 'conflict' });
		expect(
			await submitSheet(db(), seat, {
				registrationId: f.b.registration.id,
				points: f.sheet(30, 10),
				comment: ''
			})
		).toMatchObject({ ok: true, revision: 1, total: 40 });
		expect(await setAllowOwnUnit(db(), f.organizer.id, f.round, f.judges[2].id, true, '')).toEqual({
			ok: false,
			error: 'reason_required'
		});
		expect(
			await setAllowOwnUnit(db(), f.organizer.id, f.round, f.judges[2].id, true, 'Thiếu giám khảo')
		).toEqual({ ok: true });
		const allowed = (await judgeSeat(db(), f.judges[2], f.round.id))!;
		expect(
			await submitSheet(db(), allowed, {
				registrationId: f.a.registration.id,
				points: f.sheet(30, 10),
				comment: ''
			})
		).toMatchObject({ ok: true });
		const logged = await db()
			.select()
			.from(contestAuditLog)
			.where(
				and(
					eq(contestAuditLog.contestId, f.contest.id),
					eq(contestAuditLog.action, 'judging.own_unit_allowed')
				)
			);
		expect(logged.map((l) => [l.reason, l.actorUserId])).toEqual([
			['Thiếu giám khảo', f.organizer.id]
		]);
	});
});
