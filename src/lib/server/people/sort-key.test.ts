import { describe, expect, it } from 'vitest';
import { compareVietnamese } from '../text/fold';
import { compareSortKeys, vietnameseSortKey } from './sort-key';

const sortByKey = (names: string[]) =>
	[...names].sort((a, b) => compareSortKeys(vietnameseSortKey(a), vietnameseSortKey(b)));

describe('vietnameseSortKey', () => {
	it('puts Đ after every D, and Ă, Â after A, Ơ, Ô after O, Ư after U', () => {
		const names = ['Lê Đức', 'Lê Dũng', 'Lê Ân', 'Lê Ăn', 'Lê An', 'Lê Ơn', 'Lê Ôn', 'Lê On'];
		expect(sortByKey(names)).toEqual([
			'Lê An',
			'Lê Ăn',
			'Lê Ân',
			'Lê Dũng',
			'Lê Đức',
			'Lê On',
			'Lê Ôn',
			'Lê Ơn'
		]);
		expect(sortByKey(['Vũ Ưng', 'Vũ Uy', 'Vũ Vân'])).toEqual(['Vũ Uy', 'Vũ Ưng', 'Vũ Vân']);
	});

	it('orders by given name first, then family and middle names, as Vietnamese lists do', () => {
		expect(
			sortByKey(['Nguyễn Văn Bình', 'Trần Thị An', 'Đặng Văn An', 'Dương Văn An', 'Lê An'])
		).toEqual(['Dương Văn An', 'Đặng Văn An', 'Lê An', 'Trần Thị An', 'Nguyễn Văn Bình']);
	});

	it('puts a shorter word before a longer one that starts the same ("An" < "Anh")', () => {
		expect(sortByKey(['Lê Anh', 'Lê An'])).toEqual(['Lê An', 'Lê Anh']);
	});

	it('ignores case and Unicode form, and uses tones only to break ties (a, à, ả, ã, á, ạ)', () => {
		expect(vietnameseSortKey('NGUYỄN VĂN ĐỨC')).toBe(vietnameseSortKey('nguyễn văn đức'));
		expect(vietnameseSortKey('Nguye\u0302\u0303n')).toBe(vietnameseSortKey('Nguyễn'));
		expect(sortByKey(['Lê Hạ', 'Lê Há', 'Lê Hà', 'Lê Ha', 'Lê Hã', 'Lê Hả'])).toEqual([
			'Lê Ha',
			'Lê Hà',
			'Lê Hả',
			'Lê Hã',
			'Lê Há',
			'Lê Hạ'
		]);
		expect(sortByKey(['Lê Ha', 'Lê Hạ', 'Lê Hb'])).toEqual(['Lê Ha', 'Lê Hạ', 'Lê Hb']);
	});

	it('agrees with the Vietnamese collator on given names', () => {
		const given = ['Ánh', 'An', 'Bảo', 'Chi', 'Dũng', 'Đạt', 'Em', 'Ênh', 'Giang', 'Hà', 'Ích'];
		const more = ['Khoa', 'Long', 'Minh', 'Nga', 'Oanh', 'Ổn', 'Ơn', 'Phúc', 'Quế', 'Sơn'];
		const all = [...given, ...more, 'Thảo', 'Uyên', 'Ửng', 'Vy', 'Xuân', 'Yến', 'Zô', 'Wăng'];
		const expected = [...all].sort(compareVietnamese);
		expect(sortByKey(all.map((g) => `Hồ ${g}`)).map((n) => n.slice(3))).toEqual(expected);
	});
});
