import ExcelJS from 'exceljs';
import { count, eq, inArray } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { createTestDatabase, describeEachDatabase } from '../testing/databases';
import { lockOrgTree } from '../orgs/scope';
import {
	auditLog,
	orgUnits,
	people,
	peopleImportBatches,
	personUnitHistory,
	roleGrants,
	users
} from '../db/schema';
import { uniqueUsernameFor } from '../auth/users';
import { getImportBatch, previewImport } from './import';
import { assignUsernames, commitImport } from './import-commit';
import { IMPORT_MAX_BYTES, IMPORT_MAX_ROWS } from './import-rows';
import { createPersonWithAccount } from './people';
import { buildTree, csvFile } from './test-fixtures';

const HEADER_VI =
	'Họ và tên,Mã đơn vị,Chức vụ,Năm sinh,Giới tính,Trình độ học vấn,Lý luận chính trị,Số điện thoại';

describeEachDatabase('people import', ({ db }) => {
	let tree: Awaited<ReturnType<typeof buildTree>>;
	let actorUserId: number;
	const peopleCount = async () => (await db().select({ n: count() }).from(people))[0].n;

	it('sets up', async () => {
		tree = await buildTree(db(), 'I');
		const [u] = await db()
			.insert(users)
			.values({ username: `importer_${Date.now()}`, displayName: 'Người nhập' })
			.returning();
		actorUserId = u.id;
	});

	const preview = async (text: string, scope = [tree.a.path], name = 'people.csv') => {
		const r = await previewImport(db(), { file: csvFile(text, name), scope, actorUserId });
		if (!r.ok) throw new Error(`file refused: ${r.error.code}`);
		return (await getImportBatch(db(), r.batchId, actorUserId))!;
	};

	it('imports a Vietnamese file: people, accounts, member roles, history and audit, all at once', async () => {
		const before = await peopleCount();
		const batch = await preview(
			[
				HEADER_VI,
				'Nguyễn Văn Bảo,ia-01,Bí thư,1970,Nam,Đại học,Cao cấp,0912 345 678',
				'Trần Thị Cúc,IA-02,Phó bí thư,1985,Nữ,Cao đẳng,Trung cấp,',
				'Nguyễn Văn Bảo,IA-02,chi uy vien,,,thpt,so cap,',
				'Lê Văn Dần,IA-02,,,,,,'
			].join('\n')
		);
		expect(batch.errorCount).toBe(0);
		expect(batch.rows.map((r) => [r.rowNumber, r.unitCode, r.position, r.theoryLevel])).toEqual([
			[2, 'IA-01', 'secretary', 'advanced'],
			[3, 'IA-02', 'deputy_secretary', 'intermediate'],
			[4, 'IA-02', 'committee_member', 'elementary'],
			[5, 'IA-02', 'member', null]
		]);
		expect(await peopleCount()).toBe(before);

		const result = await commitImport(db(), {
			batchId: batch.id,
			scope: [tree.a.path],
			actorUserId
		});
		expect(result).toEqual({
			ok: true,
			created: 4,
			updated: 0,
			moved: 0,
			unchanged: 0,
			skipped: 0,
			units: expect.arrayContaining([
				{ id: tree.a1.id, count: 1 },
				{ id: tree.a2.id, count: 3 }
			])
		});
		expect(await peopleCount()).toBe(before + 4);
		const created = await db()
			.select({
				id: people.id,
				name: people.fullName,
				unit: people.orgUnitId,
				phone: people.phone,
				gender: people.gender,
				education: people.educationLevel,
				username: users.username,
				hash: users.passwordHash
			})
			.from(people)
			.innerJoin(users, eq(users.personId, people.id))
			.where(inArray(people.orgUnitId, [tree.a1.id, tree.a2.id]))
			.orderBy(people.id);
		expect(created.map((p) => p.username)).toEqual([
			'nguyenvanbao',
			'tranthicuc',
			'nguyenvanbao2',
			'levandan'
		]);
		expect(created[0]).toEqual(
			expect.objectContaining({
				phone: '0912345678',
				gender: 'male',
				education: 'university',
				hash: null
			})
		);
		const grants = await db()
			.select({ role: roleGrants.role, unit: roleGrants.orgUnitId })
			.from(roleGrants)
			.innerJoin(users, eq(users.id, roleGrants.userId))
			.where(eq(users.username, 'tranthicuc'));
		expect(grants).toEqual([{ role: 'secretary', unit: tree.a2.id }]);
		const history = await db()
			.select({ reason: personUnitHistory.reason })
			.from(personUnitHistory)
			.where(eq(personUnitHistory.personId, created[1].id));
		expect(history).toEqual([{ reason: 'import' }]);
		const [audit] = await db().select().from(auditLog).where(eq(auditLog.targetId, batch.id));
		expect(audit).toEqual(
			expect.objectContaining({ action: 'people.imported', actorUserId, success: true })
		);

		// A second commit of the same batch (double click, replay) creates nobody.
		expect(
			await commitImport(db(), { batchId: batch.id, scope: [tree.a.path], actorUserId })
		).toEqual({ ok: false, reason: 'already_committed' });
		expect(await peopleCount()).toBe(before + 4);
	});

	it('reads an XLSX file with English headers and values', async () => {
		const wb = new ExcelJS.Workbook();
		const ws = wb.addWorksheet('People');
		ws.addRow([
			'Full name',
			'Unit code',
			'Position',
			'Birth year',
			'Gender',
			'Political theory',
			'Phone'
		]);
		ws.addRow(['Phạm Thị Duyên', 'IB-01', 'secretary', 1990, 'female', 'elementary', 912345679]);
		const bytes = new Uint8Array(await wb.xlsx.writeBuffer());
		const r = await previewImport(db(), {
			file: { name: 'people.xlsx', bytes },
			scope: [tree.b.path],
			actorUserId
		});
		expect(r.ok).toBe(true);
		const batch = await getImportBatch(db(), r.ok ? r.batchId : '', actorUserId);
		expect(batch?.format).toBe('xlsx');
		expect(batch?.rows[0]).toEqual(
			expect.objectContaining({
				rowNumber: 2,
				fullName: 'Phạm Thị Duyên',
				position: 'secretary',
				birthYear: 1990,
				gender: 'female',
				theoryLevel: 'elementary',
				// Excel dropped the leading zero of the number; the import puts it back.
				phone: '0912345679',
				errors: []
			})
		);
	});

	it('reports every row problem with its row number and imports nothing from a file with one bad row', async () => {
		await db()
			.update(orgUnits)
			.set({ mergedIntoId: tree.a1.id })
			.where(eq(orgUnits.id, tree.a2.id));
		const before = await peopleCount();
		const year = new Date().getFullYear();
		const batch = await preview(
			[
				HEADER_VI,
				'Hoàng Văn Giỏi,IA-01,Bí thư,1980,Nam,Đại học,Sơ cấp,', // 2: fine
				',IA-01,,,,,,', // 3
				'Hồ Văn Hải,,,,,,,', // 4
				'Hồ Văn Hải,KHONG-CO,,,,,,', // 5
				'Hồ Văn Hải,IB-01,,,,,,', // 6
				'Hồ Văn Hải,IA-02,,,,,,', // 7
				'Vũ Văn Khánh,IA-01,Chủ tịch,,,,,', // 8
				`Vũ Văn Lâm,IA-01,,${year},,,,`, // 9
				'Vũ Văn Minh,IA-01,,19x5,,,,', // 10
				'Vũ Văn Nam,IA-01,,,Khác,,,', // 11
				'Vũ Văn Ngọc,IA-01,,,,Mẫu giáo,,', // 12
				'Vũ Văn Oanh,IA-01,,,,,Thượng thừa,', // 13
				'Vũ Văn Phúc,IA-01,,,,,,gọi tôi', // 14
				'Hoàng Văn Giỏi,ia-01,,1980,,,,', // 15: same person as row 2
				'12345,IA-01,,,,,,', // 16
				`${'Dài '.repeat(40)},IA-01,,,,,,` // 17
			].join('\n')
		).finally(() =>
			db().update(orgUnits).set({ mergedIntoId: null }).where(eq(orgUnits.id, tree.a2.id))
		);
		const problems = batch.rows
			.filter((r) => r.errors.length > 0)
			.map((r) => [r.rowNumber, ...r.errors.map((e) => e.code)]);
		expect(problems).toEqual([
			[3, 'name_required'],
			[4, 'unit_required'],
			[5, 'unit_unknown'],
			[6, 'unit_out_of_scope'],
			[7, 'unit_merged'],
			[8, 'position_unknown'],
			[9, 'year_range'],
			[10, 'year_invalid'],
			[11, 'gender_unknown'],
			[12, 'education_unknown'],
			[13, 'theory_unknown'],
			[14, 'phone_invalid'],
			[15, 'duplicate_row'],
			[16, 'name_invalid'],
			[17, 'name_too_long']
		]);
		const byRow = new Map(batch.rows.map((r) => [r.rowNumber, r]));
		expect(byRow.get(15)!.errors[0]).toEqual({ code: 'duplicate_row', row: 2 });
		expect(byRow.get(7)!.errors[0]).toEqual(
			expect.objectContaining({ column: 'unitCode', value: 'IA-01' })
		);
		expect(byRow.get(8)!.errors[0]).toEqual({
			code: 'position_unknown',
			column: 'position',
			value: 'Chủ tịch'
		});
		// The out-of-scope unit's name is not revealed.
		expect(byRow.get(6)!.unitName).toBeNull();
		expect(batch.errorCount).toBe(15);

		expect(
			await commitImport(db(), { batchId: batch.id, scope: [tree.a.path], actorUserId })
		).toEqual({ ok: false, reason: 'has_errors' });
		expect(await peopleCount()).toBe(before);
	});

	it('rolls everything back when a unit left the scope between preview and commit', async () => {
		const before = await peopleCount();
		const batch = await preview(
			[HEADER_VI, 'Đinh Văn Quý,IA-01,,,,,,', 'Đinh Văn Sang,IA-02,,,,,,'].join('\n'),
			[tree.a.path]
		);
		expect(batch.errorCount).toBe(0);
		const result = await commitImport(db(), {
			batchId: batch.id,
			scope: [tree.a1.path],
			actorUserId
		});
		expect(result).toEqual({ ok: false, reason: 'units_changed', rows: [3] });
		expect(await peopleCount()).toBe(before);
		const [stored] = await db()
			.select({ status: peopleImportBatches.status })
			.from(peopleImportBatches)
			.where(eq(peopleImportBatches.id, batch.id));
		expect(stored.status).toBe('pending');
		// Someone else cannot see or commit the batch.
		expect(await getImportBatch(db(), batch.id, actorUserId + 1000)).toBeNull();
		expect(
			await commitImport(db(), {
				batchId: batch.id,
				scope: [tree.province.path],
				actorUserId: actorUserId + 1000
			})
		).toEqual({ ok: false, reason: 'not_found' });
		expect(await getImportBatch(db(), 'not-a-uuid', actorUserId)).toBeNull();
	});

	it('refuses an expired preview', async () => {
		const batch = await preview([HEADER_VI, 'Đinh Văn Tài,IA-01,,,,,,'].join('\n'));
		await db()
			.update(peopleImportBatches)
			.set({ expiresAt: new Date(Date.now() - 1000) })
			.where(eq(peopleImportBatches.id, batch.id));
		expect(
			await commitImport(db(), { batchId: batch.id, scope: [tree.a.path], actorUserId })
		).toEqual({ ok: false, reason: 'expired' });
	});

	it('warns about people already in the unit, without blocking', async () => {
		await createPersonWithAccount(db(), { fullName: 'Lý Thị Uyên', orgUnitId: tree.a1.id }, null);
		const batch = await preview([HEADER_VI, 'Ly Thi Uyen,IA-01,,,,,,'].join('\n'));
		expect(batch.errorCount).toBe(0);
		expect(batch.rows[0].warnings).toEqual([{ code: 'already_exists' }]);
	});

	it('refuses files over the size or row cap, and files without the required columns', async () => {
		const big = await previewImport(db(), {
			file: { name: 'big.csv', bytes: new Uint8Array(IMPORT_MAX_BYTES + 1) },
			scope: [tree.a.path],
			actorUserId
		});
		expect(big).toEqual({ ok: false, error: { code: 'too_large', maxBytes: IMPORT_MAX_BYTES } });
		const long = [
			HEADER_VI,
			...Array.from({ length: IMPORT_MAX_ROWS + 1 }, (_, i) => `A ${i},IA-01`)
		];
		expect(
			await previewImport(db(), {
				file: csvFile(long.join('\n')),
				scope: [tree.a.path],
				actorUserId
			})
		).toEqual({
			ok: false,
			error: { code: 'too_many_rows', maxRows: IMPORT_MAX_ROWS, rows: IMPORT_MAX_ROWS + 1 }
		});
		expect(
			await previewImport(db(), {
				file: csvFile('Họ và tên,Năm sinh\nA,1970'),
				scope: [tree.a.path],
				actorUserId
			})
		).toEqual({ ok: false, error: { code: 'missing_columns', columns: ['Mã đơn vị'] } });
	});

	it('imports the largest allowed file in one go', async () => {
		const before = await peopleCount();
		const rows = Array.from(
			{ length: IMPORT_MAX_ROWS },
			(_, i) => `Người Thử Số ${i},IB-01,,${1950 + (i % 50)},,,,`
		);
		const batch = await preview([HEADER_VI, ...rows].join('\n'), [tree.b.path]);
		expect(batch.errorCount).toBe(0);
		const result = await commitImport(db(), {
			batchId: batch.id,
			scope: [tree.b.path],
			actorUserId
		});
		expect(result).toEqual(expect.objectContaining({ ok: true, created: IMPORT_MAX_ROWS }));
		expect(await peopleCount()).toBe(before + IMPORT_MAX_ROWS);
	});

	it('picks the same usernames as uniqueUsernameFor, one query for many people', async () => {
		for (const name of ['Đỗ Văn Vinh', 'Nguyễn Văn Bảo', 'Ông Ích Khiêm', '!!!']) {
			expect((await assignUsernames(db(), [name]))[0]).toBe(await uniqueUsernameFor(db(), name));
		}
		expect(await assignUsernames(db(), ['Đỗ Văn Vinh', 'Do Van Vinh', 'Nguyễn Văn Bảo'])).toEqual([
			'dovanvinh',
			'dovanvinh2',
			'nguyenvanbao3'
		]);
	});
});

