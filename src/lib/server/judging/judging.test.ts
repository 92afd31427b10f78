import { and, eq } from 'drizzle-orm';
import { expect, it } from 'vitest';
import type { SessionUser } from '../auth/session';
import { grantRole } from '../auth/users';
import type { Db } from '../db/client';
import {
	contestAuditLog,
	contestRoundResults,
	contestRounds,
	judgeScoreChanges,
	type OrgUnit
} from '../db/schema';
import { createPersonWithAccount } from '../people/people';
import { describeEachDatabase } from '../testing/databases';
import { actorWith } from '../testing/actors';
import { buildContest } from '../contests/testing/organize-fixtures';
import { levelStandings } from '../contests/standings';
import { pickFromPool } from './draw';
import { addCard, addJudge, saveRubric, saveSettings, setAllowOwnUnit } from './setup';
import { judgeSeat, judgeView, lockScores, roundSummary, submitSheet } from './scoring';
import { drawCard, projectorSnapshot, setCurrentFinalist } from './stage';

/** A judge account whose person record is in `unit` (for the conflict rule), judging over `grant`. */
async function judgeFrom(
	db: Db,
	unit: OrgUnit,
	grant: OrgUnit,
	name: string
): Promise<SessionUser> {
	const made = await createPersonWithAccount(db, { orgUnitId: unit.id, fullName: name }, null);
	await grantRole(db, { userId: made.userId, role: 'judge', orgUnitId: grant.id });
	return {
		id: made.userId,
		username: made.username,
		displayName: name,
		personId: made.person.id,
		orgUnitId: unit.id,
		orgPath: unit.path,
		locale: 'vi',
		grants: [{ role: 'judge', orgUnitId: grant.id, path: grant.path }]
	};
}

async function finals(db: Db, kind: 'situation' | 'essay' = 'situation') {
	const f = await buildContest(db);
	const organizer = await actorWith(db, [{ role: 'organizer', unit: f.province }]);
	const [round] = await db
		.insert(contestRounds)
		.values({
			contestId: f.contest.id,
			levelId: f.level1.id,
			name: kind === 'essay' ? 'Bài viết' : 'Xử lý tình huống',
			sortOrder: 2,
			kind,
			status: 'scheduled',
			weight: 2
		})
		.returning();
	const a = await f.register(f.cellA, 'Nguyễn Thị Hồng');
	const b = await f.register(f.cellB, 'Trần Văn Bắc');
	const judges = [
		await judgeFrom(db, f.province, f.province, 'Giám khảo Một'),
		await judgeFrom(db, f.province, f.province, 'Giám khảo Hai'),
		await judgeFrom(db, f.communeA, f.province, 'Giám khảo Tân Lập')
	];
	for (const j of judges) {
		expect(await addJudge(db, organizer.id, round, f.province.path, j.username)).toMatchObject({
			ok: true
		});
	}
	const rubric = await saveRubric(db, organizer.id, round, [
		{ name: 'Nội dung', maxPoints: 40, descriptors: 'Đúng, đủ' },
		{ name: 'Giải pháp', maxPoints: 20, descriptors: '' }
	]);
	expect(rubric).toEqual({ ok: true, maxScore: 60 });
	const [fresh] = await db.select().from(contestRounds).where(eq(contestRounds.id, round.id));
	const [c1, c2] = (await judgeView(db, (await judgeSeat(db, judges[0], round.id))!)).rubric;
	const sheet = (x: number, y: number) => ({ [c1.id]: x, [c2.id]: y });
	return { ...f, organizer, round: fresh, a, b, judges, sheet };
}

