import type { RequestHandler } from './$types';
import { requireRole } from '$lib/server/auth/access';
import { db } from '$lib/server/db';
import { treeExportRows, type TreeExportRow } from '$lib/server/orgs/export';
import { downloadResponse, toCsv, toXlsx, type ExportColumn } from '$lib/server/spreadsheet/write';
import { kindText } from '$lib/orgs/labels';
import { isoDate } from '$lib/datetime';
import { m } from '$lib/paraglide/messages.js';

/** The tree in the reader's scope, as CSV or XLSX, in the columns the import reads back. */
export const GET: RequestHandler = async ({ locals, url }) => {
	const { paths } = requireRole(locals, 'manager', url);
	const rows = await treeExportRows(db, paths);
	const columns: ExportColumn<TreeExportRow>[] = [
		{ header: m.orgs_col_code(), value: (r) => r.code },
		{ header: m.orgs_col_name(), value: (r) => r.name },
		{ header: m.orgs_col_kind(), value: (r) => kindText(r.kind) },
		{ header: m.orgs_col_parent(), value: (r) => r.parentCode },
		{ header: m.orgs_col_level(), value: (r) => r.level },
		{ header: m.orgs_col_people_direct(), value: (r) => r.peopleDirect },
		{ header: m.orgs_col_people_total(), value: (r) => r.peopleTotal }
	];
	const date = isoDate(locals.receivedAt);
	const base = `${m.orgs_export_file()}-${date}`;
	if (url.searchParams.get('format') === 'xlsx') {
		const bytes = await toXlsx(columns, rows, m.orgs_export_sheet());
		return downloadResponse(bytes, `${base}.xlsx`, 'xlsx');
	}
	return downloadResponse(toCsv(columns, rows), `${base}.csv`, 'csv');
};
