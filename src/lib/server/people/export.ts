import { isoDate } from '../../datetime';
import type { DbOrTx } from '../db/client';
import { recordAudit } from '../audit/log';
import { downloadResponse, toCsv, toXlsx, type ExportColumn } from '../spreadsheet/write';
import { IMPORT_COLUMNS, type ImportColumn } from './import-rows';
import { listPeopleForExport, type PeopleExportRow, type PeopleFilters } from './list';
import type { Scope } from './scope';
import {
	EDUCATION_LABELS,
	GENDER_LABELS,
	POSITION_LABELS,
	THEORY_LABELS,
	label,
	type Locale
} from './values';

export type SpreadsheetFormat = 'csv' | 'xlsx';

const header = (key: ImportColumn, locale: Locale) => {
	const [vi, en] = IMPORT_COLUMNS.find((c) => c.key === key)!.headers;
	return locale === 'vi' ? vi : en;
};

const EXTRA_HEADERS = {
	unitName: { vi: 'Tên đơn vị', en: 'Unit name' },
	username: { vi: 'Tên đăng nhập', en: 'Username' },
	account: { vi: 'Tài khoản', en: 'Account' }
};
const ACCOUNT_LABELS = {
	active: { vi: 'Đã kích hoạt', en: 'Activated' },
	pending: { vi: 'Chưa kích hoạt', en: 'Not activated' },
	disabled: { vi: 'Đã khóa', en: 'Disabled' },
	none: { vi: 'Chưa có', en: 'None' }
};

/**
 * The export uses the import's headers and value names, so an exported file can be edited and
 * imported again; the extra columns (unit name, username, account) are ignored on import. The
 * party card number is what a re-import matches people by: an unedited export comes back
 * "unchanged" row by row.
 */
function exportColumns(locale: Locale): ExportColumn<PeopleExportRow>[] {
	return [
		{ header: header('fullName', locale), value: (r) => r.fullName },
		{ header: header('unitCode', locale), value: (r) => r.unitCode },
		{ header: EXTRA_HEADERS.unitName[locale], value: (r) => r.unitName },
		{
			header: header('position', locale),
			value: (r) => label(POSITION_LABELS, r.position, locale)
		},
		{ header: header('birthYear', locale), value: (r) => r.birthYear },
		{ header: header('gender', locale), value: (r) => label(GENDER_LABELS, r.gender, locale) },
		{
			header: header('educationLevel', locale),
			value: (r) => label(EDUCATION_LABELS, r.educationLevel, locale)
		},
		{
			header: header('theoryLevel', locale),
			value: (r) => label(THEORY_LABELS, r.theoryLevel, locale)
		},
		{ header: header('phone', locale), value: (r) => r.phone },
		{ header: header('partyCardNumber', locale), value: (r) => r.partyCardNumber },
		{ header: EXTRA_HEADERS.username[locale], value: (r) => r.username },
		{ header: EXTRA_HEADERS.account[locale], value: (r) => ACCOUNT_LABELS[r.account][locale] }
	];
}

const FILE_TITLE = { vi: 'Danh sách đảng viên', en: 'People' };

/** The filtered list as a download; null when the unit filter lies outside the scope. */
export async function exportPeople(
	db: DbOrTx,
	input: {
		scope: Scope;
		filters: PeopleFilters;
		format: SpreadsheetFormat;
		locale: Locale;
		actorUserId?: number | null;
	},
	now = new Date()
): Promise<Response | null> {
	const { scope, filters, format, locale } = input;
	const found = await listPeopleForExport(db, scope, filters);
	if (!found) return null;
	// Personal data leaving the system: who took which list.
	await recordAudit(db, {
		action: 'people.exported',
		actorUserId: input.actorUserId ?? null,
		orgUnitId: found.unit?.id ?? null,
		details: { format, rows: found.rows.length, q: filters.q, position: filters.position }
	});
	const columns = exportColumns(locale);
	const date = isoDate(now);
	const title = found.unit ? `${FILE_TITLE[locale]} - ${found.unit.name}` : FILE_TITLE[locale];
	const fileName = `${title} ${date}.${format}`;
	const body =
		format === 'csv'
			? toCsv(columns, found.rows)
			: await toXlsx(columns, found.rows, FILE_TITLE[locale]);
	return downloadResponse(body, fileName, format);
}

/** An empty people file with the expected headers, to fill in and import. */
export async function importTemplate(format: SpreadsheetFormat, locale: Locale) {
	const columns: ExportColumn<never>[] = IMPORT_COLUMNS.map((c) => ({
		header: header(c.key, locale),
		value: () => null
	}));
	const fileName = `${locale === 'vi' ? 'Mẫu nhập đảng viên' : 'People import template'}.${format}`;
	const body =
		format === 'csv' ? toCsv(columns, []) : await toXlsx(columns, [], FILE_TITLE[locale]);
	return downloadResponse(body, fileName, format);
}
