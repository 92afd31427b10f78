import { describe, expect, it } from 'vitest';
import { localizeLocator } from './locators';

describe('localizeLocator', () => {
	it('writes the common references the English way', () => {
		expect(localizeLocator('Điều 24, khoản 1', 'en')).toBe('Art. 24, cl. 1');
		expect(localizeLocator('Điều 24', 'en')).toBe('Art. 24');
		expect(localizeLocator('Mục II.1.2', 'en')).toBe('Section II.1.2');
		expect(localizeLocator('mục II.1.2', 'en')).toBe('Section II.1.2');
		expect(localizeLocator('Chương III, Điều 9, khoản 5, điểm a', 'en')).toBe(
			'Chapter III, Art. 9, cl. 5, point a'
		);
		expect(localizeLocator('Điều 3, khoản 4 và Điều 5, khoản 4', 'en')).toBe(
			'Art. 3, cl. 4 and Art. 5, cl. 4'
		);
		expect(localizeLocator('khoản 2 Điều 24', 'en')).toBe('Cl. 2, Art. 24');
		expect(localizeLocator('Điều 24 khoản 2', 'en')).toBe('Art. 24, cl. 2');
		expect(localizeLocator('Phụ lục 2', 'en')).toBe('Appendix 2');
	});

	it('reads decomposed Vietnamese (NFD) the same as composed', () => {
		expect(localizeLocator('Điều 24, khoản 1'.normalize('NFD'), 'en')).toBe('Art. 24, cl. 1');
	});

	it('leaves Vietnamese alone, and free text as written rather than half translated', () => {
		expect(localizeLocator('Điều 24, khoản 1', 'vi')).toBe('Điều 24, khoản 1');
		for (const text of [
			'Điều 24, khoản 2 Điều lệ Đảng',
			'học phần 05',
			'phần tóm tắt có ngày vào Đảng và ngày chính thức',
			'Hướng dẫn 12-HD/BTCTW, mục II.1.2',
			'Điều 1 CANARYSRC09aa',
			'quy định thi hành Điều lệ Đảng'
		]) {
			expect(localizeLocator(text, 'en')).toBe(text);
		}
	});
});
