import { readFileSync } from 'node:fs';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { IssueList } from '../issues';
import { parseQuestionBank } from '../question-bank';
import { parseAiken } from './aiken';
import { parseGift, unescapeGift } from './gift';
import { detectFormat } from './index';
import { toQuestionBank } from './markdown';
import { parseQuestionTable } from './table';

const sample = (name: string) => readFileSync(`tests/fixtures/import/${name}`, 'utf8');

describe('GIFT import', () => {
	const result = parseGift(sample('sample.gift'));

	it('converts multiple choice, keeping general and per-answer feedback, skipping comments', () => {
		expect(result.questions[0]).toEqual({
			at: 4,
			stem: 'Chi bộ có ít nhất bao nhiêu đảng viên chính thức?',
			options: [
				{ text: '2 đảng viên', checked: false },
				{ text: '3 đảng viên', checked: true },
				{ text: '5 đảng viên', checked: false }
			],
			explanation:
				'Điều lệ Đảng quy định chi bộ có từ ba đảng viên chính thức trở lên. Vì sao chọn “3 đảng viên”: Đúng theo Điều lệ.'
		});
	});

	it('unescapes \\: \\{ \\} \\= \\~ in stems and answers', () => {
		expect(result.questions[1].stem).toBe('Tỷ lệ 1:1 và ký hiệu {ngoặc} có hiện đúng không?');
		expect(result.questions[1].options[0]).toEqual({ text: 'Có, ký hiệu = và ~ vẫn giữ', checked: true });
		expect(unescapeGift('a\\nb \\# \\\\')).toBe('a\nb # \\');
	});

	it('turns positive weights into a multiple-answer question', () => {
		expect(result.questions[2].options.map((o) => o.checked)).toEqual([true, true, false]);
	});

	it('converts true/false ({TRUE#feedback}, {F}) and the missing-word form', () => {
		expect(result.questions[3].options).toEqual([
			{ text: 'Đúng', checked: true },
			{ text: 'Sai', checked: false }
		]);
		expect(result.questions[4].options.map((o) => o.checked)).toEqual([false, true]);
		expect(result.questions[5].stem).toBe('Chi bộ sinh hoạt thường kỳ _____ một lần.');
	});

	it('reports what it cannot convert with the line where the question starts', () => {
		expect(result.questions).toHaveLength(6);
		expect(result.problems).toEqual([
			{ at: 24, message: '"Q6 trả lời ngắn": a short-answer question (not supported)' },
			{ at: 26, message: '"Q7 ghép đôi": a matching question (not supported)' },
			{ at: 31, message: '"Q8 số": a numerical question (not supported)' },
			{ at: 33, message: '"Q9 tự luận": an essay question (not supported)' },
			{ at: 35, message: 'a description without answers (nothing to convert)' },
			{ at: 39, message: '"Q11 hỏng": the { on line 39 is never closed: a } is missing' }
		]);
	});
});

describe('Aiken import', () => {
	const result = parseAiken(sample('sample.aiken.txt'));

	it('converts "A." and "A)" options and single or several answer letters', () => {
		expect(result.questions.map((q) => [q.at, q.options.filter((o) => o.checked).map((o) => o.text)])).toEqual([
			[1, ['3']],
			[7, ['Quy định 366-QĐ/TW']],
			[17, ['Dự thảo báo cáo', 'Dự thảo nghị quyết']],
			[33, ['Có']]
		]);
	});

	it('reports unknown answers, options out of order and a missing ANSWER, each once', () => {
		expect(result.problems).toEqual([
			{ at: 12, message: 'ANSWER D is not one of the options' },
			{ at: 23, message: 'option C where B was expected (line 25)' },
			{ at: 29, message: 'no ANSWER line after the options (line 33)' }
		]);
	});
});

