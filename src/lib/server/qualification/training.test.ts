import { and, eq, like } from 'drizzle-orm';
import { expect, it } from 'vitest';
import { auditLog, trainingRecords } from '../db/schema';
import { actorWith, buildProvince } from '../orgs/test-fixtures';
import { createPerson } from '../people/people';
import { toCsv, toXlsx, type ExportColumn } from '../spreadsheet/write';
import { describeEachDatabase } from '../testing/databases';
import { importTrainingRecords, TRAINING_IMPORT_COLUMNS } from './training-import';
import {
	addTrainingRecord,
	deleteTrainingRecord,
	parseTrainingForm,
	trainingChangesOf,
	trainingRecordsOf,
	updateTrainingRecord
} from './training';

const TODAY = '2026-12-07';

const form = (values: Record<string, string>) => {
	const f = new FormData();
	for (const [k, v] of Object.entries(values)) f.set(k, v);
	return f;
};

const course = {
	name: 'Bồi dưỡng bí thư chi bộ',
	organizer: 'Trung tâm Chính trị huyện',
	startOn: '2026-03-02',
	endOn: '2026-03-06',
	hours: '40',
	certificateNumber: 'GCN-12'
};

type Row = Record<string, string>;
const columns: ExportColumn<Row>[] = TRAINING_IMPORT_COLUMNS.map((c) => ({
	header: c.headers[0],
	value: (r) => r[c.key] ?? ''
}));
const csv = (rows: Row[]) => ({
	name: 'lop.csv',
	bytes: new TextEncoder().encode(toCsv(columns, rows))
});

