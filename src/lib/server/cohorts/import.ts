import { and, eq, inArray, isNull, like } from 'drizzle-orm';
import type { SessionUser } from '../auth/session';
import type { DbOrTx } from '../db/client';
import { orgUnits, people } from '../db/schema';
import { IMPORT_MAX_BYTES, unitCodeKey } from '../people/import-rows';
import { normalizeCardNumber } from '../people/validation';
import { readTable, type ColumnSpec, type TableReadError } from '../spreadsheet/read';
import { escapeLike, foldVietnamese } from '../text/fold';
import type { ScopedCohort } from './access';
import { auditCohort } from './manage';
import { addPeople } from './members';

/** A class list is at most a few hundred people; a province-wide file is a mistake. */
export const MEMBER_IMPORT_MAX_ROWS = 2000;

/** The people import's headers for the same fields, so its exports can be used as class lists. */
export const MEMBER_COLUMNS = [
	{ key: 'fullName', headers: ['Họ và tên', 'Full name', 'Họ tên', 'Name'] },
	{ key: 'unitCode', headers: ['Mã đơn vị', 'Unit code', 'Mã chi bộ', 'Unit'] },
	{
		key: 'partyCardNumber',
		headers: ['Số thẻ đảng viên', 'Party card number', 'Số thẻ', 'Card number']
	}
] as const satisfies ColumnSpec[];

export type MemberRowError =
	'no_key' | 'invalid_card' | 'not_found' | 'ambiguous' | 'outside' | 'duplicate';

export type MemberImportResult =
	| { ok: true; added: number; rows: number }
	| { ok: false; error: TableReadError }
	| { ok: false; rowErrors: { rowNumber: number; code: MemberRowError }[] };

/**
 * Adds the people a CSV/XLSX lists, each found by party card number or else by full name and
 * unit code, all inside the cohort's unit. All or nothing: one row that finds nobody (or more than
 * one person, or someone outside the cohort's unit, or someone listed twice) adds no one, and every
 * such row is reported with its spreadsheet row number.
 */
export async function importMembers(
	db: DbOrTx,
	actor: SessionUser,
	cohort: ScopedCohort,
	file: { name: string; bytes: Uint8Array }
): Promise<MemberImportResult> {
	const table = await readTable(file, {
		maxBytes: IMPORT_MAX_BYTES,
		maxRows: MEMBER_IMPORT_MAX_ROWS,
		columns: MEMBER_COLUMNS
	});
	if (!table.ok) return table;
	const cards = table.rows
		.map((r) => normalizeCardNumber(r.values.partyCardNumber ?? ''))
		.filter((c): c is string => c !== null);
	const codes = table.rows.map((r) => unitCodeKey(r.values.unitCode ?? '')).filter(Boolean);
	// Candidates in the whole database, so that someone outside the cohort's unit is told apart
	// from someone who does not exist.
	const byCard = cards.length
		? await db
				.select({ id: people.id, card: people.partyCardNumber, path: orgUnits.path })
				.from(people)
				.innerJoin(orgUnits, eq(orgUnits.id, people.orgUnitId))
				.where(inArray(people.partyCardNumber, cards))
		: [];
	const byName = codes.length
		? await db
				.select({
					id: people.id,
					search: people.searchText,
					code: orgUnits.code,
					path: orgUnits.path
				})
				.from(people)
				.innerJoin(orgUnits, eq(orgUnits.id, people.orgUnitId))
				.where(and(inArray(orgUnits.code, codes), isNull(orgUnits.mergedIntoId)))
		: [];
	const rowErrors: { rowNumber: number; code: MemberRowError }[] = [];
	const found: number[] = [];
	const seen = new Set<number>();
	for (const row of table.rows) {
		const cardText = (row.values.partyCardNumber ?? '').trim();
		const name = foldVietnamese(row.values.fullName ?? '');
		const code = unitCodeKey(row.values.unitCode ?? '');
		let matches: { id: number; path: string }[];
		if (cardText) {
			const card = normalizeCardNumber(cardText);
			if (!card) {
				rowErrors.push({ rowNumber: row.rowNumber, code: 'invalid_card' });
				continue;
			}
			matches = byCard.filter((p) => p.card === card);
		} else if (name && code) {
			matches = byName.filter((p) => p.code === code && p.search === name);
		} else {
			rowErrors.push({ rowNumber: row.rowNumber, code: 'no_key' });
			continue;
		}
		const error: MemberRowError | null =
			matches.length === 0
				? 'not_found'
				: matches.length > 1
					? 'ambiguous'
					: !matches[0].path.startsWith(cohort.unitPath)
						? 'outside'
						: seen.has(matches[0].id)
							? 'duplicate'
							: null;
		if (error) rowErrors.push({ rowNumber: row.rowNumber, code: error });
		else {
			seen.add(matches[0].id);
			found.push(matches[0].id);
		}
	}
	if (rowErrors.length > 0) return { ok: false, rowErrors };
	return db.transaction(async (tx) => {
		// Still inside the unit at commit time (a concurrent move would otherwise slip through).
		const still = await tx
			.select({ id: people.id })
			.from(people)
			.innerJoin(orgUnits, eq(orgUnits.id, people.orgUnitId))
			.where(
				and(inArray(people.id, found), like(orgUnits.path, escapeLike(cohort.unitPath) + '%'))
			);
		if (still.length !== found.length) {
			const ok = new Set(still.map((s) => s.id));
			return {
				ok: false as const,
				rowErrors: table.rows
					.filter((_, i) => !ok.has(found[i]))
					.map((r) => ({ rowNumber: r.rowNumber, code: 'outside' as const }))
			};
		}
		const added = await addPeople(tx, cohort.id, found);
		await auditCohort(tx, actor, cohort, 'cohort.members_imported', {
			file: file.name,
			rows: table.rows.length,
			added
		});
		return { ok: true as const, added, rows: table.rows.length };
	});
}
