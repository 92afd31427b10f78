import { and, eq, inArray } from 'drizzle-orm';
import type { DbOrTx } from '../db/client';
import { orgUnits, people, type ImportCandidate, type ImportRow, type Person } from '../db/schema';
import { foldVietnamese } from '../text/fold';
import { pathInScope, type Scope } from './scope';
import { normalizeName } from './validation';

/** What a plan compares for a matched person (the row's fields, and the card number). */
const SNAPSHOT_COLUMNS = {
	id: people.id,
	fullName: people.fullName,
	orgUnitId: people.orgUnitId,
	position: people.position,
	birthYear: people.birthYear,
	gender: people.gender,
	educationLevel: people.educationLevel,
	theoryLevel: people.theoryLevel,
	phone: people.phone,
	partyCardNumber: people.partyCardNumber
};

const CHUNK = 500;
const chunks = <T>(list: T[], size = CHUNK) =>
	Array.from({ length: Math.ceil(list.length / size) }, (_, i) =>
		list.slice(i * size, (i + 1) * size)
	);

/** The columns an import writes, compared to tell "update" from "unchanged". */
export const COMPARED_FIELDS = [
	'fullName',
	'orgUnitId',
	'position',
	'birthYear',
	'gender',
	'educationLevel',
	'theoryLevel',
	'phone'
] as const satisfies (keyof ImportRow & keyof Person)[];

export type PersonSnapshot = Pick<Person, 'id' | (typeof COMPARED_FIELDS)[number]>;

/** What the commit needs besides the rows: the people matched and each unit's secretaries. */
export type ImportPlan = {
	matched: Map<number, PersonSnapshot>;
	/** Secretaries in the database per unit, leaving out people the file itself rewrites. */
	secretaries: Map<number, { id: number; fullName: string }[]>;
};

/** Plan fields of a row cleared, so a stored batch can be planned again at commit time. */
export function unplanned(row: ImportRow): ImportRow {
	return {
		...row,
		errors: [],
		warnings: [],
		action: undefined,
		personId: null,
		matchedBy: null,
		changes: [],
		fromUnit: null,
		conflict: null
	};
}

/**
 * Decides what each valid row does. A row whose party card number belongs to someone in the
 * scope updates that person (or moves them, when the unit differs, or leaves them "unchanged");
 * a card held by someone outside the scope is an error that names nobody. A row without a card
 * names the one person of its unit with its name and birth year (`matchByName`). Other rows
 * create a person (with a warning when the unit has someone of that name). A row that
 * would give a unit a second secretary, against the database or an earlier row, is a conflict
 * the importer must settle (replace, deputy, skip). Rows are changed in place.
 */
export async function planImport(db: DbOrTx, rows: ImportRow[], scope: Scope): Promise<ImportPlan> {
	const matched = new Map<number, PersonSnapshot>();
	for (const row of rows) {
		row.action = undefined;
		row.personId = null;
		row.matchedBy = null;
		row.changes = [];
		row.fromUnit = null;
		row.conflict = null;
	}
	const carded = rows.filter((r) => r.partyCardNumber && r.errors.length === 0);
	for (const part of chunks(carded)) {
		const found = await db
			.select({
				...SNAPSHOT_COLUMNS,
				unitCode: orgUnits.code,
				unitName: orgUnits.name,
				unitPath: orgUnits.path
			})
			.from(people)
			.innerJoin(orgUnits, eq(orgUnits.id, people.orgUnitId))
			.where(
				inArray(
					people.partyCardNumber,
					part.map((r) => r.partyCardNumber!)
				)
			);
		const byCard = new Map(found.map((p) => [p.partyCardNumber!, p]));
		for (const row of part) {
			const person = byCard.get(row.partyCardNumber!);
			if (!person) continue;
			if (!pathInScope(person.unitPath, scope)) {
				// Someone the importer may not see: say the number is taken, and nothing more.
				row.errors.push({
					code: 'card_elsewhere',
					column: 'partyCardNumber',
					value: row.partyCardNumber!
				});
				continue;
			}
			const { unitCode, unitName, unitPath: _path, partyCardNumber: _card, ...snapshot } = person;
			matched.set(person.id, snapshot);
			row.personId = person.id;
			row.matchedBy = 'card';
			row.changes = COMPARED_FIELDS.filter((f) => row[f] !== snapshot[f]);
			const moves = row.orgUnitId !== person.orgUnitId;
			row.action = moves ? 'move' : row.changes.length > 0 ? 'update' : 'unchanged';
			row.fromUnit = moves ? { code: unitCode, name: unitName } : null;
		}
	}
	await matchByName(db, rows, matched);
	for (const row of rows) {
		if (row.errors.length === 0 && row.personId === null) row.action = 'create';
		if (row.errors.length > 0) row.action = undefined;
	}
	await warnSameName(
		db,
		rows.filter((r) => r.action === 'create' && !r.warnings.some((w) => w.code === 'ambiguous'))
	);
	const secretaries = await markSecretaryConflicts(db, rows, matched);
	return { matched, secretaries };
}

/** A name as compared between a row and a person: stored form (NFC, single spaces), any case. */
const nameKey = (name: string) => normalizeName(name).toLowerCase();

