import type { ImportRow } from '../db/schema';
import type { ColumnSpec, TableRow } from '../spreadsheet/read';
import { foldVietnamese } from '../text/fold';
import { pathInScope, type Scope } from './scope';
import {
	MIN_BIRTH_YEAR,
	NAME_MAX_LENGTH,
	maxBirthYear,
	normalizeCardNumber,
	normalizeName,
	normalizePhone
} from './validation';
import { parseEducation, parseGender, parsePosition, parseTheory } from './values';

/** The columns of a people file: Vietnamese header first, English second, then other spellings. */
export const IMPORT_COLUMNS = [
	{ key: 'fullName', headers: ['Họ và tên', 'Full name', 'Họ tên', 'Name'], required: true },
	{ key: 'unitCode', headers: ['Mã đơn vị', 'Unit code', 'Mã chi bộ', 'Unit'], required: true },
	{ key: 'position', headers: ['Chức vụ', 'Position'] },
	{ key: 'birthYear', headers: ['Năm sinh', 'Birth year', 'Year of birth'] },
	{ key: 'gender', headers: ['Giới tính', 'Gender', 'Sex'] },
	{
		key: 'educationLevel',
		headers: ['Trình độ học vấn', 'Education level', 'Học vấn', 'Trình độ chuyên môn', 'Education']
	},
	{
		key: 'theoryLevel',
		headers: [
			'Lý luận chính trị',
			'Political theory',
			'Trình độ lý luận chính trị',
			'Political theory level'
		]
	},
	{ key: 'phone', headers: ['Số điện thoại', 'Phone', 'Điện thoại', 'Phone number'] },
	{
		key: 'partyCardNumber',
		headers: ['Số thẻ đảng viên', 'Party card number', 'Số thẻ', 'Card number']
	}
] as const satisfies ColumnSpec[];

export type ImportColumn = (typeof IMPORT_COLUMNS)[number]['key'];

export const IMPORT_MAX_BYTES = 5 * 1024 * 1024;
export const IMPORT_MAX_ROWS = 5000;

export const ROW_ERROR_CODES = [
	'name_required',
	'name_too_long',
	'name_invalid',
	'unit_required',
	'unit_unknown',
	'unit_merged',
	'unit_out_of_scope',
	'position_unknown',
	'year_invalid',
	'year_range',
	'gender_unknown',
	'education_unknown',
	'theory_unknown',
	'phone_invalid',
	'duplicate_row',
	'card_invalid',
	'card_duplicate',
	'card_elsewhere'
] as const;
export type RowErrorCode = (typeof ROW_ERROR_CODES)[number];

export type KnownUnit = {
	id: number;
	code: string;
	name: string;
	path: string;
	mergedIntoCode: string | null;
};

export const unitCodeKey = (code: string) => code.trim().toUpperCase();

/** A phone read from XLSX as a number has lost its leading zero: 912345678 → 0912345678. */
function importPhone(text: string) {
	const phone = normalizePhone(text);
	return phone && /^[1-9][0-9]{8}$/.test(phone) ? '0' + phone : phone;
}

/**
 * Checks every row of a file against the units it names and the importer's scope. Each problem is
 * reported with its column and the value found, so the preview can say exactly what to fix.
 */
export function checkImportRows(
	rows: TableRow[],
	units: Map<string, KnownUnit>,
	scope: Scope,
	now = new Date()
): ImportRow[] {
	const seen = new Map<string, number>();
	const cards = new Map<string, number>();
	const maxYear = maxBirthYear(now);
	return rows.map(({ rowNumber, values }) => {
		const errors: ImportRow['errors'] = [];
		const problem = (code: RowErrorCode, column?: ImportColumn, extra?: object) =>
			errors.push({ code, ...(column ? { column, value: values[column] ?? '' } : {}), ...extra });
		// Exports prefix formula-like text with an apostrophe; a re-imported export drops it again.
		const text = (key: ImportColumn) => (values[key] ?? '').replace(/^'(?=[=+\-@])/, '');

		const fullName = normalizeName(text('fullName'));
		if (!fullName) problem('name_required', 'fullName');
		else if (fullName.length > NAME_MAX_LENGTH) problem('name_too_long', 'fullName');
		else if (!/\p{L}/u.test(fullName)) problem('name_invalid', 'fullName');

		const unitCode = unitCodeKey(text('unitCode'));
		const unit = unitCode ? units.get(unitCode) : undefined;
		if (!unitCode) problem('unit_required', 'unitCode');
		else if (!unit) problem('unit_unknown', 'unitCode');
		else if (!pathInScope(unit.path, scope)) problem('unit_out_of_scope', 'unitCode');
		else if (unit.mergedIntoCode) {
			problem('unit_merged', 'unitCode', { value: unit.mergedIntoCode });
		}
		const usableUnit = unit && pathInScope(unit.path, scope) && !unit.mergedIntoCode;

		const position = text('position') ? parsePosition(text('position')) : 'member';
		if (!position) problem('position_unknown', 'position');

		let birthYear: number | null = null;
		if (text('birthYear')) {
			if (!/^\d{4}$/.test(text('birthYear'))) problem('year_invalid', 'birthYear');
			else {
				birthYear = Number(text('birthYear'));
				if (birthYear < MIN_BIRTH_YEAR || birthYear > maxYear) problem('year_range', 'birthYear');
			}
		}
		const gender = text('gender') ? parseGender(text('gender')) : null;
		if (text('gender') && !gender) problem('gender_unknown', 'gender');
		const educationLevel = text('educationLevel') ? parseEducation(text('educationLevel')) : null;
		if (text('educationLevel') && !educationLevel) problem('education_unknown', 'educationLevel');
		const theoryLevel = text('theoryLevel') ? parseTheory(text('theoryLevel')) : null;
		if (text('theoryLevel') && !theoryLevel) problem('theory_unknown', 'theoryLevel');
		const phone = text('phone') ? importPhone(text('phone')) : null;
		if (text('phone') && !phone) problem('phone_invalid', 'phone');

		const partyCardNumber = text('partyCardNumber')
			? normalizeCardNumber(text('partyCardNumber'))
			: null;
		if (text('partyCardNumber') && !partyCardNumber) problem('card_invalid', 'partyCardNumber');
		if (partyCardNumber) {
			const first = cards.get(partyCardNumber);
			if (first !== undefined) problem('card_duplicate', 'partyCardNumber', { row: first });
			else cards.set(partyCardNumber, rowNumber);
		}

		// A row with a card number is that person; only rows without one are compared by name.
		if (fullName && unitCode && !partyCardNumber) {
			const key = `${foldVietnamese(fullName)}|${unitCode}|${birthYear ?? ''}`;
			const first = seen.get(key);
			if (first !== undefined) problem('duplicate_row', undefined, { row: first });
			else seen.set(key, rowNumber);
		}

		return {
			rowNumber,
			fullName,
			unitCode: unit?.code ?? text('unitCode'),
			orgUnitId: usableUnit ? unit.id : null,
			unitName: usableUnit ? unit.name : null,
			position: position ?? 'member',
			birthYear,
			gender,
			educationLevel,
			theoryLevel,
			phone,
			partyCardNumber,
			errors,
			warnings: []
		};
	});
}
