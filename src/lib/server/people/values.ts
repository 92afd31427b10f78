import {
	EDUCATION_LEVELS,
	POSITIONS,
	THEORY_LEVELS,
	type EducationLevel,
	type Position,
	type TheoryLevel
} from '../db/schema';
import { foldVietnamese } from '../text/fold';

export type Locale = 'vi' | 'en';
export const GENDERS = ['male', 'female'] as const;
export type Gender = (typeof GENDERS)[number];

type Labels<T extends string> = Record<T, { vi: string; en: string; aliases?: string[] }>;

/**
 * Names of the profile values in spreadsheets (exports, templates) and every spelling an import
 * accepts. The page labels in messages/people/*.json say the same (a test keeps them equal).
 */
export const POSITION_LABELS: Labels<Position> = {
	secretary: { vi: 'Bí thư', en: 'Secretary', aliases: ['Bí thư chi bộ'] },
	deputy_secretary: { vi: 'Phó Bí thư', en: 'Deputy secretary', aliases: ['Deputy'] },
	committee_member: {
		vi: 'Chi ủy viên',
		en: 'Committee member',
		aliases: ['Ủy viên', 'Cấp ủy viên']
	},
	member: { vi: 'Đảng viên', en: 'Member', aliases: ['Party member'] }
};

export const GENDER_LABELS: Labels<Gender> = {
	male: { vi: 'Nam', en: 'Male', aliases: ['M'] },
	female: { vi: 'Nữ', en: 'Female', aliases: ['F'] }
};

export const EDUCATION_LABELS: Labels<EducationLevel> = {
	lower_secondary: {
		vi: 'Trung học cơ sở',
		en: 'Lower secondary',
		aliases: ['THCS', '9/12']
	},
	upper_secondary: {
		vi: 'Trung học phổ thông',
		en: 'Upper secondary',
		aliases: ['THPT', '12/12', 'High school']
	},
	vocational: { vi: 'Trung cấp', en: 'Vocational', aliases: ['TC'] },
	college: { vi: 'Cao đẳng', en: 'College', aliases: ['CĐ'] },
	university: { vi: 'Đại học', en: 'University', aliases: ['ĐH', 'Cử nhân', 'Kỹ sư', 'Bachelor'] },
	postgraduate: {
		vi: 'Sau đại học',
		en: 'Postgraduate',
		aliases: ['Thạc sĩ', 'Tiến sĩ', 'ThS', 'TS', 'Master', 'Doctorate', 'PhD']
	}
};

export const THEORY_LABELS: Labels<TheoryLevel> = {
	none: { vi: 'Chưa qua đào tạo', en: 'None', aliases: ['Chưa có', 'Không'] },
	elementary: { vi: 'Sơ cấp', en: 'Elementary' },
	intermediate: { vi: 'Trung cấp', en: 'Intermediate' },
	advanced: { vi: 'Cao cấp', en: 'Advanced', aliases: ['Cử nhân'] }
};

const matchKey = (text: string) => foldVietnamese(text).replace(/[^a-z0-9]/g, '');

function lookup<T extends string>(values: readonly T[], labels: Labels<T>) {
	const byKey = new Map<string, T>();
	for (const value of values) {
		const l = labels[value];
		for (const spelling of [value, l.vi, l.en, ...(l.aliases ?? [])]) {
			byKey.set(matchKey(spelling), value);
		}
	}
	/** The value for a spelling (any case, with or without diacritics), or null when unknown. */
	return (text: string): T | null => byKey.get(matchKey(text)) ?? null;
}

export const parsePosition = lookup(POSITIONS, POSITION_LABELS);
export const parseGender = lookup(GENDERS, GENDER_LABELS);
export const parseEducation = lookup(EDUCATION_LEVELS, EDUCATION_LABELS);
export const parseTheory = lookup(THEORY_LEVELS, THEORY_LABELS);

export function label<T extends string>(
	labels: Labels<T>,
	value: T | null | undefined,
	locale: Locale
): string {
	return value ? labels[value][locale] : '';
}