/**
 * A row without a card number names the person of its unit with the same name and birth year,
 * when it has a birth year and exactly one such person exists whom no other row names already
 * (an exported list of people without cards, imported again, updates them instead of adding
 * them twice). Two or more such people: the row stays new, with a warning naming them (they are
 * in the row's unit, which is in the importer's scope).
 */
async function matchByName(db: DbOrTx, rows: ImportRow[], matched: Map<number, PersonSnapshot>) {
	const open = rows.filter(
		(r) =>
			r.errors.length === 0 && r.personId === null && !r.partyCardNumber && r.birthYear !== null
	);
	const key = (unitId: number, name: string, year: number) => `${unitId}|${nameKey(name)}|${year}`;
	for (const part of chunks(open)) {
		const found = await db
			.select(SNAPSHOT_COLUMNS)
			.from(people)
			.where(
				and(
					inArray(people.orgUnitId, [...new Set(part.map((r) => r.orgUnitId!))]),
					inArray(people.searchText, [...new Set(part.map((r) => foldVietnamese(r.fullName)))])
				)
			)
			.orderBy(people.id);
		const byKey = new Map<string, typeof found>();
		for (const p of found) {
			if (p.birthYear === null || matched.has(p.id)) continue;
			const k = key(p.orgUnitId, p.fullName, p.birthYear);
			byKey.set(k, [...(byKey.get(k) ?? []), p]);
		}
		for (const row of part) {
			const candidates = byKey.get(key(row.orgUnitId!, row.fullName, row.birthYear!)) ?? [];
			if (candidates.length > 1) {
				const named: ImportCandidate[] = candidates.map((p) => ({
					id: p.id,
					fullName: p.fullName,
					position: p.position,
					partyCardNumber: p.partyCardNumber
				}));
				row.warnings.push({ code: 'ambiguous', people: named });
				continue;
			}
			const [person] = candidates;
			if (!person) continue;
			const { partyCardNumber: _card, ...snapshot } = person;
			matched.set(person.id, snapshot);
			row.personId = person.id;
			row.matchedBy = 'name';
			row.changes = COMPARED_FIELDS.filter((f) => row[f] !== snapshot[f]);
			row.action = row.changes.length > 0 ? 'update' : 'unchanged';
		}
	}
}

/** New rows naming someone already in that unit (same name, and birth year when both have one). */
async function warnSameName(db: DbOrTx, rows: ImportRow[]) {
	for (const part of chunks(rows)) {
		const existing = await db
			.select({
				orgUnitId: people.orgUnitId,
				searchText: people.searchText,
				birthYear: people.birthYear
			})
			.from(people)
			.where(
				and(
					inArray(people.orgUnitId, [...new Set(part.map((r) => r.orgUnitId!))]),
					inArray(people.searchText, [...new Set(part.map((r) => foldVietnamese(r.fullName)))])
				)
			);
		for (const row of part) {
			const folded = foldVietnamese(row.fullName);
			const match = existing.some(
				(e) =>
					e.orgUnitId === row.orgUnitId &&
					e.searchText === folded &&
					(e.birthYear === null || row.birthYear === null || e.birthYear === row.birthYear)
			);
			if (match) row.warnings.push({ code: 'already_exists' });
		}
	}
}

/**
 * One secretary a unit (Party Charter: a cell elects its secretary and deputies). The first
 * secretary row of a unit conflicts with the unit's current secretary, if any; every later one
 * with that first row too.
 */
async function markSecretaryConflicts(
	db: DbOrTx,
	rows: ImportRow[],
	matched: Map<number, PersonSnapshot>
) {
	const byUnit = new Map<number, ImportRow[]>();
	for (const row of rows) {
		if (row.action === undefined || row.position !== 'secretary') continue;
		byUnit.set(row.orgUnitId!, [...(byUnit.get(row.orgUnitId!) ?? []), row]);
	}
	const secretaries = new Map<number, { id: number; fullName: string }[]>();
	for (const part of chunks([...byUnit.keys()])) {
		const found = await db
			.select({ id: people.id, fullName: people.fullName, orgUnitId: people.orgUnitId })
			.from(people)
			.where(and(inArray(people.orgUnitId, part), eq(people.position, 'secretary')))
			.orderBy(people.id);
		for (const p of found) {
			if (matched.has(p.id)) continue;
			secretaries.set(p.orgUnitId, [...(secretaries.get(p.orgUnitId) ?? []), p]);
		}
	}
	for (const [unitId, unitRows] of byUnit) {
		const existing = (secretaries.get(unitId) ?? []).map((p) => p.fullName);
		unitRows.forEach((row, i) => {
			const row1 = i === 0 ? null : unitRows[0].rowNumber;
			row.conflict = existing.length > 0 || row1 !== null ? { existing, row: row1 } : null;
		});
	}
	return secretaries;
}

/** Whether a row planned again at commit time still does what the preview showed. */
export function samePlan(a: ImportRow, b: ImportRow): boolean {
	// Compared field by field: the stored batch is jsonb, which does not keep the order of keys.
	const conflict = (r: ImportRow) =>
		r.conflict ? [r.conflict.row, ...r.conflict.existing].join('\u0000') : null;
	return (
		a.errors.length === 0 &&
		a.action === b.action &&
		(a.personId ?? null) === (b.personId ?? null) &&
		(a.changes ?? []).join() === (b.changes ?? []).join() &&
		conflict(a) === conflict(b)
	);
}
