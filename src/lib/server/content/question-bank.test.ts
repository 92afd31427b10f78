import { describe, expect, it } from 'vitest';
import { IssueList } from './issues';
import { parseQuestionBank, parseSourceLine } from './question-bank';

const parse = (text: string, lang: 'vi' | 'en' = 'vi') => {
	const issues = new IssueList();
	const questions = parseQuestionBank(text, 'bank.md', lang, issues);
	return { questions, issues: issues.items.map((i) => `${i.line}: ${i.message}`) };
};

describe('question bank parser', () => {
	it('reads key, attributes, stem, options, explanation and sources with their lines', () => {
		const { questions, issues } = parse(`# Title, ignored

## m01-q001 {topic=to-chuc difficulty=1}

Theo Điều lệ Đảng, chi bộ có ít nhất
bao nhiêu đảng viên chính thức?

- [ ] 2 đảng viên
- [x] 3 đảng viên
- [ ] 5 đảng viên

Giải thích: Điều 24 quy định chi bộ có
từ ba đảng viên chính thức trở lên.

Nguồn: dieu-le-dang-2011 (Điều 24, khoản 1); qd-294-qdtw-2025
`);
		expect(issues).toEqual([]);
		expect(questions).toHaveLength(1);
		const q = questions[0];
		expect(q).toMatchObject({
			key: 'm01-q001',
			line: 3,
			attributes: { topic: 'to-chuc', difficulty: '1' },
			stem: 'Theo Điều lệ Đảng, chi bộ có ít nhất\nbao nhiêu đảng viên chính thức?',
			explanation: 'Điều 24 quy định chi bộ có\ntừ ba đảng viên chính thức trở lên.',
			sourcesLine: 15
		});
		expect(q.options.map((o) => [o.text, o.checked, o.line])).toEqual([
			['2 đảng viên', false, 8],
			['3 đảng viên', true, 9],
			['5 đảng viên', false, 10]
		]);
		expect(q.sources).toEqual([
			{ source: 'dieu-le-dang-2011', locator: 'Điều 24, khoản 1' },
			{ source: 'qd-294-qdtw-2025' }
		]);
	});

	it('reports empty and duplicate options, a missing key and a missing explanation at their lines', () => {
		const { issues } = parse(`## q1 {topic=a difficulty=1}

Câu hỏi?

- [x] Một
- [ ]
- [ ] một

Nguồn: a

## q2 {topic=a difficulty=1}

Câu hỏi hai?

- [ ] Một
- [ ] Hai

Giải thích: x

Nguồn: a
`);
		expect(issues).toEqual([
			'6: q1: empty option',
			'7: q1: duplicate option (same as line 5)',
			'1: q1: missing the explanation ("Giải thích: …")',
			'11: q2: no option is checked as the answer (- [x] …)'
		]);
	});

	it('reports text between the options and the explanation, and bad keys and attributes', () => {
		const { issues } = parse(`## Q_1 {topic=a difficulty=1 oops}

Stem

- [x] A
- [ ] B
Stray text

Giải thích: x
Nguồn: a
`);
		expect(issues).toContain('1: cannot read attributes "oops" (write {name=value …})');
		expect(issues).toContain('1: question key "Q_1" must use lower-case letters, digits and hyphens');
		expect(issues).toContain('7: unexpected text after the options (expected "Giải thích:")');
	});

	it('reads the English labels and ignores headings inside code fences', () => {
		const { questions, issues } = parse(
			`## q1

Which is right?

\`\`\`
## not-a-question
\`\`\`

- [x] This
- [ ] That

Explanation: Because.

Source: a
`,
			'en'
		);
		expect(issues).toEqual([]);
		expect(questions).toHaveLength(1);
		expect(questions[0].stem).toContain('## not-a-question');
		expect(questions[0].sources).toEqual([{ source: 'a' }]);
	});

	it('splits a sources line on semicolons outside parentheses', () => {
		expect(parseSourceLine('a (Điều 3; khoản 2); b-2 ; c (x)')).toEqual({
			citations: [{ source: 'a', locator: 'Điều 3; khoản 2' }, { source: 'b-2' }, { source: 'c', locator: 'x' }],
			bad: []
		});
		expect(parseSourceLine('Điều lệ Đảng').bad).toEqual(['Điều lệ Đảng']);
	});
});
