import { and, eq, inArray } from 'drizzle-orm';
import { expect, it } from 'vitest';
import {
	attemptQuestions,
	contestBankImports,
	contestRegistrations,
	contestRoundResults,
	contestRounds,
	contests,
	questionVersions
} from '../db/schema';
import { mergeUnits } from '../orgs/merge';
import { unit } from '../orgs/test-fixtures';
import { loadModuleBank } from '../quiz/practice';
import { createQuizModule } from '../quiz/testing/fixtures';
import { actorWith } from '../testing/actors';
import { describeEachDatabase } from '../testing/databases';
import { bankImportBatch, bankQuestions, commitBankImport, previewBankImport } from './bank';
import { contestAuditTrail } from './audit';
import { registerList, registerUnit, selfRegister } from './registration';
import { startRoundAttempt } from './round-attempt';
import { bytes, candidateIn, contestWorld, markdownBank } from './testing/fixtures';

const csv = (text: string) => ({ name: 'danh-sach.csv', bytes: bytes('\uFEFF' + text) });

describeEachDatabase('contest bank', ({ db }) => {
	it("is readable by the contest's organizers only, never by the module draw", async () => {
		const w = await contestWorld(db(), { canary: 'CANARYCONF' });
		expect(await bankQuestions(db(), w.organizer, w.contestId)).toHaveLength(10);
		const commune = await actorWith(db(), [{ role: 'organizer', unit: w.province.tanLap }]);
		const manager = await actorWith(db(), [{ role: 'manager', unit: w.province.province }]);
		const judge = await actorWith(db(), [{ role: 'judge', unit: w.province.province }]);
		for (const other of [commune, manager, judge])
			expect(await bankQuestions(db(), other, w.contestId)).toBeNull();
		// Another module's practice draw never sees the bank.
		const { module } = await createQuizModule(db());
		const practice = await loadModuleBank(db(), module.id);
		expect(practice.some((q) => q.key.startsWith(`c${w.contestId}:`))).toBe(false);
		// The committed batch keeps no copy of the questions.
		const batches = await db()
			.select()
			.from(contestBankImports)
			.where(eq(contestBankImports.contestId, w.contestId));
		expect(batches.map((b) => b.questions)).toEqual([[]]);
		expect((await contestAuditTrail(db(), w.contestId)).map((a) => a.action)).toContain(
			'bank.import'
		);
	});

	it('keeps an import batch to its owner and refuses a file with problems', async () => {
		const w = await contestWorld(db());
		const other = await actorWith(db(), [{ role: 'organizer', unit: w.province.province }]);
		const bad =
			markdownBank(2, 'X') +
			'\n## cau-9 {topic=chung}\n\nKhông có đáp án\n\n- [ ] Một\n- [ ] Hai\n\nGiải thích: …\n';
		const preview = await previewBankImport(db(), w.organizer, {
			contestId: w.contestId,
			file: { name: 'b.md', bytes: bytes(bad) },
			format: 'markdown'
		});
		expect(preview.ok).toBe(true);
		const id = (preview as { batchId: string }).batchId;
		expect(await bankImportBatch(db(), other, id)).toBeNull();
		const batch = await bankImportBatch(db(), w.organizer, id);
		expect(batch?.problems).toEqual([
			expect.objectContaining({ at: 21, message: expect.stringContaining('cau-9') })
		]);
		expect(await commitBankImport(db(), w.organizer, id)).toEqual({
			ok: false,
			error: 'has_problems'
		});
		expect(await commitBankImport(db(), other, id)).toEqual({ ok: false, error: 'not_found' });
	});

	it('versions a changed question and keeps the version an attempt showed', async () => {
		const w = await contestWorld(db(), { bankSize: 5, round: { questionCount: 5 } });
		const [round] = await db().select().from(contestRounds).where(eq(contestRounds.id, w.roundId));
		const candidate = await candidateIn(db(), w.province.tl1.id, 'Phạm Văn Phiên Bản');
		await registerUnit(db(), w.organizer, { levelId: w.levelId, unitId: w.province.tl1.id });
		const started = await startRoundAttempt(db(), {
			userId: candidate.userId,
			roundId: w.roundId,
			now: new Date(round.opensAt!.getTime() + 1000)
		});
		expect(started.ok).toBe(true);
		const edited = markdownBank(5, 'CANARYBANK').replace(
			'Câu hỏi mật số 1 ',
			'Câu hỏi mật số 1 đã sửa '
		);
		const preview = await previewBankImport(db(), w.organizer, {
			contestId: w.contestId,
			file: { name: 'b.md', bytes: bytes(edited) },
			format: 'markdown'
		});
		const result = await commitBankImport(
			db(),
			w.organizer,
			(preview as { batchId: string }).batchId
		);
		expect(result).toEqual({ ok: true, added: 0, updated: 1, unchanged: 4, retired: 0 });
		const versions = await db()
			.select({ version: questionVersions.version, isCurrent: questionVersions.isCurrent })
			.from(questionVersions)
			.where(eq(questionVersions.key, `c${w.contestId}:cau-1`))
			.orderBy(questionVersions.version);
		expect(versions).toEqual([
			{ version: 1, isCurrent: false },
			{ version: 2, isCurrent: true }
		]);
		const shown = await db()
			.select({ version: attemptQuestions.questionVersion })
			.from(attemptQuestions)
			.where(
				and(
					eq(attemptQuestions.attemptId, (started as { attemptId: string }).attemptId),
					eq(attemptQuestions.questionKey, `c${w.contestId}:cau-1`)
				)
			);
		expect(shown).toEqual([{ version: 1 }]);
	});
});

