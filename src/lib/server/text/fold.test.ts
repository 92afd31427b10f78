import { describe, expect, it } from 'vitest';
import { compareVietnamese, escapeLike, foldVietnamese } from './fold';

describe('foldVietnamese', () => {
	it('removes tones and vowel marks, including đ', () => {
		expect(foldVietnamese('Nguyễn Văn Đức')).toBe('nguyen van duc');
		expect(foldVietnamese('Sinh hoạt chi bộ')).toBe('sinh hoat chi bo');
		expect(foldVietnamese('ĐẢNG  ỦY')).toBe('dang uy');
	});
	it('treats precomposed and decomposed input alike', () => {
		expect(foldVietnamese('Nguye\u0302\u0303n')).toBe(foldVietnamese('Nguyễn'));
	});
});

describe('compareVietnamese', () => {
	it('orders Đ after D and before E, and Ă/Â near A', () => {
		const names = ['Đinh', 'Eo', 'Dương', 'Âu', 'An'];
		expect([...names].sort(compareVietnamese)).toEqual(['An', 'Âu', 'Dương', 'Đinh', 'Eo']);
	});
});

describe('escapeLike', () => {
	it('escapes wildcards', () => {
		expect(escapeLike('50%_a\\')).toBe('50\\%\\_a\\\\');
	});
});
