import { describe, expect, it } from 'vitest';
import { normalizeBank, parseBankFile } from './bank-parse';
import { initials, publishedName } from './public-results';

const file = (name: string, text: string) => ({ name, bytes: new TextEncoder().encode(text) });

describe('reading a contest bank file', () => {
	it('reads GIFT and Aiken with the content importers, with keys stable across imports', async () => {
		const gift = await parseBankFile(
			file('b.gift', '::cau-mot:: Chi bộ họp mấy lần? {=Mỗi tháng ~Mỗi năm}\n'),
			'gift'
		);
		expect(gift.problems).toEqual([]);
		expect(gift.questions).toEqual([
			expect.objectContaining({
				key: expect.stringMatching(/^q-/),
				kind: 'single',
				topic: 'chung',
				difficulty: 1
			})
		]);
		const aiken = await parseBankFile(
			file('b.txt', 'Câu hỏi?\nA. Một\nB. Hai\nANSWER: B\n'),
			'aiken'
		);
		const again = await parseBankFile(
			file('b.txt', 'Câu hỏi?\nA. Một\nB. Hai\nANSWER: B\n'),
			'aiken'
		);
		expect(aiken.questions[0].key).toMatch(/^q-[0-9a-f]{12}$/);
		expect(again.questions[0].key).toBe(aiken.questions[0].key);
		expect(aiken.questions[0].options).toEqual([
			{ text: 'Một', checked: false },
			{ text: 'Hai', checked: true }
		]);
	});

	it('reports questions it cannot use, with where they are', () => {
		const { questions, problems } = normalizeBank([
			{
				at: 1,
				stem: 'Đúng hay sai?',
				options: [
					{ text: 'Đúng', checked: true },
					{ text: 'Sai', checked: false }
				]
			},
			{
				at: 5,
				stem: 'Không đáp án',
				options: [
					{ text: 'A', checked: false },
					{ text: 'B', checked: false }
				]
			},
			{
				at: 9,
				key: 'x',
				stem: 'Một',
				options: [
					{ text: 'A', checked: true },
					{ text: 'B', checked: true }
				],
				difficulty: '7'
			},
			{
				at: 12,
				key: 'y',
				stem: 'Hai',
				options: [
					{ text: 'A', checked: true },
					{ text: 'B', checked: true }
				]
			},
			{
				at: 15,
				key: 'y',
				stem: 'Ba',
				options: [
					{ text: 'A', checked: true },
					{ text: 'B', checked: false }
				]
			}
		]);
		expect(questions.map((q) => [q.at, q.kind])).toEqual([
			[1, 'true_false'],
			[12, 'multiple']
		]);
		expect(problems.map((p) => p.at)).toEqual([5, 9, 15]);
	});
});

describe('published names', () => {
	it('shows the name in full, as initials with the code, or the code only', () => {
		expect(initials('Nguyễn Văn Đức')).toBe('N. V. Đ.');
		expect(publishedName('full', 'Nguyễn Văn Đức', 'AB23CD45')).toBe('Nguyễn Văn Đức');
		expect(publishedName('initials', 'Nguyễn Văn Đức', 'AB23CD45')).toBe('N. V. Đ. (AB23CD45)');
		expect(publishedName('code', 'Nguyễn Văn Đức', 'AB23CD45')).toBe('AB23CD45');
	});
});
