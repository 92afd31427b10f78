import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
	EDUCATION_LABELS,
	GENDER_LABELS,
	POSITION_LABELS,
	THEORY_LABELS,
	parseEducation,
	parseGender,
	parsePosition,
	parseTheory
} from './values';

describe('profile values in spreadsheets', () => {
	it('accepts Vietnamese and English names, with or without diacritics, in any case', () => {
		expect(['Bí thư', 'bi thu', 'BÍ THƯ', 'secretary', 'Secretary'].map(parsePosition)).toEqual(
			Array(5).fill('secretary')
		);
		expect(['Phó Bí thư', 'pho bi thu', 'Deputy secretary'].map(parsePosition)).toEqual(
			Array(3).fill('deputy_secretary')
		);
		expect(['Chi ủy viên', 'Cấp ủy viên', 'committee member'].map(parsePosition)).toEqual(
			Array(3).fill('committee_member')
		);
		expect(['Sơ cấp', 'so cap', 'elementary'].map(parseTheory)).toEqual(
			Array(3).fill('elementary')
		);
		expect(['Cao cấp', 'advanced'].map(parseTheory)).toEqual(['advanced', 'advanced']);
		// "Trung cấp" means vocational school as education, intermediate as political theory.
		expect(parseEducation('Trung cấp')).toBe('vocational');
		expect(parseTheory('Trung cấp')).toBe('intermediate');
		expect(['Đại học', 'dai hoc', 'ĐH', 'University'].map(parseEducation)).toEqual(
			Array(4).fill('university')
		);
		expect(['Nữ', 'nu', 'Female', 'F'].map(parseGender)).toEqual(Array(4).fill('female'));
		expect(parsePosition('Chủ tịch')).toBeNull();
		expect(parseTheory('')).toBeNull();
	});

	it('uses the same names as the pages (messages/people)', () => {
		for (const locale of ['vi', 'en'] as const) {
			const messages = JSON.parse(readFileSync(`messages/people/${locale}.json`, 'utf8'));
			const groups = [
				['position', POSITION_LABELS],
				['gender', GENDER_LABELS],
				['education', EDUCATION_LABELS],
				['theory', THEORY_LABELS]
			] as const;
			for (const [prefix, labels] of groups) {
				for (const [value, label] of Object.entries(labels)) {
					expect(messages[`people_${prefix}_${value}`], `${prefix} ${value} ${locale}`).toBe(
						label[locale]
					);
				}
			}
		}
	});
});