describe('spreadsheet import', () => {
	async function workbook(rows: (string | number)[][]): Promise<Uint8Array> {
		const book = new ExcelJS.Workbook();
		const sheet = book.addWorksheet('Câu hỏi');
		for (const row of rows) sheet.addRow(row);
		return new Uint8Array(await book.xlsx.writeBuffer());
	}

	it('reads one question a row with Vietnamese headers and reports bad rows by number', async () => {
		const bytes = await workbook([
			['Mã câu hỏi', 'Câu hỏi', 'Phương án A', 'Phương án B', 'Phương án C', 'Đáp án đúng', 'Giải thích', 'Nguồn', 'Chủ đề', 'Độ khó'],
			['m01-q001', 'Chi bộ có ít nhất bao nhiêu đảng viên?', '2', '3', '5', 'B', 'Điều 24', 'dieu-le-dang-2011 (Điều 24)', 'to-chuc', 1],
			['', 'Chọn các tài liệu', 'Báo cáo', 'Nghị quyết', 'Bảng lương', 'A, B', '', '', '', ''],
			['', 'Đảng viên được biết trước nội dung.', '', '', '', 'Đúng', '', '', '', ''],
			['', 'Đáp án ngoài phương án', 'Một', 'Hai', '', 'D', '', '', '', ''],
			['', 'Thiếu phương án B', 'Một', '', 'Ba', 'A', '', '', '', ''],
			['', '', 'Một', 'Hai', '', 'A', '', '', '', '']
		]);
		const result = await parseQuestionTable({ name: 'bank.xlsx', bytes });
		expect(result.unit).toBe('row');
		expect(result.questions).toEqual([
			{
				at: 2,
				key: 'm01-q001',
				stem: 'Chi bộ có ít nhất bao nhiêu đảng viên?',
				options: [
					{ text: '2', checked: false },
					{ text: '3', checked: true },
					{ text: '5', checked: false }
				],
				explanation: 'Điều 24',
				sources: 'dieu-le-dang-2011 (Điều 24)',
				topic: 'to-chuc',
				difficulty: '1'
			},
			expect.objectContaining({ at: 3, options: [{ text: 'Báo cáo', checked: true }, { text: 'Nghị quyết', checked: true }, { text: 'Bảng lương', checked: false }] }),
			expect.objectContaining({ at: 4, options: [{ text: 'Đúng', checked: true }, { text: 'Sai', checked: false }] })
		]);
		expect(result.problems).toEqual([
			{ at: 5, message: 'answer D is not one of the filled options' },
			{ at: 6, message: 'option B is empty but later options are filled' },
			{ at: 7, message: 'no question text' }
		]);
	});

	it('names the missing columns', async () => {
		const bytes = await workbook([['Câu hỏi', 'A', 'B'], ['x', '1', '2']]);
		const result = await parseQuestionTable({ name: 'bank.xlsx', bytes });
		expect(result.problems).toEqual([{ at: 1, message: 'missing columns: Đáp án đúng' }]);
	});
});

describe('writing the question bank', () => {
	it('produces Markdown the bank parser reads back, with defaults and escaped syntax', () => {
		const markdown = toQuestionBank(
			[
				{ at: 1, stem: '## Không phải tiêu đề\nDòng hai', options: [{ text: 'A\nB', checked: true }, { text: 'C', checked: false }], explanation: 'Vì.' },
				{ at: 9, stem: 'Đúng hay sai?', options: [{ text: 'Đúng', checked: false }, { text: 'Sai', checked: true }] }
			],
			{ lang: 'vi', keyPrefix: 'm09-q', start: 7, topic: 't', difficulty: '2', sources: 'dieu-le-dang-2011' }
		);
		const issues = new IssueList();
		const parsed = parseQuestionBank(markdown, 'out.md', 'vi', issues);
		expect(parsed.map((q) => q.key)).toEqual(['m09-q007', 'm09-q008']);
		expect(parsed[0].stem).toBe('\\## Không phải tiêu đề\nDòng hai');
		expect(parsed[0].options.map((o) => o.text)).toEqual(['A B', 'C']);
		expect(parsed[0].attributes).toEqual({ topic: 't', difficulty: '2' });
		expect(parsed[0].sources).toEqual([{ source: 'dieu-le-dang-2011' }]);
		// The second has no explanation: the check will ask for one.
		expect(issues.items.map((i) => i.message)).toEqual(['m09-q008: missing the explanation ("Giải thích: …")']);
	});

	it('detects the format from the extension and, for .txt, from the content', () => {
		expect(detectFormat('a.gift', null)).toBe('gift');
		expect(detectFormat('a.xlsx', null)).toBe('table');
		expect(detectFormat('a.txt', 'Q?\nA. x\nB. y\nANSWER: A')).toBe('aiken');
		expect(detectFormat('a.txt', 'Q? {=x ~y}')).toBe('gift');
		expect(detectFormat('a.doc', 'x')).toBe(null);
	});
});