describeEachDatabase('training records', ({ db }) => {
	it('checks the form: dates, order, the future, hours', () => {
		expect(parseTrainingForm(form(course), TODAY).ok).toBe(true);
		const bad = parseTrainingForm(
			form({ ...course, name: '  ', startOn: '2026-03-09', endOn: '2027-01-01', hours: '0' }),
			TODAY
		);
		expect(bad.ok).toBe(false);
		expect(!bad.ok && bad.errors).toEqual({ name: 'required', endOn: 'future', hours: 'hours' });
		const order = parseTrainingForm(form({ ...course, endOn: '01/03/2026' }), TODAY);
		expect(!order.ok && order.errors).toEqual({ endOn: 'order' });
	});

	it('adds, edits and deletes a course, each change with who and when', async () => {
		const tree = await buildProvince(db());
		const staff = await actorWith(db(), [{ role: 'manager', unit: tree.tanLap }]);
		const p = await createPerson(db(), { orgUnitId: tree.tl1.id, fullName: 'Vũ Văn Khải' });
		const parsed = parseTrainingForm(form(course), TODAY);
		if (!parsed.ok) throw new Error('form');
		const id = await addTrainingRecord(db(), {
			personId: p.id,
			orgUnitId: tree.tl1.id,
			value: parsed.value,
			actorUserId: staff.id
		});
		expect(await trainingRecordsOf(db(), p.id)).toEqual([
			{ id, ...parsed.value, hours: 40, certificateNumber: 'GCN-12' }
		]);
		const other = await createPerson(db(), { orgUnitId: tree.tl1.id, fullName: 'Người Khác' });
		// An edit: another person's record id is refused; the person's own is changed and logged.
		const edited = { ...parsed.value, hours: 32, certificateNumber: null };
		const edit = (personId: number) =>
			updateTrainingRecord(db(), {
				personId,
				orgUnitId: tree.tl1.id,
				recordId: id,
				value: edited,
				actorUserId: staff.id
			});
		expect(await edit(other.id)).toBe(false);
		expect(await trainingRecordsOf(db(), p.id)).toEqual([
			{ id, ...parsed.value, hours: 40, certificateNumber: 'GCN-12' }
		]);
		expect(await edit(p.id)).toBe(true);
		expect(await trainingRecordsOf(db(), p.id)).toEqual([{ id, ...edited }]);
		// Another person's record id is refused.
		expect(
			await deleteTrainingRecord(db(), {
				personId: other.id,
				orgUnitId: tree.tl1.id,
				recordId: id,
				actorUserId: staff.id
			})
		).toBe(false);
		expect(
			await deleteTrainingRecord(db(), {
				personId: p.id,
				orgUnitId: tree.tl1.id,
				recordId: id,
				actorUserId: staff.id
			})
		).toBe(true);
		expect(await trainingRecordsOf(db(), p.id)).toEqual([]);
		const changes = await trainingChangesOf(db(), p.id);
		expect(changes.map((c) => [c.action, c.actor, c.name])).toEqual([
			['deleted', 'Cán bộ thử nghiệm', course.name],
			['updated', 'Cán bộ thử nghiệm', course.name],
			['added', 'Cán bộ thử nghiệm', course.name]
		]);
		const [updateEntry] = await db()
			.select({ details: auditLog.details })
			.from(auditLog)
			.where(
				and(eq(auditLog.action, 'qualification.training_updated'), eq(auditLog.targetId, `${p.id}`))
			);
		expect(updateEntry.details).toMatchObject({
			recordId: id,
			changed: ['hours', 'certificateNumber'],
			before: { hours: 40, certificateNumber: 'GCN-12' }
		});
	});

	it('imports a file whole: by card number and by unit + NFD name, with audit per record', async () => {
		const tree = await buildProvince(db());
		const staff = await actorWith(db(), [{ role: 'manager', unit: tree.tanLap }]);
		const card = `${Date.now()}`.slice(-9);
		const a = await createPerson(db(), {
			orgUnitId: tree.tl1.id,
			fullName: 'Đặng Thị Hồng',
			partyCardNumber: card
		});
		const b = await createPerson(db(), { orgUnitId: tree.tl2.id, fullName: 'Ngô Quốc Việt' });
		const rows: Row[] = [
			{ ...course, partyCardNumber: card, startOn: '02/03/2026', endOn: '06/03/2026' },
			{
				...course,
				unitCode: tree.tl2.code.toLowerCase(),
				// Decomposed diacritics, as some spreadsheet programs write them.
				fullName: 'Ngô Quốc Việt'.normalize('NFD'),
				name: 'Kỹ năng sinh hoạt chi bộ'.normalize('NFD'),
				certificateNumber: ''
			}
		];
		const xlsx = await toXlsx(columns, rows, 'Lop');
		const result = await importTrainingRecords(db(), {
			file: { name: 'lop.xlsx', bytes: xlsx },
			scope: [tree.tanLap.path],
			actorUserId: staff.id,
			today: TODAY
		});
		expect(result).toEqual({ ok: true, created: 2, people: 2 });
		const [ra] = await trainingRecordsOf(db(), a.id);
		expect(ra).toMatchObject({ startOn: '2026-03-02', endOn: '2026-03-06', hours: 40 });
		const [rb] = await trainingRecordsOf(db(), b.id);
		expect(rb.name).toBe('Kỹ năng sinh hoạt chi bộ'.normalize('NFC'));
		expect(rb.certificateNumber).toBeNull();
		expect((await trainingChangesOf(db(), b.id)).map((c) => c.action)).toEqual(['imported']);
		// The same file again: every row already exists, nothing is written twice.
		const again = await importTrainingRecords(db(), {
			file: { name: 'lop.xlsx', bytes: xlsx },
			scope: [tree.tanLap.path],
			actorUserId: staff.id,
			today: TODAY
		});
		expect(again).toMatchObject({
			ok: false,
			rows: [
				{ rowNumber: 2, code: 'exists' },
				{ rowNumber: 3, code: 'exists' }
			]
		});
		expect(await trainingRecordsOf(db(), a.id)).toHaveLength(1);
	});

	it('one bad row writes nothing and every problem is listed by row', async () => {
		const tree = await buildProvince(db());
		const staff = await actorWith(db(), [{ role: 'manager', unit: tree.tanLap }]);
		const mine = await createPerson(db(), { orgUnitId: tree.tl1.id, fullName: 'Lâm Văn Tư' });
		await createPerson(db(), { orgUnitId: tree.tl1.id, fullName: 'Hai Người' });
		await createPerson(db(), { orgUnitId: tree.tl1.id, fullName: 'Hai Người' });
		await createPerson(db(), { orgUnitId: tree.hp1.id, fullName: 'Ngoài Phạm Vi' });
		const before = await db().select().from(trainingRecords);
		const auditBefore = await db()
			.select()
			.from(auditLog)
			.where(like(auditLog.action, 'qualification.training%'));
		const result = await importTrainingRecords(db(), {
			file: csv([
				{ ...course, unitCode: tree.tl1.code, fullName: 'Lâm Văn Tư' },
				{ ...course, unitCode: tree.tl1.code, fullName: 'Hai Người' },
				{ ...course, unitCode: tree.hp1.code, fullName: 'Ngoài Phạm Vi' },
				{ ...course, unitCode: tree.tl1.code, fullName: 'Lâm Văn Tư', hours: 'bốn mươi' },
				{ ...course, unitCode: tree.tl1.code, fullName: 'Lâm Văn Tư' },
				{ ...course, unitCode: '', fullName: '' },
				{ ...course, partyCardNumber: '=1+1', unitCode: tree.tl1.code }
			]),
			scope: [tree.tanLap.path],
			actorUserId: staff.id,
			today: TODAY
		});
		expect(result).toEqual({
			ok: false,
			total: 7,
			rows: [
				{ rowNumber: 3, code: 'person_ambiguous', column: 'fullName' },
				// Outside the scope reads like unknown: the file cannot probe other communes.
				{ rowNumber: 4, code: 'person_unknown', column: 'fullName' },
				{ rowNumber: 5, code: 'hours', column: 'hours' },
				{ rowNumber: 6, code: 'duplicate_row', row: 2 },
				{ rowNumber: 7, code: 'person_required' },
				{ rowNumber: 8, code: 'card_invalid', column: 'partyCardNumber' }
			]
		});
		expect(await trainingRecordsOf(db(), mine.id)).toEqual([]);
		expect(await db().select().from(trainingRecords)).toHaveLength(before.length);
		expect(
			await db().select().from(auditLog).where(like(auditLog.action, 'qualification.training%'))
		).toHaveLength(auditBefore.length);
	});

	it('a file without the required columns is refused as a whole', async () => {
		const result = await importTrainingRecords(db(), {
			file: { name: 'x.csv', bytes: new TextEncoder().encode('Họ và tên;Mã đơn vị\nA;B\n') },
			scope: ['/'],
			actorUserId: 1,
			today: TODAY
		});
		expect(result).toMatchObject({ ok: false, error: { code: 'missing_columns' } });
	});
});
