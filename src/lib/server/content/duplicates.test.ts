import { describe, expect, it } from 'vitest';
import { checkNearDuplicates, nearDuplicateStems, normalizeWords } from './duplicates';
import { IssueList } from './issues';
import type { QuestionEntry } from './types';

const question = (key: string, stem: string, repeatOf: string | null = null) =>
	({ key, stem: { vi: stem }, repeatOf, file: `${key.slice(0, 3)}/questions.vi.md`, line: Number(key.slice(-2)) }) as QuestionEntry;

// A known repeat in the shipped banks (issue 12): m04-q016 and m05-q022 ask the same fact.
const known = [
	question('m04-q016', 'Theo Quy định số 213-QĐ/TW ngày 02/01/2020 của Bộ Chính trị, tổ chức đảng nơi cư trú cùng với tổ chức đảng nơi làm việc kiểm tra, giám sát, nhận xét, đánh giá việc đảng viên đang công tác thực hiện trách nhiệm ở nơi cư trú.'),
	question('m05-q022', 'Theo Quy định 213-QĐ/TW, tổ chức đảng nào có trách nhiệm tạo điều kiện, kiểm tra, giám sát, nhận xét, đánh giá việc đảng viên đang công tác thực hiện trách nhiệm ở nơi cư trú?')
];
const others = [
	question('m01-q001', 'Theo Điều lệ Đảng, chi bộ trực thuộc đảng ủy cơ sở phải có ít nhất bao nhiêu đảng viên chính thức?'),
	question('m07-q003', 'Theo Quy định 366-QĐ/TW, việc kiểm điểm, đánh giá, xếp loại chất lượng tập thể, cá nhân được tiến hành theo những kỳ nào?'),
	question('m11-q004', 'Ứng dụng Sổ tay đảng viên điện tử hỗ trợ chi bộ những việc gì khi chuẩn bị sinh hoạt?')
];

describe('near-duplicate stems', () => {
	it('normalises case, diacritics, đ and punctuation', () => {
		expect(normalizeWords('Đảng viên, ĐẢNG VIÊN: đảng-viên!')).toEqual(['dang', 'vien', 'dang', 'vien', 'dang', 'vien']);
	});

	it('finds the known pair and nothing else among unrelated stems', () => {
		const pairs = nearDuplicateStems([...known, ...others]);
		expect(pairs.map((p) => [p.a.key, p.b.key])).toEqual([['m04-q016', 'm05-q022']]);
		expect(pairs[0].similarity).toBeGreaterThanOrEqual(0.5);
	});

	it('does not pair two stems that share only the topic vocabulary', () => {
		const pairs = nearDuplicateStems([
			question('m02-q001', 'Chi bộ sinh hoạt thường kỳ mỗi tháng mấy lần theo Điều lệ Đảng?'),
			question('m06-q001', 'Theo Điều lệ Đảng, thời gian dự bị của đảng viên là bao nhiêu tháng?'),
			...others
		]);
		expect(pairs).toEqual([]);
	});

	it('reports the pair with both places, and repeat-of silences it', () => {
		const issues = new IssueList();
		checkNearDuplicates([...known, ...others], issues);
		expect(issues.items).toHaveLength(1);
		expect(issues.items[0]).toMatchObject({ severity: 'warning', file: 'm05/questions.vi.md', line: 22 });
		expect(issues.items[0].message).toMatch(/^m05-q022: its stem nearly repeats m04-q016 at m04\/questions\.vi\.md:16 \(similarity 0\.\d\d\)/);

		const marked = new IssueList();
		checkNearDuplicates([known[0], { ...known[1], repeatOf: 'm04-q016' }, ...others], marked);
		expect(marked.items).toEqual([]);
	});

	it('refuses a repeat-of naming no question', () => {
		const issues = new IssueList();
		checkNearDuplicates([{ ...others[0], repeatOf: 'm99-q999' }, others[1]], issues);
		expect(issues.errors.map((i) => i.message)).toEqual(['m01-q001: repeat-of names m99-q999, which is not a question key']);
	});
});
