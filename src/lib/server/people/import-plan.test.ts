import { and, count, eq, inArray } from 'drizzle-orm';
import { expect, it } from 'vitest';
import { describeEachDatabase } from '../testing/databases';
import { auditLog, people, personUnitHistory, roleGrants, users } from '../db/schema';
import { exportPeople } from './export';
import { getImportBatch, previewImport } from './import';
import { commitImport } from './import-commit';
import { createPersonWithAccount } from './people';
import { buildTree, csvFile } from './test-fixtures';

const HEADER =
	'Họ và tên,Mã đơn vị,Chức vụ,Năm sinh,Giới tính,Trình độ học vấn,Lý luận chính trị,Số điện thoại,Số thẻ đảng viên';
const noFilters = { q: '', unitId: null, position: null, page: 1 };

describeEachDatabase('people import: identity and secretaries', ({ db }) => {
	let actorUserId: number;

	it('sets up', async () => {
		const [u] = await db()
			.insert(users)
			.values({ username: `plan_importer_${Date.now()}`, displayName: 'Người nhập' })
			.returning();
		actorUserId = u.id;
	});

	const preview = async (bytes: { name: string; bytes: Uint8Array }, scope: string[]) => {
		const r = await previewImport(db(), { file: bytes, scope, actorUserId });
		if (!r.ok) throw new Error(`file refused: ${r.error.code}`);
		return (await getImportBatch(db(), r.batchId, actorUserId))!;
	};
	const inUnits = async (ids: number[]) =>
		db()
			.select({ name: people.fullName, position: people.position, unit: people.orgUnitId })
			.from(people)
			.where(inArray(people.orgUnitId, ids))
			.orderBy(people.id);
	const peopleIn = async (ids: number[]) =>
		(await db().select({ n: count() }).from(people).where(inArray(people.orgUnitId, ids)))[0].n;

	it('an exported list imported again changes nothing: every row is "unchanged"', async () => {
		const tree = await buildTree(db(), 'K1');
		await createPersonWithAccount(
			db(),
			{
				fullName: 'Nguyễn Văn Bảo',
				orgUnitId: tree.a1.id,
				position: 'secretary',
				birthYear: 1970,
				gender: 'male',
				educationLevel: 'university',
				theoryLevel: 'advanced',
				phone: '0912345678',
				partyCardNumber: '11000001'
			},
			null
		);
		await createPersonWithAccount(
			db(),
			{ fullName: 'Trần Thị Cúc', orgUnitId: tree.a2.id, partyCardNumber: '11000002' },
			null
		);
		const exported = await exportPeople(db(), {
			scope: [tree.a.path],
			filters: noFilters,
			format: 'xlsx',
			locale: 'vi'
		});
		const bytes = new Uint8Array(await exported!.arrayBuffer());
		const batch = await preview({ name: 'export.xlsx', bytes }, [tree.a.path]);
		expect(batch.errorCount).toBe(0);
		expect(batch.rows.map((r) => [r.partyCardNumber, r.action, r.conflict])).toEqual([
			['11000001', 'unchanged', null],
			['11000002', 'unchanged', null]
		]);
		const before = await peopleIn([tree.a1.id, tree.a2.id]);
		const result = await commitImport(db(), {
			batchId: batch.id,
			scope: [tree.a.path],
			actorUserId
		});
		expect(result).toEqual(
			expect.objectContaining({ ok: true, created: 0, updated: 0, unchanged: 2 })
		);
		expect(await peopleIn([tree.a1.id, tree.a2.id])).toBe(before);
	});

	it('a row naming a known card number updates that person, or moves them to another unit in scope', async () => {
		const tree = await buildTree(db(), 'K2');
		const { person } = await createPersonWithAccount(
			db(),
			{ fullName: 'Lê Văn Dần', orgUnitId: tree.a1.id, partyCardNumber: '22000001' },
			null
		);
		const batch = await preview(
			csvFile(
				[
					HEADER,
					'Lê Văn Dần,K2A-01,,1980,,,,,22.000.001', // same card, written with dots: an update
					'Lê Văn Dần,K2A-02,,,,,,,22000002' // a new card: a new person
				].join('\n')
			),
			[tree.a.path]
		);
		expect(batch.rows.map((r) => [r.action, r.personId, r.changes])).toEqual([
			['update', person.id, ['birthYear']],
			['create', null, []]
		]);
		const moving = await preview(
			csvFile([HEADER, 'Lê Văn Dần,K2A-02,,1980,,,,,22000001'].join('\n')),
			[tree.a.path]
		);
		expect(moving.rows[0]).toEqual(
			expect.objectContaining({
				action: 'move',
				personId: person.id,
				fromUnit: { code: 'K2A-01', name: 'Chi bộ thôn Đông' }
			})
		);
		const result = await commitImport(db(), {
			batchId: moving.id,
			scope: [tree.a.path],
			actorUserId
		});
		expect(result).toEqual(expect.objectContaining({ ok: true, created: 0, updated: 1, moved: 1 }));
		const [moved] = await db().select().from(people).where(eq(people.id, person.id));
		expect([moved.orgUnitId, moved.birthYear]).toEqual([tree.a2.id, 1980]);
		const history = await db()
			.select({ reason: personUnitHistory.reason, to: personUnitHistory.toUnitId })
			.from(personUnitHistory)
			.where(eq(personUnitHistory.personId, person.id))
			.orderBy(personUnitHistory.id);
		expect(history.at(-1)).toEqual({ reason: 'transfer', to: tree.a2.id });
		const grants = await db()
			.select({ unit: roleGrants.orgUnitId })
			.from(roleGrants)
			.innerJoin(users, eq(users.id, roleGrants.userId))
			.where(and(eq(users.personId, person.id), eq(roleGrants.role, 'secretary')));
		expect(grants).toEqual([{ unit: tree.a2.id }]);
	});

	it('refuses a card number used twice in the file, or held by someone outside the scope, without naming them', async () => {
		const tree = await buildTree(db(), 'K3');
		await createPersonWithAccount(
			db(),
			{
				fullName: 'Phí Văn Bí Mật',
				orgUnitId: tree.b1.id,
				birthYear: 1961,
				partyCardNumber: '33000009'
			},
			null
		);
		const batch = await preview(
			csvFile(
				[
					HEADER,
					'Đỗ Văn Một,K3A-01,,,,,,,33000001',
					'Đỗ Văn Hai,K3A-01,,,,,,,33 000 001',
					'Đỗ Văn Ba,K3A-02,,,,,,,33000009',
					'Đỗ Văn Bốn,K3A-02,,,,,,,12'
				].join('\n')
			),
			[tree.a.path]
		);
		expect(batch.rows.map((r) => r.errors.map((e) => e.code))).toEqual([
			[],
			['card_duplicate'],
			['card_elsewhere'],
			['card_invalid']
		]);
		expect(batch.rows[1].errors[0].row).toBe(2);
		const stored = JSON.stringify(batch.rows);
		expect(stored).not.toContain('Bí Mật');
		expect(stored).not.toContain('K3B-01');
		expect(stored).not.toContain('1961');
		expect(batch.rows[2].personId).toBeNull();
	});

	it('a second secretary for a cell needs a choice: replace, keep both (deputy) or skip', async () => {
		const tree = await buildTree(db(), 'K4');
		await createPersonWithAccount(
			db(),
			{ fullName: 'Vũ Văn Cũ', orgUnitId: tree.a1.id, position: 'secretary' },
			null
		);
		await createPersonWithAccount(
			db(),
			{ fullName: 'Vũ Thị Cũ', orgUnitId: tree.a2.id, position: 'secretary' },
			null
		);
		const file = csvFile(
			[
				HEADER,
				'Hà Văn Mới,K4A-01,Bí thư,,,,,,', // 2: the cell already has a secretary
				'Hà Thị Mới,K4A-02,Bí thư,,,,,,', // 3: the same, in the other cell
				'Hà Văn Ba,K4B-01,Bí thư,,,,,,', // 4: first secretary of B1: fine
				'Hà Văn Tư,K4B-01,Bí thư,,,,,,' // 5: a second one in the same file
			].join('\n')
		);
		const scope = [tree.province.path];
		const batch = await preview(file, scope);
		expect(batch.errorCount).toBe(0);
		expect(batch.rows.map((r) => r.conflict)).toEqual([
			{ existing: ['Vũ Văn Cũ'], row: null },
			{ existing: ['Vũ Thị Cũ'], row: null },
			null,
			{ existing: [], row: 4 }
		]);
		const before = await peopleIn([tree.a1.id, tree.a2.id, tree.b1.id]);
		expect(await commitImport(db(), { batchId: batch.id, scope, actorUserId })).toEqual({
			ok: false,
			reason: 'choices_missing',
			rows: [2, 3, 5]
		});
		expect(
			await commitImport(db(), {
				batchId: batch.id,
				scope,
				actorUserId,
				choices: { 2: 'replace', 3: 'deputy' }
			})
		).toEqual({ ok: false, reason: 'choices_missing', rows: [5] });
		expect(await peopleIn([tree.a1.id, tree.a2.id, tree.b1.id])).toBe(before);

		const result = await commitImport(db(), {
			batchId: batch.id,
			scope,
			actorUserId,
			choices: { 2: 'replace', 3: 'deputy', 5: 'skip' }
		});
		expect(result).toEqual(expect.objectContaining({ ok: true, created: 3, skipped: 1 }));
		expect(await inUnits([tree.a1.id])).toEqual([
			{ name: 'Vũ Văn Cũ', position: 'member', unit: tree.a1.id },
			{ name: 'Hà Văn Mới', position: 'secretary', unit: tree.a1.id }
		]);
		expect(await inUnits([tree.a2.id])).toEqual([
			{ name: 'Vũ Thị Cũ', position: 'secretary', unit: tree.a2.id },
			{ name: 'Hà Thị Mới', position: 'deputy_secretary', unit: tree.a2.id }
		]);
		expect((await inUnits([tree.b1.id])).map((p) => p.name)).toEqual(['Hà Văn Ba']);
		const [audit] = await db().select().from(auditLog).where(eq(auditLog.targetId, batch.id));
		expect(audit.details).toEqual(
			expect.objectContaining({
				created: 3,
				skipped: 1,
				secretaryChoices: { 2: 'replace', 3: 'deputy', 5: 'skip' },
				demoted: [expect.any(Number)]
			})
		);
	});

	it('a commit refuses a plan the database no longer matches (a secretary added since the preview)', async () => {
		const tree = await buildTree(db(), 'K5');
		const batch = await preview(csvFile([HEADER, 'Mai Văn Sau,K5A-01,Bí thư,,,,,,'].join('\n')), [
			tree.a.path
		]);
		expect(batch.rows[0].conflict).toBeNull();
		await createPersonWithAccount(
			db(),
			{ fullName: 'Mai Văn Trước', orgUnitId: tree.a1.id, position: 'secretary' },
			null
		);
		expect(
			await commitImport(db(), { batchId: batch.id, scope: [tree.a.path], actorUserId })
		).toEqual({ ok: false, reason: 'changed', rows: [2] });
		expect((await inUnits([tree.a1.id])).map((p) => p.name)).toEqual(['Mai Văn Trước']);
	});
	it('an exported list of people without card numbers imported again updates them, matched by name and birth year in their unit', async () => {
		const tree = await buildTree(db(), 'K6');
		const { person: secretary } = await createPersonWithAccount(
			db(),
			{ fullName: 'Ngô Văn Khải', orgUnitId: tree.a1.id, position: 'secretary', birthYear: 1968 },
			null
		);
		const { person: member } = await createPersonWithAccount(
			db(),
			{ fullName: 'Ngô Thị Lan', orgUnitId: tree.a1.id, birthYear: 1975, phone: '0911111111' },
			null
		);
		const exported = await exportPeople(db(), {
			scope: [tree.a1.path],
			filters: noFilters,
			format: 'csv',
			locale: 'vi'
		});
		const bytes = new Uint8Array(await exported!.arrayBuffer());
		const again = await preview({ name: 'export.csv', bytes }, [tree.a.path]);
		expect(again.errorCount).toBe(0);
		expect(
			again.rows.map((r) => [r.fullName, r.action, r.personId, r.matchedBy, r.conflict, r.warnings])
		).toEqual([
			['Ngô Văn Khải', 'unchanged', secretary.id, 'name', null, []],
			['Ngô Thị Lan', 'unchanged', member.id, 'name', null, []]
		]);
		const before = await peopleIn([tree.a1.id]);
		expect(
			await commitImport(db(), { batchId: again.id, scope: [tree.a.path], actorUserId })
		).toEqual(expect.objectContaining({ ok: true, created: 0, updated: 0, unchanged: 2 }));
		expect(await peopleIn([tree.a1.id])).toBe(before);

		// The same list edited: spacing and case of the name do not matter, the phone is changed.
		const edited = await preview(
			csvFile([HEADER, 'NGÔ  THỊ LAN,K6A-01,,1975,,,,0922222222,'].join('\n')),
			[tree.a.path]
		);
		expect(edited.rows[0]).toEqual(
			expect.objectContaining({ action: 'update', personId: member.id, matchedBy: 'name' })
		);
		expect(edited.rows[0].changes).toEqual(['fullName', 'phone']);
		await commitImport(db(), { batchId: edited.id, scope: [tree.a.path], actorUserId });
		const [after] = await db().select().from(people).where(eq(people.id, member.id));
		expect([after.fullName, after.phone]).toEqual(['NGÔ THỊ LAN', '0922222222']);
		expect(await peopleIn([tree.a1.id])).toBe(before);
	});

	it('matches by name only within the unit, with the birth year, and never someone another row names', async () => {
		const tree = await buildTree(db(), 'K7');
		const { person } = await createPersonWithAccount(
			db(),
			{
				fullName: 'Đào Văn Minh',
				orgUnitId: tree.a1.id,
				birthYear: 1980,
				partyCardNumber: '77000001'
			},
			null
		);
		await createPersonWithAccount(db(), { fullName: 'Đào Thị Nga', orgUnitId: tree.a1.id }, null);
		const batch = await preview(
			csvFile(
				[
					HEADER,
					'Đào Văn Minh,K7A-02,,1980,,,,,', // another unit: new
					'Đào Văn Minh,K7A-01,,1981,,,,,', // another birth year: new
					'Dao Van Minh,K7A-01,,1980,,,,,', // the name without its marks: new, with a warning
					'Đào Thị Nga,K7A-01,,1990,,,,,' // the person has no birth year: new, with a warning
				].join('\n')
			),
			[tree.a.path]
		);
		expect(batch.rows.map((r) => [r.action, r.personId, r.warnings.map((w) => w.code)])).toEqual([
			['create', null, []],
			['create', null, []],
			['create', null, ['already_exists']],
			['create', null, ['already_exists']]
		]);
		// A row naming him by card and another naming him by name: the card wins, the other is new.
		const both = await preview(
			csvFile(
				[HEADER, 'Đào Văn Minh,K7A-01,,1980,,,,,77000001', 'Đào Văn Minh,K7A-01,,1980,,,,,'].join(
					'\n'
				)
			),
			[tree.a.path]
		);
		expect(both.rows.map((r) => [r.action, r.personId, r.matchedBy])).toEqual([
			['unchanged', person.id, 'card'],
			['create', null, null]
		]);
	});

	it('two people of that name and birth year in the unit: the row is new, with a warning naming them', async () => {
		const tree = await buildTree(db(), 'K8');
		const twin = (phone: string) =>
			createPersonWithAccount(
				db(),
				{ fullName: 'Phan Văn Sơn', orgUnitId: tree.a1.id, birthYear: 1972, phone },
				null
			);
		const { person: first } = await twin('0933333331');
		const { person: second } = await twin('0933333332');
		await createPersonWithAccount(
			db(),
			{ fullName: 'Phan Văn Sơn', orgUnitId: tree.b1.id, birthYear: 1972 },
			null
		);
		const batch = await preview(csvFile([HEADER, 'Phan Văn Sơn,K8A-01,,1972,,,,,'].join('\n')), [
			tree.a.path
		]);
		expect(batch.rows[0]).toEqual(
			expect.objectContaining({ action: 'create', personId: null, conflict: null })
		);
		expect(batch.rows[0].warnings).toEqual([
			{
				code: 'ambiguous',
				people: [
					{ id: first.id, fullName: 'Phan Văn Sơn', position: 'member', partyCardNumber: null },
					{ id: second.id, fullName: 'Phan Văn Sơn', position: 'member', partyCardNumber: null }
				]
			}
		]);
		expect(JSON.stringify(batch.rows)).not.toContain(tree.b1.code);
	});

	it("a secretary matched by name is the unit's secretary, not a second one", async () => {
		const tree = await buildTree(db(), 'K9');
		await createPersonWithAccount(
			db(),
			{ fullName: 'Lương Văn Tâm', orgUnitId: tree.a1.id, position: 'secretary', birthYear: 1966 },
			null
		);
		const batch = await preview(
			csvFile([HEADER, 'Lương Văn Tâm,K9A-01,Bí thư,1966,Nam,,,,'].join('\n')),
			[tree.a.path]
		);
		expect(batch.rows[0]).toEqual(
			expect.objectContaining({ action: 'update', conflict: null, changes: ['gender'] })
		);
		expect(
			await commitImport(db(), { batchId: batch.id, scope: [tree.a.path], actorUserId })
		).toEqual(expect.objectContaining({ ok: true, created: 0, updated: 1 }));
		expect(await inUnits([tree.a1.id])).toEqual([
			{ name: 'Lương Văn Tâm', position: 'secretary', unit: tree.a1.id }
		]);
	});
});