// Needs two connections at once, so only on the real PostgreSQL.
describe.skipIf(!process.env.TEST_DATABASE_URL)('people import and concurrent merges', () => {
	it('waits for a merge in progress and then refuses rows whose unit it merged', async () => {
		const database = await createTestDatabase('postgres');
		try {
			const db = database.db;
			const tree = await buildTree(db, 'M');
			const [u] = await db
				.insert(users)
				.values({ username: 'importer', displayName: 'Người nhập' })
				.returning();
			const r = await previewImport(db, {
				file: csvFile([HEADER_VI, 'Tạ Văn Vượng,MA-01,,,,,,'].join('\n')),
				scope: [tree.a.path],
				actorUserId: u.id
			});
			if (!r.ok) throw new Error(r.error.code);
			let commit: Promise<unknown> | undefined;
			await db.transaction(async (tx) => {
				await lockOrgTree(tx);
				commit = commitImport(db, { batchId: r.batchId, scope: [tree.a.path], actorUserId: u.id });
				await new Promise((resolve) => setTimeout(resolve, 300));
				await tx
					.update(orgUnits)
					.set({ mergedIntoId: tree.a2.id })
					.where(eq(orgUnits.id, tree.a1.id));
			});
			expect(await commit).toEqual({ ok: false, reason: 'units_changed', rows: [2] });
			const [{ n }] = await db.select({ n: count() }).from(people);
			expect(n).toBe(0);
		} finally {
			await database.close();
		}
	});
});
