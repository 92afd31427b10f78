import ExcelJS from 'exceljs';
import { and, eq } from 'drizzle-orm';
import { expect, it } from 'vitest';
import {
	attempts,
	contestAuditLog,
	contestLevels,
	contestRegistrations,
	contestRoundResults,
	contestRounds,
	contestTimeExtensions,
	users
} from '../db/schema';
import { describeEachDatabase } from '../testing/databases';
import {
	adjustAdvancement,
	computeAdvancement,
	publishAdvancement,
	storedAdvancement
} from './advancement-store';
import { levelCertificates } from './certificates';
import { extendCandidateTime } from './extensions';
import { exportRoundResults, resultsWorkbook, roundResultRows } from './export';
import { monitorSnapshot, recordIncident } from './monitor';
import {
	computeAwards,
	levelAwards,
	overrideAward,
	publishAwards,
	saveBands
} from './prizes-store';
import { closeRound, computeRoundResults, publishRoundResults } from './publish';
import { buildContest } from './testing/organize-fixtures';

const MIN = 60_000;

describeEachDatabase('contest organizer side', ({ db }) => {
	const reload = async <T extends { id: number }>(table: typeof contestRounds, row: T) =>
		(await db().select().from(table).where(eq(table.id, row.id)))[0];
	const level = async (id: number) =>
		(await db().select().from(contestLevels).where(eq(contestLevels.id, id)))[0];

	it('monitor: registered / started / working / submitted per commune, and incidents', async () => {
		const now = new Date();
		const f = await buildContest(db(), now);
		const a1 = await f.register(f.cellA, 'Nguyễn Thị Hồng');
		const a2 = await f.register(f.cellA, 'Trần Văn Bắc');
		const a3 = await f.register(f.communeA, 'Lê Đức Anh');
		const b1 = await f.register(f.cellB, 'Phạm Thị Mai');
		await f.register(f.cellB, 'Hoàng Văn Nam');
		const started = new Date(now.getTime() - 10 * MIN);
		await f.attempt(a1.user.id, {
			startedAt: started,
			finishedAt: new Date(now.getTime() - MIN),
			score: 28
		});
		await f.attempt(a2.user.id, {
			startedAt: started,
			deadline: new Date(now.getTime() + 20 * MIN)
		});
		// Past its deadline, not yet swept: started, neither working nor submitted.
		await f.attempt(a3.user.id, { startedAt: started, deadline: new Date(now.getTime() - 1000) });
		await f.attempt(b1.user.id, {
			startedAt: started,
			deadline: new Date(now.getTime() + 20 * MIN)
		});
		await recordIncident(db(), {
			roundId: f.round.id,
			userId: b1.user.id,
			kind: 'disconnected',
			details: { seconds: 95 }
		});

		const snap = await monitorSnapshot(
			db(),
			{ roundId: f.round.id, levelId: f.level1.id, contestUnit: f.province },
			now
		);
		expect(snap.totals).toEqual({ registered: 5, started: 4, working: 2, submitted: 1 });
		expect(
			snap.units.map((u) => [u.unitName, u.registered, u.started, u.working, u.submitted])
		).toEqual([
			['Đảng bộ phường Minh Khai', 2, 1, 1, 0],
			['Đảng bộ xã Tân Lập', 3, 3, 1, 1]
		]);
		expect(snap.incidents).toHaveLength(1);
		expect(snap.incidents[0]).toMatchObject({
			kind: 'disconnected',
			candidateName: 'Phạm Thị Mai',
			candidateCode: b1.registration.candidateCode,
			unitName: 'Chi bộ tổ dân phố 1'
		});
	});

	it('extension: moves the deadline of the attempt in progress, logged with its reason; never reopens', async () => {
		const now = new Date();
		const f = await buildContest(db(), now);
		await db()
			.update(contestRounds)
			.set({ reviewOpensAt: f.round.closesAt })
			.where(eq(contestRounds.id, f.round.id));
		const sitting = await f.register(f.cellA, 'Nguyễn Văn An');
		const done = await f.register(f.cellA, 'Trần Thị Bình');
		const late = await f.register(f.cellB, 'Lê Văn Cường');
		const deadline = new Date(f.round.closesAt!.getTime());
		const open = await f.attempt(sitting.user.id, {
			startedAt: new Date(now.getTime() - 5 * MIN),
			deadline
		});
		await f.attempt(done.user.id, {
			startedAt: new Date(now.getTime() - 5 * MIN),
			finishedAt: new Date(now.getTime() - MIN),
			score: 20
		});
		await f.attempt(late.user.id, {
			startedAt: new Date(now.getTime() - 40 * MIN),
			deadline: new Date(now.getTime() - 500)
		});
		const base = { round: f.round, actorUserId: sitting.user.id, graceMs: 10_000, now };

		expect(
			await extendCandidateTime(db(), {
				...base,
				candidateCode: sitting.registration.candidateCode,
				minutes: 5,
				reason: '  '
			})
		).toEqual({ ok: false, error: 'reason_required' });
		expect(
			await extendCandidateTime(db(), {
				...base,
				candidateCode: sitting.registration.candidateCode,
				minutes: 0,
				reason: 'x'
			})
		).toEqual({ ok: false, error: 'minutes_invalid' });
		expect(
			await extendCandidateTime(db(), {
				...base,
				candidateCode: 'KHONG-CO',
				minutes: 5,
				reason: 'x'
			})
		).toEqual({ ok: false, error: 'not_registered' });
		for (const who of [done, late]) {
			expect(
				await extendCandidateTime(db(), {
					...base,
					candidateCode: who.registration.candidateCode,
					minutes: 5,
					reason: 'Mất điện'
				})
			).toEqual({ ok: false, error: 'no_open_attempt' });
		}
		const doneRow = (
			await db().select().from(attempts).where(eq(attempts.userId, done.user.id))
		)[0];
		expect(doneRow.status).toBe('finished');

		const r = await extendCandidateTime(db(), {
			...base,
			candidateCode: sitting.registration.candidateCode,
			minutes: 7,
			reason: 'Mất kết nối mạng 7 phút (biên bản số 3)'
		});
		expect(r).toMatchObject({ ok: true, attemptId: open.id });
		const after = (await db().select().from(attempts).where(eq(attempts.id, open.id)))[0];
		// Past the window's close: the close stops starts, not a candidate's made-up time.
		expect(after.deadline.getTime()).toBe(deadline.getTime() + 7 * MIN);
		const round = await reload(contestRounds, f.round);
		expect(round.reviewOpensAt!.getTime()).toBe(after.deadline.getTime() + 10_000);
		const [ext] = await db()
			.select()
			.from(contestTimeExtensions)
			.where(eq(contestTimeExtensions.attemptId, open.id));
		expect(ext).toMatchObject({ minutes: 7, reason: 'Mất kết nối mạng 7 phút (biên bản số 3)' });
		const audit = await db()
			.select()
			.from(contestAuditLog)
			.where(
				and(
					eq(contestAuditLog.contestId, f.contest.id),
					eq(contestAuditLog.action, 'round.time_extended')
				)
			);
		expect(audit).toHaveLength(1);
		expect(audit[0].reason).toBe('Mất kết nối mạng 7 phút (biên bản số 3)');
		const snap = await monitorSnapshot(
			db(),
			{ roundId: f.round.id, levelId: f.level1.id, contestUnit: f.province },
			now
		);
		expect(snap.incidents.map((i) => i.kind)).toEqual(['time_extended']);
	});

	it('results: computed only once every attempt is over; ties, prediction and the best attempt', async () => {
		const now = new Date();
		const f = await buildContest(db(), now);
		const t = (min: number, ms = 0) => new Date(now.getTime() - 60 * MIN + min * MIN + ms);
		const an = await f.register(f.cellA, 'Nguyễn Văn An');
		const binh = await f.register(f.cellA, 'Trần Thị Bình');
		const cuong = await f.register(f.cellB, 'Lê Văn Cường');
		const dung = await f.register(f.cellB, 'Phạm Thị Dung');
		const em = await f.register(f.cellB, 'Hoàng Văn Em');
		await f.register(f.cellB, 'Vắng Mặt');
		// An and Bình: 30/30 in 10 minutes to the millisecond; An predicted closer (2 all-correct).
		await f.attempt(an.user.id, { startedAt: t(0), finishedAt: t(10), score: 30, prediction: 3 });
		await f.attempt(binh.user.id, { startedAt: t(1), finishedAt: t(11), score: 30, prediction: 0 });
		// Cường: 30/30, one millisecond slower.
		await f.attempt(cuong.user.id, {
			startedAt: t(0),
			finishedAt: t(10, 1),
			score: 30,
			prediction: 2
		});
		// Dung and Em: exactly tied on everything.
		await f.attempt(dung.user.id, { startedAt: t(0), finishedAt: t(20), score: 25, prediction: 9 });
		await f.attempt(em.user.id, { startedAt: t(0), finishedAt: t(20), score: 25, prediction: 9 });

		expect(await computeRoundResults(db(), f.round, { actorUserId: an.user.id, now })).toEqual({
			ok: false,
			error: 'still_open'
		});
		const open = await f.register(f.cellA, 'Đang Làm Bài');
		await f.attempt(open.user.id, { startedAt: t(50), deadline: new Date(now.getTime() + MIN) });
		expect((await closeRound(db(), f.round, { actorUserId: an.user.id, now })).ok).toBe(true);
		const closed = await reload(contestRounds, f.round);
		expect(closed.status).toBe('closed');
		expect(closed.closesAt!.getTime()).toBe(now.getTime());
		expect(await computeRoundResults(db(), closed, { actorUserId: an.user.id, now })).toMatchObject(
			{
				ok: false,
				error: 'in_progress',
				count: 1
			}
		);
		await db()
			.update(attempts)
			.set({ status: 'finished', finishedAt: t(55), score: 10, finishReason: 'deadline' })
			.where(eq(attempts.userId, open.user.id));

		const result = await computeRoundResults(db(), closed, { actorUserId: an.user.id, now });
		// Three candidates answered everything: the prediction's answer is counted when not set.
		expect(result).toMatchObject({ ok: true, ranked: 6, predictionActual: 3 });
		const rows = await roundResultRows(db(), f.round.id, f.province);
		expect(rows.map((r) => [r.name, r.rank])).toEqual([
			['Nguyễn Văn An', 1],
			['Trần Thị Bình', 2],
			['Lê Văn Cường', 3],
			// Exactly tied: one rank, listed by registration.
			['Phạm Thị Dung', 4],
			['Hoàng Văn Em', 4],
			['Đang Làm Bài', 6]
		]);
		expect(rows[2].timeTakenMs).toBe(10 * MIN + 1);
		expect(rows.every((r) => r.groupName)).toBe(true);
		const stored = await db()
			.select()
			.from(contestRoundResults)
			.where(eq(contestRoundResults.roundId, f.round.id));
		expect(stored.every((r) => !r.published)).toBe(true);
		await publishRoundResults(db(), await reload(contestRounds, f.round), {
			actorUserId: an.user.id
		});
		const published = await db()
			.select()
			.from(contestRoundResults)
			.where(eq(contestRoundResults.roundId, f.round.id));
		expect(published.every((r) => r.published)).toBe(true);
	});

	it('results: of several attempts the best counts, then the earliest', async () => {
		const now = new Date();
		const f = await buildContest(db(), now);
		await db()
			.update(contestRounds)
			.set({ attemptsAllowed: null, predictionQuestion: null })
			.where(eq(contestRounds.id, f.round.id));
		const t = (min: number) => new Date(now.getTime() - 60 * MIN + min * MIN);
		const a = await f.register(f.cellA, 'Nhiều Lần Thi');
		const b = await f.register(f.cellB, 'Một Lần Thi');
		await f.attempt(a.user.id, { startedAt: t(0), finishedAt: t(20), score: 27 });
		const best = await f.attempt(a.user.id, { startedAt: t(21), finishedAt: t(30), score: 29 });
		await f.attempt(a.user.id, { startedAt: t(31), finishedAt: t(40), score: 29 });
		await f.attempt(b.user.id, { startedAt: t(0), finishedAt: t(5), score: 28 });
		await closeRound(db(), f.round, { actorUserId: a.user.id, now });
		await computeRoundResults(db(), await reload(contestRounds, f.round), {
			actorUserId: a.user.id,
			now
		});
		const [first] = await db()
			.select()
			.from(contestRoundResults)
			.where(and(eq(contestRoundResults.roundId, f.round.id), eq(contestRoundResults.rank, 1)));
		expect(first.attemptId).toBe(best.id);
		expect(first.timeTakenMs).toBe(9 * MIN);
	});

	it('advancement, prizes, certificates and exports from the computed ranking', async () => {
		const now = new Date();
		const f = await buildContest(db(), now);
		const t = (min: number) => new Date(now.getTime() - 60 * MIN + min * MIN);
		const names = [
			'Nguyễn Thị Hồng',
			'Trần Văn Bắc',
			'=HYPERLINK("x")',
			'Phạm Thị Mai',
			'Đỗ Văn Đức'
		];
		const people = [];
		for (const [i, name] of names.entries()) {
			const c = await f.register(i % 2 ? f.cellB : f.cellA, name);
			people.push(c);
			// Scores 30, 29, 29, 28, 27 with equal times: the two 29s tie exactly.
			await f.attempt(c.user.id, {
				startedAt: t(0),
				finishedAt: t(10),
				score: [30, 29, 29, 28, 27][i],
				prediction: 1
			});
		}
		await closeRound(db(), f.round, { actorUserId: people[0].user.id, now });
		await computeRoundResults(db(), await reload(contestRounds, f.round), {
			actorUserId: people[0].user.id,
			now
		});
		const actor = { actorUserId: people[0].user.id, contestUnit: f.province };

		// Top 2 overall with the tie for second place included: three advance.
		expect(await computeAdvancement(db(), await level(f.level1.id), actor)).toMatchObject({
			ok: true,
			advancing: 3
		});
		const proposal = await storedAdvancement(db(), f.level1.id);
		expect(proposal.filter((r) => r.advanced).map((r) => r.overallRank)).toEqual([1, 2, 2]);
		const out = people[2].registration.id;
		expect(
			await adjustAdvancement(db(), await level(f.level1.id), {
				registrationId: out,
				advance: false,
				reason: '',
				actorUserId: actor.actorUserId
			})
		).toEqual({ ok: false, error: 'reason_required' });
		expect(
			await adjustAdvancement(db(), await level(f.level1.id), {
				registrationId: out,
				advance: false,
				reason: 'Xin rút (đơn ngày 6/12)',
				actorUserId: actor.actorUserId
			})
		).toEqual({ ok: true });
		// A recomputation keeps the organizer's adjustment.
		await computeAdvancement(db(), await level(f.level1.id), actor);
		const adjusted = (await storedAdvancement(db(), f.level1.id)).find(
			(r) => r.registrationId === out
		)!;
		expect(adjusted).toMatchObject({
			advanced: false,
			manual: true,
			reason: 'Xin rút (đơn ngày 6/12)'
		});

		const published = await publishAdvancement(db(), await level(f.level1.id), {
			actorUserId: actor.actorUserId
		});
		expect(published).toMatchObject({ ok: true, advancing: 2, registered: 2 });
		const next = await db()
			.select()
			.from(contestRegistrations)
			.where(eq(contestRegistrations.levelId, f.level2.id));
		expect(next.map((r) => r.userId).sort()).toEqual([people[0].user.id, people[1].user.id].sort());
		expect(next.every((r) => r.source === 'advanced')).toBe(true);
		const links = (await storedAdvancement(db(), f.level1.id)).filter((r) => r.advanced);
		expect(links.map((r) => r.nextRegistrationId).sort()).toEqual(next.map((r) => r.id).sort());
		expect(
			await publishAdvancement(db(), await level(f.level1.id), { actorUserId: actor.actorUserId })
		).toEqual({
			ok: false,
			error: 'published'
		});

		// Prizes: Nhất 1, Nhì 1, Ba 2 (places 3–4): the tie for 2nd takes Nhì twice, Ba goes to rank 4.
		await saveBands(
			db(),
			await level(f.level1.id),
			[
				{ name: 'Giải Nhất', count: 1 },
				{ name: 'Giải Nhì', count: 1 },
				{ name: 'Giải Ba', count: 2 }
			],
			actor
		);
		expect(await computeAwards(db(), await level(f.level1.id), actor)).toEqual({
			ok: true,
			awarded: 4,
			overridden: 0
		});
		const awards = await levelAwards(db(), f.level1.id);
		expect(awards.map((a) => [a.award.rank, a.band.name])).toEqual([
			[1, 'Giải Nhất'],
			[2, 'Giải Nhì'],
			[2, 'Giải Nhì'],
			[4, 'Giải Ba']
		]);
		const ba = awards[3].band.id;
		const fifth = { registrationId: people[4].registration.id, bandId: ba, rank: 5 };
		expect(
			await overrideAward(db(), await level(f.level1.id), { ...fifth, reason: ' ' }, actor)
		).toEqual({
			ok: false,
			error: 'reason_required'
		});
		expect(
			await overrideAward(
				db(),
				await level(f.level1.id),
				{ ...fifth, reason: 'Hội đồng bổ sung giải' },
				actor
			)
		).toEqual({ ok: true });
		const changed = await db()
			.select()
			.from(contestAuditLog)
			.where(
				and(
					eq(contestAuditLog.contestId, f.contest.id),
					eq(contestAuditLog.action, 'level.award_changed')
				)
			);
		expect(changed.map((c) => c.reason)).toEqual(['Hội đồng bổ sung giải']);
		expect((await publishAwards(db(), await level(f.level1.id), { ...actor, year: 2026 })).ok).toBe(
			true
		);
		const certificates = await levelCertificates(db(), f.level1.id, f.province);
		expect(certificates.map((c) => [c.name, c.band, c.number])).toEqual([
			['Nguyễn Thị Hồng', 'Giải Nhất', `2026/${f.level1.id}-001`],
			['Trần Văn Bắc', 'Giải Nhì', `2026/${f.level1.id}-002`],
			['=HYPERLINK("x")', 'Giải Nhì', `2026/${f.level1.id}-003`],
			['Phạm Thị Mai', 'Giải Ba', `2026/${f.level1.id}-004`],
			['Đỗ Văn Đức', 'Giải Ba', `2026/${f.level1.id}-005`]
		]);
		expect(certificates[0].unitName).toBe('Chi bộ thôn Đồng Chùa');

		const rows = await roundResultRows(db(), f.round.id, f.province);
		const bytes = new Uint8Array(
			await (
				await exportRoundResults(rows, { format: 'csv', locale: 'vi', title: 'Kết quả' })
			).arrayBuffer()
		);
		expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
		const csv = new TextDecoder().decode(bytes);
		expect(csv).toContain(`'=HYPERLINK(""x"")`);
		expect(csv).toContain('Nguyễn Thị Hồng');
		const book = new ExcelJS.Workbook();
		await book.xlsx.load((await resultsWorkbook(rows, 'vi', 'Tất cả')).buffer as ArrayBuffer);
		expect(book.worksheets.map((s) => [s.name, s.rowCount])).toEqual([
			['Tất cả', 6],
			['Đảng bộ phường Minh Khai', 3],
			['Đảng bộ xã Tân Lập', 4]
		]);
		const cell = book.getWorksheet('Tất cả')!.getRow(4).getCell(3).value;
		expect(cell).toBe(`'=HYPERLINK("x")`);
		const user = (await db().select().from(users).where(eq(users.id, people[0].user.id)))[0];
		expect(user.displayName).toBe('Nguyễn Thị Hồng');
	});
});
