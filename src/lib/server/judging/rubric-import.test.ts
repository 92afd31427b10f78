import { expect, it } from 'vitest';
import { toXlsx } from '../spreadsheet/write';
import { describeEachDatabase } from '../testing/databases';
import { roundRubric } from './rubric';
import { importRubric } from './rubric-import';
import { judgeSeat } from './seats';
import { submitSheet } from './sheets';
import { finals } from './testing/finals-fixtures';

const csv = (text: string) => ({ name: 'thang-diem.csv', bytes: new TextEncoder().encode(text) });
const rubricNow = async (db: Parameters<typeof roundRubric>[0], roundId: number) =>
	(await roundRubric(db, roundId)).map((c) => [c.name, c.maxPoints, c.descriptors]);

describeEachDatabase('rubric import', ({ db }) => {
	it('a CSV or XLSX replaces the rubric; the round’s maximum follows', async () => {
		const f = await finals(db());
		expect(
			await importRubric(
				db(),
				f.organizer.id,
				f.round,
				csv(
					'Tiêu chí;Điểm tối đa;Mô tả\nNội dung;40;Đúng, đủ\nGiải pháp;30;\nTrình bày;20;Rõ ràng\nThời gian;10;\n'
				)
			)
		).toEqual({ ok: true, maxScore: 100, criteria: 4 });
		expect(await rubricNow(db(), f.round.id)).toEqual([
			['Nội dung', 40, 'Đúng, đủ'],
			['Giải pháp', 30, ''],
			['Trình bày', 20, 'Rõ ràng'],
			['Thời gian', 10, '']
		]);
		type Row = { name: string; max: number | string; text: string };
		const bytes = await toXlsx<Row>(
			[
				{ header: 'Criterion', value: (r) => r.name },
				{ header: 'Max points', value: (r) => r.max },
				{ header: 'Descriptor', value: (r) => r.text }
			],
			[
				{ name: 'Nội dung', max: 62.5, text: 'Sâu sắc' },
				{ name: 'Trình bày', max: '37,5', text: '' }
			],
			'Thang điểm'
		);
		expect(
			await importRubric(db(), f.organizer.id, f.round, { name: 'rubric.xlsx', bytes })
		).toEqual({ ok: true, maxScore: 100, criteria: 2 });
		expect(await rubricNow(db(), f.round.id)).toEqual([
			['Nội dung', 62.5, 'Sâu sắc'],
			['Trình bày', 37.5, '']
		]);
	});

	it('any bad row saves nothing, and each problem names its spreadsheet row', async () => {
		const f = await finals(db());
		const before = await rubricNow(db(), f.round.id);
		expect(
			await importRubric(
				db(),
				f.organizer.id,
				f.round,
				csv('Tiêu chí,Điểm tối đa\nNội dung,40\n,10\n\nGiải pháp,abc\nnội dung,5\nKhác,0\n')
			)
		).toEqual({
			ok: false,
			error: 'invalid',
			rows: [
				{ rowNumber: 3, error: 'name_required' },
				{ rowNumber: 5, error: 'max_invalid' },
				{ rowNumber: 6, error: 'duplicate_name' },
				{ rowNumber: 7, error: 'max_invalid' }
			]
		});
		expect(await rubricNow(db(), f.round.id)).toEqual(before);
		// Not the template: said before anything else.
		expect(
			await importRubric(db(), f.organizer.id, f.round, csv('Tên,Điểm\nNội dung,40\n'))
		).toMatchObject({ ok: false, error: 'file', file: { code: 'missing_columns' } });
		const many = Array.from({ length: 21 }, (_, i) => `Tiêu chí ${i + 1},1`).join('\n');
		expect(
			await importRubric(db(), f.organizer.id, f.round, csv(`Tiêu chí,Điểm tối đa\n${many}\n`))
		).toMatchObject({ ok: false, error: 'file', file: { code: 'too_many_rows' } });
		expect(await rubricNow(db(), f.round.id)).toEqual(before);
	});

	it('refused once a judge has scored', async () => {
		const f = await finals(db());
		const seat = (await judgeSeat(db(), f.judges[0], f.round.id))!;
		await submitSheet(db(), seat, {
			registrationId: f.b.registration.id,
			points: f.sheet(30, 10),
			comment: ''
		});
		expect(
			await importRubric(
				db(),
				f.organizer.id,
				f.round,
				csv('Tiêu chí,Điểm tối đa\nNội dung,50\nGiải pháp,50\n')
			)
		).toEqual({ ok: false, error: 'scored' });
	});
});
