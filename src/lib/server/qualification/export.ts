import { isoDate } from '../../datetime';
import { m } from '$lib/paraglide/messages.js';
import {
	INDICATOR_ORDER,
	indicatorLabel,
	reasonText,
	statusLabel,
	type ModuleLabel
} from '$lib/qualification/labels';
import { recordAudit } from '../audit/log';
import type { DbOrTx } from '../db/client';
import { POSITION_LABELS, label, type Locale } from '../people/values';
import { downloadResponse, toCsv, toXlsxWorkbook, type ExportColumn } from '../spreadsheet/write';
import type { Day } from './calendar';
import type { IndicatorShares } from './indicators';
import type { Reason } from './rules';
import {
	laggards,
	reasonModuleIds,
	type Laggard,
	type LaggardCell,
	type LaggardSort
} from './laggards';
import { unitRollup } from './rollup';
import { moduleRefs } from './status';

export type ExportFormat = 'csv' | 'xlsx';

/** Shares as percentages with one decimal (numbers, so a spreadsheet can sum and sort them). */
const percent = (share: number | null) => (share === null ? null : Math.round(share * 1000) / 10);

type IndicatorRow = { name: string; code: string; indicators: IndicatorShares };

function indicatorColumns(): ExportColumn<IndicatorRow>[] {
	return [
		{ header: m.qualification_dashboard_unit(), value: (r) => r.name },
		{ header: m.qualification_export_code(), value: (r) => r.code },
		{ header: m.qualification_dashboard_count(), value: (r) => r.indicators.tracked },
		...INDICATOR_ORDER.map((k) => ({
			header: `${indicatorLabel[k]()} (%)`,
			value: (r: IndicatorRow) => percent(r.indicators[k])
		})),
		{
			header: m.qualification_indicator_average_age(),
			value: (r) =>
				r.indicators.averageAge === null ? null : Math.round(r.indicators.averageAge * 10) / 10
		}
	];
}

function cellColumns(): ExportColumn<LaggardCell>[] {
	return [
		{ header: m.qualification_dashboard_unit(), value: (r) => r.name },
		{ header: m.qualification_export_code(), value: (r) => r.code },
		{ header: m.qualification_dashboard_count(), value: (r) => r.tracked },
		{ header: m.qualification_indicator_qualified(), value: (r) => r.qualified },
		{ header: `${m.qualification_dashboard_share()} (%)`, value: (r) => percent(r.share) }
	];
}

function laggardColumns(
	modules: Record<string, ModuleLabel>,
	locale: Locale
): ExportColumn<Laggard>[] {
	// A province's people repeat the same few reasons (and a writer asks a cell more than once):
	// each reason's text is made once, each row's list once.
	const texts = new Map<string, string>();
	const reasonOnce = (r: Reason) => {
		const key = JSON.stringify(r);
		let text = texts.get(key);
		if (text === undefined) texts.set(key, (text = reasonText(r, modules)));
		return text;
	};
	const rows = new WeakMap<Laggard, string>();
	const missing = (row: Laggard) => {
		let text = rows.get(row);
		if (text === undefined) rows.set(row, (text = row.reasons.map(reasonOnce).join('; ')));
		return text;
	};
	return [
		{ header: m.qualification_dashboard_person(), value: (r) => r.fullName },
		{
			header: m.qualification_export_position(),
			value: (r) => label(POSITION_LABELS, r.position, locale)
		},
		{ header: m.qualification_dashboard_unit(), value: (r) => r.unit.name },
		{ header: m.qualification_export_code(), value: (r) => r.unit.code },
		{ header: m.qualification_progress_status(), value: (r) => statusLabel[r.status]() },
		{ header: m.qualification_laggards_missing_count(), value: (r) => r.reasons.length },
		{
			header: m.qualification_missing_title(),
			value: missing
		}
	];
}

/**
 * The dashboard of a unit as a download (the caller checked the scope): XLSX with one sheet per
 * level (the unit and its subordinate units' indicators, the units with people still to qualify,
 * the people and what they miss); CSV holds the people list. Logged: personal data leaves.
 */
export async function exportQualification(
	db: DbOrTx,
	input: {
		unit: { id: number; path: string; name: string };
		today: Day;
		year: number;
		sort: LaggardSort;
		format: ExportFormat;
		locale: Locale;
		actorUserId: number;
	},
	now = new Date()
): Promise<Response | null> {
	const { unit, today, year, format, locale } = input;
	const found = await laggards(db, unit, today, input.sort);
	if (!found) return null;
	const modules = await moduleRefs(db, reasonModuleIds(found.people));
	await recordAudit(db, {
		action: 'qualification.exported',
		actorUserId: input.actorUserId,
		orgUnitId: unit.id,
		details: { format, year, people: found.people.length }
	});
	const title = `${m.qualification_export_title()} - ${unit.name}`;
	const fileName = `${title} ${isoDate(now)}.${format}`;
	if (format === 'csv') {
		return downloadResponse(toCsv(laggardColumns(modules, locale), found.people), fileName, 'csv');
	}
	const rollup = await unitRollup(db, unit, today, year);
	const units: IndicatorRow[] = [
		{ name: unit.name, code: '', indicators: rollup.indicators },
		...rollup.children.map((c) => ({ name: c.name, code: c.code, indicators: c.indicators }))
	];
	const body = await toXlsxWorkbook([
		{
			name: m.qualification_export_sheet_units({ year }),
			columns: indicatorColumns(),
			rows: units
		},
		{ name: m.qualification_export_sheet_cells(), columns: cellColumns(), rows: found.cells },
		{
			name: m.qualification_export_sheet_people(),
			columns: laggardColumns(modules, locale),
			rows: found.people
		}
	]);
	return downloadResponse(body, fileName, 'xlsx');
}
