import { isoDate } from '../../datetime';
import { recordAudit } from '../audit/log';
import type { SessionUser } from '../auth/session';
import type { DbOrTx } from '../db/client';
import { downloadResponse, toCsv, toXlsx, type ExportColumn } from '../spreadsheet/write';
import type { ScopedCohort } from './access';
import type { AssignmentStatus, ProgressCell, ProgressRow } from './progress';

export type Locale = 'vi' | 'en';
export type SpreadsheetFormat = 'csv' | 'xlsx';

const HEADERS = {
	fullName: { vi: 'Họ và tên', en: 'Full name' },
	unitCode: { vi: 'Mã đơn vị', en: 'Unit code' },
	unitName: { vi: 'Đơn vị', en: 'Unit' },
	status: { vi: 'trạng thái', en: 'status' },
	best: { vi: 'điểm cao nhất (%)', en: 'best score (%)' },
	attempts: { vi: 'số lần làm', en: 'attempts' }
};
export const STATUS_LABELS: Record<AssignmentStatus, Record<Locale, string>> = {
	not_started: { vi: 'Chưa bắt đầu', en: 'Not started' },
	started: { vi: 'Đang làm', en: 'Started' },
	read: { vi: 'Đã đọc', en: 'Read' },
	passed: { vi: 'Đã đạt', en: 'Passed' },
	overdue: { vi: 'Quá hạn', en: 'Overdue' }
};
const KIND_LABELS = { read: { vi: 'Đọc', en: 'Read' }, pass: { vi: 'Đạt', en: 'Pass' } };

export type ExportAssignment = { id: number; kind: 'read' | 'pass'; title: string; dueOn: string };

function columns(assignments: ExportAssignment[], locale: Locale): ExportColumn<ProgressRow>[] {
	const cell = (r: ProgressRow, id: number): ProgressCell | undefined =>
		r.cells.find((c) => c.assignmentId === id);
	return [
		{ header: HEADERS.fullName[locale], value: (r) => r.fullName },
		{ header: HEADERS.unitCode[locale], value: (r) => r.unitCode },
		{ header: HEADERS.unitName[locale], value: (r) => r.unitName },
		...assignments.flatMap((a): ExportColumn<ProgressRow>[] => {
			const name = `${KIND_LABELS[a.kind][locale]}: ${a.title} (${a.dueOn})`;
			const status: ExportColumn<ProgressRow> = {
				header: `${name} — ${HEADERS.status[locale]}`,
				value: (r) => {
					const c = cell(r, a.id);
					return c ? STATUS_LABELS[c.status][locale] : null;
				}
			};
			if (a.kind === 'read') return [status];
			return [
				status,
				{
					header: `${name} — ${HEADERS.best[locale]}`,
					value: (r) => cell(r, a.id)?.bestPercent ?? null
				},
				{
					header: `${name} — ${HEADERS.attempts[locale]}`,
					value: (r) => cell(r, a.id)?.attempts ?? 0
				}
			];
		})
	];
}

/** The trainer's table as shown (filtered and sorted), as a CSV or XLSX download. */
export async function exportCohortTable(
	db: DbOrTx,
	input: {
		actor: SessionUser;
		cohort: ScopedCohort;
		assignments: ExportAssignment[];
		rows: ProgressRow[];
		format: SpreadsheetFormat;
		locale: Locale;
	},
	now = new Date()
) {
	const { cohort, format, locale } = input;
	await recordAudit(db, {
		action: 'cohort.exported',
		actorUserId: input.actor.id,
		targetType: 'cohort',
		targetId: cohort.id,
		orgUnitId: cohort.orgUnitId,
		details: { format, rows: input.rows.length }
	});
	const cols = columns(input.assignments, locale);
	const fileName = `${cohort.name} ${isoDate(now)}.${format}`;
	const body =
		format === 'csv'
			? toCsv(cols, input.rows)
			: await toXlsx(cols, input.rows, locale === 'vi' ? 'Tiến độ' : 'Progress');
	return downloadResponse(body, fileName, format);
}