describeEachDatabase('contest registration', ({ db }) => {
	it("registers a unit's secretaries (or chosen positions) who have accounts, once", async () => {
		const w = await contestWorld(db());
		const sec = await candidateIn(db(), w.province.tl1.id, 'Bí Thư Một');
		const deputy = await candidateIn(db(), w.province.tl2.id, 'Phó Bí Thư Hai', 'deputy_secretary');
		await candidateIn(db(), w.province.hp1.id, 'Bí Thư Xã Khác');
		const first = await registerUnit(db(), w.organizer, {
			levelId: w.levelId,
			unitId: w.province.tanLap.id
		});
		// buildProvince's people are members without accounts: not secretaries, not counted.
		expect(first).toEqual({ ok: true, registered: 1, alreadyRegistered: 0, withoutAccount: 0 });
		const again = await registerUnit(db(), w.organizer, {
			levelId: w.levelId,
			unitId: w.province.tanLap.id,
			positions: ['secretary', 'deputy_secretary']
		});
		expect(again).toEqual({ ok: true, registered: 1, alreadyRegistered: 1, withoutAccount: 0 });
		const regs = await db()
			.select()
			.from(contestRegistrations)
			.where(eq(contestRegistrations.levelId, w.levelId));
		expect(regs.map((r) => r.userId).sort()).toEqual([sec.userId, deputy.userId].sort());
		expect(new Set(regs.map((r) => r.candidateCode)).size).toBe(2);
		expect(regs.every((r) => /^[2-9A-HJKMNP-Z]{8}$/.test(r.candidateCode))).toBe(true);
		// An organizer of another commune cannot register into this contest.
		const outsider = await actorWith(db(), [{ role: 'organizer', unit: w.province.hoaPhu }]);
		expect(
			await registerUnit(db(), outsider, { levelId: w.levelId, unitId: w.province.hp1.id })
		).toEqual({ ok: false, error: 'not_found' });
	});

	it('registers a list all or nothing, with every bad row named', async () => {
		const w = await contestWorld(db());
		const a = await candidateIn(db(), w.province.tl1.id, 'Danh Sách Một', 'member');
		const b = await candidateIn(db(), w.province.hp1.id, 'Danh Sách Hai', 'member');
		const foreignProvince = await unit(
			db(),
			`${w.province.prefix}X`,
			'Tỉnh khác',
			'province',
			null
		);
		const foreign = await candidateIn(db(), foreignProvince.id, 'Ngoài Tỉnh', 'member');
		const bad = await registerList(db(), w.organizer, {
			levelId: w.levelId,
			file: csv(`Tên đăng nhập\n${a.username}\nkhong.ton.tai\n${foreign.username}\n${a.username}\n`)
		});
		expect(bad).toEqual({
			ok: false,
			error: 'rows',
			rows: [
				{ row: 3, code: 'unknown_user', value: 'khong.ton.tai' },
				{ row: 4, code: 'outside_scope', value: foreign.username },
				{ row: 5, code: 'duplicate', value: a.username }
			]
		});
		expect(
			await db()
				.select()
				.from(contestRegistrations)
				.where(eq(contestRegistrations.levelId, w.levelId))
		).toEqual([]);
		const good = await registerList(db(), w.organizer, {
			levelId: w.levelId,
			file: csv(`Tên đăng nhập\n${a.username}\n${b.username}\n`)
		});
		expect(good).toEqual({ ok: true, registered: 2, alreadyRegistered: 0 });
	});

	it('lets members register themselves only in an open contest of their own scope that allows it', async () => {
		const w = await contestWorld(db(), { kind: 'open', selfRegistration: true });
		const inside = await candidateIn(db(), w.province.tl1.id, 'Tự Đăng Ký', 'member');
		const user = (u: typeof inside, path: string, orgUnitId: number) => ({
			id: u.userId,
			username: u.username,
			displayName: '',
			personId: u.personId,
			orgUnitId,
			orgPath: path,
			locale: 'vi' as const,
			grants: []
		});
		expect(
			await selfRegister(db(), user(inside, w.province.tl1.path, w.province.tl1.id), w.contestId)
		).toEqual({ ok: true, registered: true });
		expect(
			await selfRegister(db(), user(inside, w.province.tl1.path, w.province.tl1.id), w.contestId)
		).toEqual({ ok: true, registered: false });
		const foreignProvince = await unit(
			db(),
			`${w.province.prefix}Y`,
			'Tỉnh khác',
			'province',
			null
		);
		const outside = await candidateIn(db(), foreignProvince.id, 'Ở Ngoài', 'member');
		expect(
			await selfRegister(db(), user(outside, foreignProvince.path, foreignProvince.id), w.contestId)
		).toEqual({ ok: false, error: 'not_found' });
		await db()
			.update(contests)
			.set({ selfRegistration: false })
			.where(eq(contests.id, w.contestId));
		const late = await candidateIn(db(), w.province.tl2.id, 'Đến Sau', 'member');
		expect(
			await selfRegister(db(), user(late, w.province.tl2.path, w.province.tl2.id), w.contestId)
		).toEqual({ ok: false, error: 'not_found' });
	});

	it('keeps registrations and results when units merge mid-contest', async () => {
		const w = await contestWorld(db());
		const a = await candidateIn(db(), w.province.tl1.id, 'Sáp Nhập Một');
		const b = await candidateIn(db(), w.province.hp1.id, 'Sáp Nhập Hai');
		await registerUnit(db(), w.organizer, { levelId: w.levelId, unitId: w.province.province.id });
		const [round] = await db().select().from(contestRounds).where(eq(contestRounds.id, w.roundId));
		const now = new Date(round.opensAt!.getTime() + 60_000);
		const started = await startRoundAttempt(db(), { userId: a.userId, roundId: w.roundId, now });
		const regs = await db()
			.select()
			.from(contestRegistrations)
			.where(eq(contestRegistrations.levelId, w.levelId));
		await db()
			.insert(contestRoundResults)
			.values(
				regs.map((r, i) => ({ roundId: w.roundId, registrationId: r.id, correct: i, rank: i + 1 }))
			);
		const manager = await actorWith(db(), [{ role: 'manager', unit: w.province.province }]);
		const merged = await mergeUnits(db(), manager, w.province.tanLap.id, [
			w.province.hoaPhu.id,
			w.province.tl1.id
		]);
		expect(merged.ok).toBe(true);
		const after = await db()
			.select()
			.from(contestRegistrations)
			.where(eq(contestRegistrations.levelId, w.levelId));
		expect(after.map((r) => [r.id, r.userId, r.candidateCode]).sort()).toEqual(
			regs.map((r) => [r.id, r.userId, r.candidateCode]).sort()
		);
		const byUser = new Map(after.map((r) => [r.userId, r.orgUnitId]));
		expect(byUser.get(a.userId)).toBe(w.province.tanLap.id);
		// The merged commune's cells are not merged: they now hang under the survivor.
		expect(byUser.get(b.userId)).toBe(w.province.hp1.id);
		const results = await db()
			.select()
			.from(contestRoundResults)
			.where(
				inArray(
					contestRoundResults.registrationId,
					regs.map((r) => r.id)
				)
			);
		expect(results).toHaveLength(regs.length);
		// The candidate's attempt continues: resuming finds it.
		expect(
			await startRoundAttempt(db(), {
				userId: a.userId,
				roundId: w.roundId,
				now: new Date(now.getTime() + 1000)
			})
		).toEqual({
			ok: true,
			attemptId: (started as { attemptId: string }).attemptId,
			resumed: true
		});
	});
});