describeEachDatabase('judged rounds', ({ db }) => {
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

	it('scores stay hidden from other judges until lock; corrections logged; locked scores cannot change', async () => {
		const f = await finals(db());
		const [j1, j2, j3] = await Promise.all(f.judges.map((j) => judgeSeat(db(), j, f.round.id)));
		const reg = f.b.registration.id;
		expect(
			await submitSheet(db(), j1!, { registrationId: reg, points: f.sheet(41, 0), comment: '' })
		).toEqual({ ok: false, error: 'points_out_of_range' });
		expect(
			await submitSheet(db(), j1!, {
				registrationId: reg,
				points: f.sheet(35, 15),
				comment: 'Tốt',
				clientId: 'phone-1'
			})
		).toMatchObject({ ok: true, revision: 1, total: 50 });
		// A resend of the same queued submission changes nothing.
		expect(
			await submitSheet(db(), j1!, {
				registrationId: reg,
				points: f.sheet(35, 15),
				comment: 'Tốt',
				clientId: 'phone-1'
			})
		).toMatchObject({ ok: true, revision: 1, duplicate: true });
		// Judge 2 sees neither judge 1's sheet nor any total.
		const seen = await judgeView(db(), j2!);
		const row = seen.candidates.find((c) => c.registrationId === reg)!;
		expect(row.mine).toBeNull();
		expect(row.panel).toBeNull();
		expect(JSON.stringify(seen)).not.toContain('Tốt');
		// A correction before the lock: revision 2, both versions kept.
		expect(
			await submitSheet(db(), j1!, {
				registrationId: reg,
				points: f.sheet(36, 15),
				comment: 'Tốt, sửa',
				clientId: 'phone-2'
			})
		).toMatchObject({ ok: true, revision: 2, total: 51 });
		await submitSheet(db(), j2!, { registrationId: reg, points: f.sheet(30, 10), comment: '' });
		await submitSheet(db(), j3!, { registrationId: reg, points: f.sheet(20, 5), comment: '' });
		const changes = await db()
			.select()
			.from(judgeScoreChanges)
			.where(eq(judgeScoreChanges.roundId, f.round.id));
		expect(changes.filter((c) => c.judgeUserId === f.judges[0].id).map((c) => c.total)).toEqual([
			50, 51
		]);

		const summary = await roundSummary(db(), f.round, f.province.path);
		const b = summary.rows.find((r) => r.registrationId === reg)!;
		// Trimmed mean with 3 judges = mean: (51 + 40 + 25) / 3.
		expect(b.score).toBe(38.666667);
		expect(b.spread).toBe(26);
		expect(b.disagreement).toBe(true);
		// Candidate A: judges 1 and 2 still to score; judge 3 is conflicted.
		expect(
			summary.rows.find((r) => r.registrationId === f.a.registration.id)!.waiting.sort()
		).toEqual(['Giám khảo Hai', 'Giám khảo Một']);

		expect(await lockScores(db(), f.organizer.id, f.round, f.province.path)).toEqual({
			ok: true,
			ranked: 1
		});
		expect(await lockScores(db(), f.organizer.id, f.round, f.province.path)).toEqual({
			ok: false,
			error: 'already_locked'
		});
		const lockedSeat = (await judgeSeat(db(), f.judges[0], f.round.id))!;
		expect(
			await submitSheet(db(), lockedSeat, {
				registrationId: reg,
				points: f.sheet(40, 20),
				comment: ''
			})
		).toEqual({ ok: false, error: 'locked' });
		expect(
			await saveRubric(db(), f.organizer.id, f.round, [
				{ name: 'X', maxPoints: 5, descriptors: '' }
			])
		).toEqual({ ok: false, error: 'locked' });
		// After the lock every judge sees the panel's totals.
		const after = await judgeView(db(), (await judgeSeat(db(), f.judges[1], f.round.id))!);
		expect(after.candidates.find((c) => c.registrationId === reg)!.panel).toEqual([51, 40, 25]);
		// The round's result, out of the rubric's maximum, counts in the level's standings (weight 2).
		const [result] = await db()
			.select()
			.from(contestRoundResults)
			.where(eq(contestRoundResults.roundId, f.round.id));
		// (Stored as a 4-byte real, as online rounds' scores are.)
		expect(result.score).toBeCloseTo(38.666667, 4);
		expect([result.maxScore, result.rank]).toEqual([60, 1]);
		const standings = await levelStandings(db(), f.level1, f.province);
		expect(standings.standings.map((s) => s.candidateId)).toEqual([String(reg)]);
		expect(standings.standings[0].score).toBeCloseTo((2 * 38.666667) / 60, 5);
	});

	it('essays are judged by candidate code until lock', async () => {
		const f = await finals(db(), 'essay');
		const view = await judgeView(db(), (await judgeSeat(db(), f.judges[0], f.round.id))!);
		expect(view.anonymised).toBe(true);
		expect(view.candidates.map((c) => [c.name, c.unitName])).toEqual([
			[null, null],
			[null, null]
		]);
		expect(JSON.stringify(view)).not.toContain('Nguyễn Thị Hồng');
		expect(view.candidates.map((c) => c.code)).toEqual([
			f.a.registration.candidateCode,
			f.b.registration.candidateCode
		]);
	});

	it('draw by lot: no repeat in the round, reproducible from the stored seed, shown on the projector', async () => {
		const f = await finals(db());
		for (const t of ['Tình huống 1', 'Tình huống 2']) {
			await addCard(db(), f.organizer.id, f.contest.id, {
				title: t,
				body: `Nội dung **${t}**<script>alert(1)</script>`,
				guidingPoints: 'GỢI Ý MẬT',
				criteria: ''
			});
		}
		expect(await drawCard(db(), f.organizer.id, f.round)).toEqual({
			ok: false,
			error: 'no_finalist'
		});
		await setCurrentFinalist(db(), f.round, f.a.registration.id);
		const first = await drawCard(db(), f.organizer.id, f.round);
		if (!first.ok) throw new Error(first.error);
		expect(pickFromPool(first.pool, first.seed)).toBe(first.cardId);
		expect(first.pool).toHaveLength(2);
		// Pressing again shows the same card.
		expect(await drawCard(db(), f.organizer.id, f.round)).toMatchObject({
			cardId: first.cardId,
			again: true
		});
		const shown = await projectorSnapshot(db(), f.round);
		expect(shown.card?.title).toMatch(/^Tình huống/);
		expect(shown.card?.html).not.toContain('<script');
		expect(JSON.stringify(shown)).not.toContain('GỢI Ý MẬT');
		expect(shown.finalist?.name).toBe('Nguyễn Thị Hồng');
		await setCurrentFinalist(db(), f.round, f.b.registration.id);
		const second = await drawCard(db(), f.organizer.id, f.round);
		if (!second.ok) throw new Error(second.error);
		expect(second.pool).toEqual(first.pool.filter((id) => id !== first.cardId));
		expect(second.cardId).not.toBe(first.cardId);
		// Repeats allowed: the full bank again for a new finalist.
		await saveSettings(db(), f.organizer.id, f.round, {
			aggregation: 'mean',
			disagreementThreshold: 10,
			projectorScores: 'live',
			noRepeat: false,
			prepSeconds: 60,
			answerSeconds: 180
		});
		const c = await f.register(f.cellA, 'Lê Đức Anh');
		await setCurrentFinalist(db(), f.round, c.registration.id);
		const third = await drawCard(db(), f.organizer.id, f.round);
		expect(third.ok && third.pool).toHaveLength(2);
	});
});
