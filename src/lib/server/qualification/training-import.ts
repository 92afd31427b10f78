import { and, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { Db } from '../db/client';
import { auditLog, orgUnits, people, trainingRecords } from '../db/schema';
import { lockOrgTree } from '../orgs/scope';
import { pathInScope, type Scope } from '../people/scope';
import { normalizeCardNumber, normalizeName } from '../people/validation';
import { recordAudit } from '../audit/log';
import {
	readTable,
	type ColumnSpec,
	type TableReadError,
	type TableRow
} from '../spreadsheet/read';
import type { Day } from './calendar';
import { checkTraining, TRAINING_FIELDS, type TrainingValue } from './training';
import { peopleChanged, personIdsOf } from './summary';

/** The columns of a training file: Vietnamese header first, English second, then other spellings. */
export const TRAINING_IMPORT_COLUMNS = [
	{ key: 'partyCardNumber', headers: ['Số thẻ đảng viên', 'Party card number', 'Số thẻ'] },
	{ key: 'unitCode', headers: ['Mã đơn vị', 'Unit code', 'Mã chi bộ'] },
	{ key: 'fullName', headers: ['Họ và tên', 'Full name', 'Họ tên'] },
	{ key: 'name', headers: ['Tên lớp', 'Course', 'Tên lớp bồi dưỡng'], required: true },
	{ key: 'organizer', headers: ['Đơn vị tổ chức', 'Organizer'], required: true },
	{ key: 'startOn', headers: ['Ngày bắt đầu', 'Start date', 'Từ ngày'], required: true },
	{ key: 'endOn', headers: ['Ngày kết thúc', 'End date', 'Đến ngày'], required: true },
	{ key: 'hours', headers: ['Số tiết', 'Hours', 'Số giờ'], required: true },
	{ key: 'certificateNumber', headers: ['Số giấy chứng nhận', 'Certificate number', 'Số GCN'] }
] as const satisfies ColumnSpec[];

export const TRAINING_IMPORT_MAX_BYTES = 5 * 1024 * 1024;
export const TRAINING_IMPORT_MAX_ROWS = 5000;

/** A row's problem: a code (message key suffix) and the column it is about. */
export type TrainingRowError = { rowNumber: number; code: string; column?: string; row?: number };

export type TrainingImportResult =
	| { ok: true; created: number; people: number }
	| { ok: false; error: TableReadError }
	| { ok: false; rows: TrainingRowError[]; total: number };

type Person = { id: number; orgUnitId: number; path: string };

const clean = (text: string | undefined) => (text ?? '').replace(/^'(?=[=+\-@])/, '');

/** The people the file names by card number, and by unit code + name for rows without one. */
async function peopleNamed(db: Db, rows: TableRow[]) {
	const cards = [
		...new Set(rows.map((r) => normalizeCardNumber(clean(r.values.partyCardNumber))))
	].filter((c): c is string => c !== null);
	const codes = [
		...new Set(rows.map((r) => clean(r.values.unitCode).trim().toUpperCase()).filter(Boolean))
	];
	const columns = {
		id: people.id,
		orgUnitId: people.orgUnitId,
		path: orgUnits.path,
		card: people.partyCardNumber,
		fullName: people.fullName,
		unitCode: sql<string>`upper(${orgUnits.code})`
	};
	const [byCard, byUnit] = await Promise.all([
		cards.length === 0
			? []
			: db
					.select(columns)
					.from(people)
					.innerJoin(orgUnits, eq(orgUnits.id, people.orgUnitId))
					.where(inArray(people.partyCardNumber, cards)),
		codes.length === 0
			? []
			: db
					.select(columns)
					.from(people)
					.innerJoin(orgUnits, eq(orgUnits.id, people.orgUnitId))
					.where(and(inArray(sql`upper(${orgUnits.code})`, codes), isNull(orgUnits.mergedIntoId)))
	]);
	const cardMap = new Map(byCard.map((p) => [p.card!, p]));
	const nameMap = new Map<string, Person[]>();
	for (const p of byUnit) {
		const key = `${p.unitCode}|${p.fullName.toLowerCase()}`;
		nameMap.set(key, [...(nameMap.get(key) ?? []), p]);
	}
	return { cardMap, nameMap };
}

/** Checks every row; returns the records to write (none when any row has a problem). */
export async function checkTrainingRows(db: Db, rows: TableRow[], scope: Scope, today: Day) {
	const { cardMap, nameMap } = await peopleNamed(db, rows);
	const errors: TrainingRowError[] = [];
	const records: {
		personId: number;
		orgUnitId: number;
		rowNumber: number;
		value: TrainingValue;
	}[] = [];
	const seen = new Map<string, number>();
	for (const { rowNumber, values } of rows) {
		const problem = (code: string, column?: string, extra?: { row: number }) =>
			errors.push({ rowNumber, code, ...(column ? { column } : {}), ...extra });
		let person: Person | undefined;
		const cardText = clean(values.partyCardNumber);
		const unitCode = clean(values.unitCode).trim().toUpperCase();
		const fullName = normalizeName(clean(values.fullName));
		if (cardText) {
			const card = normalizeCardNumber(cardText);
			if (!card) problem('card_invalid', 'partyCardNumber');
			else {
				person = cardMap.get(card);
				if (!person) problem('person_unknown', 'partyCardNumber');
			}
		} else if (unitCode && fullName) {
			const found = nameMap.get(`${unitCode}|${fullName.toLowerCase()}`) ?? [];
			if (found.length === 1) person = found[0];
			else problem(found.length === 0 ? 'person_unknown' : 'person_ambiguous', 'fullName');
		} else problem('person_required');
		// Someone outside the importer's units is refused without saying whether they exist.
		if (person && !pathInScope(person.path, scope)) {
			problem('person_unknown', cardText ? 'partyCardNumber' : 'fullName');
			person = undefined;
		}
		const checked = checkTraining(
			Object.fromEntries(TRAINING_FIELDS.map((f) => [f, clean(values[f])])) as Record<
				(typeof TRAINING_FIELDS)[number],
				string
			>,
			today
		);
		if (!checked.ok) {
			for (const [field, code] of Object.entries(checked.errors)) problem(code!, field);
		}
		if (person && checked.ok) {
			const key = `${person.id}|${checked.value.name.toLowerCase()}|${checked.value.startOn}`;
			const first = seen.get(key);
			if (first !== undefined) problem('duplicate_row', undefined, { row: first });
			else {
				seen.set(key, rowNumber);
				records.push({
					personId: person.id,
					orgUnitId: person.orgUnitId,
					rowNumber,
					value: checked.value
				});
			}
		}
	}
	return { errors, records };
}

/** The same course (name, start day) already on record for the person. */
async function alreadyRecorded(db: Db, records: { personId: number; value: TrainingValue }[]) {
	const ids = [...new Set(records.map((r) => r.personId))];
	const existing = new Set<string>();
	for (let i = 0; i < ids.length; i += 5000) {
		const rows = await db
			.select({
				personId: trainingRecords.personId,
				name: trainingRecords.name,
				startOn: trainingRecords.startOn
			})
			.from(trainingRecords)
			.where(inArray(trainingRecords.personId, ids.slice(i, i + 5000)));
		for (const r of rows) existing.add(`${r.personId}|${r.name.toLowerCase()}|${r.startOn}`);
	}
	return existing;
}

/**
 * Imports a training file all or nothing: every row is checked first (person in scope, fields,
 * duplicates in the file and against the records), and a single problem writes nothing and lists
 * every problem by row. Otherwise one transaction writes the records and an audit entry per record
 * (on the person, so their page shows who imported what and when) and one for the file.
 */
export async function importTrainingRecords(
	db: Db,
	input: {
		file: { name: string; bytes: Uint8Array };
		scope: Scope;
		actorUserId: number;
		today: Day;
	}
): Promise<TrainingImportResult> {
	const table = await readTable(input.file, {
		maxBytes: TRAINING_IMPORT_MAX_BYTES,
		maxRows: TRAINING_IMPORT_MAX_ROWS,
		columns: TRAINING_IMPORT_COLUMNS
	});
	if (!table.ok) return table;
	const { errors, records } = await checkTrainingRows(db, table.rows, input.scope, input.today);
	const existing = await alreadyRecorded(db, records);
	for (const r of records) {
		if (existing.has(`${r.personId}|${r.value.name.toLowerCase()}|${r.value.startOn}`)) {
			errors.push({ rowNumber: r.rowNumber, code: 'exists', column: 'name' });
		}
	}
	if (errors.length > 0) {
		errors.sort((a, b) => a.rowNumber - b.rowNumber);
		return { ok: false, rows: errors, total: table.rows.length };
	}
	await db.transaction(async (tx) => {
		// A concurrent merge must not empty a unit while its people get records.
		await lockOrgTree(tx);
		for (let i = 0; i < records.length; i += 500) {
			const part = records.slice(i, i + 500);
			const ids = await tx
				.insert(trainingRecords)
				.values(
					part.map((r) => ({
						personId: r.personId,
						...r.value,
						createdByUserId: input.actorUserId
					}))
				)
				.returning({ id: trainingRecords.id });
			await peopleChanged(tx, personIdsOf(part.map((r) => r.personId)));
			await tx.insert(auditLog).values(
				part.map((r, j) => ({
					actorUserId: input.actorUserId,
					action: 'qualification.training_imported',
					targetType: 'person',
					targetId: String(r.personId),
					orgUnitId: r.orgUnitId,
					details: { recordId: ids[j].id, file: input.file.name.slice(0, 200), ...r.value }
				}))
			);
		}
		await recordAudit(tx, {
			actorUserId: input.actorUserId,
			action: 'qualification.training_import',
			targetType: 'file',
			targetId: input.file.name.slice(0, 200),
			details: { records: records.length, people: new Set(records.map((r) => r.personId)).size }
		});
	});
	return {
		ok: true,
		created: records.length,
		people: new Set(records.map((r) => r.personId)).size
	};
}
