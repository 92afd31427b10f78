import { eq } from 'drizzle-orm';
import { expect, it } from 'vitest';
import { contestRoundResults, judgeScoreChanges } from '../db/schema';
import { describeEachDatabase } from '../testing/databases';
import { levelStandings } from '../contests/standings';
import { lockScores, roundSummary } from './lock';
import { saveRubric } from './rubric';
import { judgeSeat } from './seats';
import { judgeView, submitSheet } from './sheets';
import { sheetFromForm } from './sheet-form';
import { finals } from './testing/finals-fixtures';

describeEachDatabase('judges’ score sheets', ({ db }) => {
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

	it('a sheet posted as a plain form (no JavaScript) is stored once, however often it is posted', async () => {
		const f = await finals(db());
		const seat = (await judgeSeat(db(), f.judges[0], f.round.id))!;
		const [c1, c2] = (await judgeView(db(), seat)).rubric;
		const posted = new FormData();
		for (const [k, v] of [
			['registrationId', String(f.b.registration.id)],
			[`p-${c1.id}`, '30,5'],
			[`p-${c2.id}`, '10'],
			['comment', 'Không JavaScript'],
			['clientId', 'form-1']
		])
			posted.append(k, v);
		const sheet = sheetFromForm(posted)!;
		expect(await submitSheet(db(), seat, sheet.input)).toMatchObject({
			ok: true,
			total: 40.5,
			revision: 1,
			duplicate: false
		});
		expect(await submitSheet(db(), seat, sheet.input)).toMatchObject({
			revision: 1,
			duplicate: true
		});
		const mine = (await judgeView(db(), seat)).candidates.find(
			(c) => c.registrationId === f.b.registration.id
		)!.mine;
		expect(mine).toMatchObject({ total: 40.5, comment: 'Không JavaScript', revision: 1 });
	});
});
