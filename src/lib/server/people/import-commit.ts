import { and, eq, inArray, or, sql } from 'drizzle-orm';
import type { Db, DbOrTx } from '../db/client';
import {
	orgUnits,
	people,
	peopleImportBatches,
	personUnitHistory,
	roleGrants,
	users,
	type ImportBatchResult,
	type ImportRow,
	type SecretaryChoice
} from '../db/schema';
import { recordAudit } from '../audit/log';
import { usernameBase } from '../auth/users';
import { getImportBatch } from './import';
import {
	COMPARED_FIELDS,
	planImport,
	samePlan,
	unplanned,
	type ImportPlan,
	type PersonSnapshot
} from './import-plan';
import { moveMemberGrant, nameColumns } from './people';
import { isUniqueViolation, lockOrgTree } from '../orgs/scope';
import { pathInScope, type Scope } from './scope';
import { peopleChanged, personIdsOf } from '../qualification/summary';

const CHUNK = 500;

const chunks = <T>(list: T[], size = CHUNK) =>
	Array.from({ length: Math.ceil(list.length / size) }, (_, i) =>
		list.slice(i * size, (i + 1) * size)
	);

/** Usernames for many new people at once: one query per 200 names instead of one per person. */
export async function assignUsernames(db: DbOrTx, fullNames: string[]): Promise<string[]> {
	const bases = fullNames.map(usernameBase);
	const taken = new Set<string>();
	for (const part of chunks([...new Set(bases)], 200)) {
		const rows = await db
			.select({ u: users.username })
			.from(users)
			.where(or(...part.map((b) => sql`${users.username} like ${b + '%'}`)));
		for (const r of rows) taken.add(r.u);
	}
	return bases.map((base) => {
		let name = base;
		for (let n = 2; taken.has(name); n++) name = `${base}${n}`;
		taken.add(name);
		return name;
	});
}

export type CommitResult =
	| ({ ok: true } & Required<ImportBatchResult>)
	| { ok: false; reason: 'not_found' | 'expired' | 'has_errors' | 'already_committed' }
	| { ok: false; reason: 'units_changed' | 'changed' | 'choices_missing'; rows: number[] };

export type CommitInput = {
	batchId: string;
	scope: Scope;
	actorUserId: number;
	ip?: string | null;
	/** The importer's answer for each row that would make a second secretary, by row number. */
	choices?: Record<number, SecretaryChoice>;
};

export const SECRETARY_CHOICES: SecretaryChoice[] = ['replace', 'deputy', 'skip'];

class Rollback extends Error {
	constructor(readonly result: CommitResult) {
		super('rollback');
	}
}

/**
 * Applies a checked batch in one transaction: either every row is imported or none is. New
 * people get accounts; rows matched by card number update (or move) their person. Scope, units
 * and the plan are checked again, since they may have changed since the preview; each second
 * secretary is settled by the importer's choice. A batch commits once; a second click finds it
 * done.
 */
export async function commitImport(db: Db, input: CommitInput): Promise<CommitResult> {
	for (let attempt = 1; ; attempt++) {
		try {
			return await db.transaction((tx) => commitInTransaction(tx, input));
		} catch (e) {
			if (e instanceof Rollback) return e.result;
			// Two imports picking the same new username at once: the loser retries with fresh names.
			if (!isUniqueViolation(e) || attempt >= 3) throw e;
		}
	}
}

async function commitInTransaction(tx: DbOrTx, input: CommitInput): Promise<CommitResult> {
	const batch = await getImportBatch(tx, input.batchId, input.actorUserId);
	if (!batch) return { ok: false, reason: 'not_found' };
	if (batch.expired) return { ok: false, reason: 'expired' };
	if (batch.errorCount > 0) return { ok: false, reason: 'has_errors' };
	const choices = input.choices ?? {};
	const unsettled = batch.rows
		.filter((r) => r.conflict && !SECRETARY_CHOICES.includes(choices[r.rowNumber]))
		.map((r) => r.rowNumber);
	if (batch.status === 'pending' && unsettled.length > 0) {
		return { ok: false, reason: 'choices_missing', rows: unsettled };
	}
	const [claimed] = await tx
		.update(peopleImportBatches)
		.set({ status: 'committed', committedAt: new Date() })
		.where(and(eq(peopleImportBatches.id, batch.id), eq(peopleImportBatches.status, 'pending')))
		.returning({ id: peopleImportBatches.id });
	if (!claimed) return { ok: false, reason: 'already_committed' };
	// No merge, move or profile edit may change the units or people between this check and the writes.
	await lockOrgTree(tx);

	const unitIds = [...new Set(batch.rows.map((r) => r.orgUnitId!))];
	const live = await tx
		.select({ id: orgUnits.id, path: orgUnits.path, mergedIntoId: orgUnits.mergedIntoId })
		.from(orgUnits)
		.where(inArray(orgUnits.id, unitIds));
	const usable = new Set(
		live.filter((u) => !u.mergedIntoId && pathInScope(u.path, input.scope)).map((u) => u.id)
	);
	const stale = batch.rows.filter((r) => !usable.has(r.orgUnitId!)).map((r) => r.rowNumber);
	if (stale.length > 0) throw new Rollback({ ok: false, reason: 'units_changed', rows: stale });

	const rows = batch.rows.map(unplanned);
	const plan = await planImport(tx, rows, input.scope);
	const changed = rows.filter((r, i) => !samePlan(r, batch.rows[i])).map((r) => r.rowNumber);
	if (changed.length > 0) throw new Rollback({ ok: false, reason: 'changed', rows: changed });

	const { skipped, demoted } = settleSecretaries(rows, plan, choices);
	const kept = rows.filter((r) => !skipped.has(r.rowNumber));
	const creates = kept.filter((r) => r.action === 'create');
	await createPeople(tx, creates, input.actorUserId);
	const updates = kept.filter((r) => r.personId && differs(r, plan.matched.get(r.personId)!));
	await updatePeople(tx, updates, plan, input.actorUserId);
	if (demoted.length > 0) {
		await tx
			.update(people)
			.set({ position: 'member', updatedAt: new Date() })
			.where(inArray(people.id, demoted));
	}

	const perUnit = new Map<number, number>();
	for (const r of creates) perUnit.set(r.orgUnitId!, (perUnit.get(r.orgUnitId!) ?? 0) + 1);
	const result: Required<ImportBatchResult> = {
		created: creates.length,
		updated: updates.length,
		moved: updates.filter((r) => r.action === 'move').length,
		unchanged: kept.length - creates.length - updates.length,
		skipped: skipped.size,
		units: [...perUnit].map(([id, count]) => ({ id, count }))
	};
	await tx.update(peopleImportBatches).set({ result }).where(eq(peopleImportBatches.id, batch.id));
	const secretaryChoices = Object.fromEntries(
		rows.filter((r) => r.conflict).map((r) => [r.rowNumber, choices[r.rowNumber]])
	);
	await recordAudit(tx, {
		action: 'people.imported',
		actorUserId: input.actorUserId,
		targetType: 'people_import',
		targetId: batch.id,
		ip: input.ip ?? null,
		details: { fileName: batch.fileName, ...result, secretaryChoices, demoted }
	});
	return { ok: true, ...result };
}

/**
 * Applies the importer's answer to each second secretary, in row order: "skip" leaves the row
 * out, "deputy" imports it as deputy secretary, "replace" makes it the secretary and turns the
 * unit's other secretaries (current ones and earlier rows) into members.
 */
function settleSecretaries(
	rows: ImportRow[],
	plan: ImportPlan,
	choices: Record<number, SecretaryChoice>
) {
	const skipped = new Set<number>();
	const demoted: number[] = [];
	for (const row of rows) {
		if (!row.conflict) continue;
		const choice = choices[row.rowNumber];
		if (choice === 'skip') skipped.add(row.rowNumber);
		else if (choice === 'deputy') row.position = 'deputy_secretary';
		else {
			for (const p of plan.secretaries.get(row.orgUnitId!) ?? []) {
				if (!demoted.includes(p.id)) demoted.push(p.id);
			}
			for (const earlier of rows) {
				if (earlier === row) break;
				const sameUnit = earlier.orgUnitId === row.orgUnitId && earlier.action !== undefined;
				if (sameUnit && earlier.position === 'secretary') earlier.position = 'member';
			}
		}
	}
	return { skipped, demoted };
}

/** A matched row writes only when it changes something (a settled choice may change "unchanged"). */
const differs = (row: ImportRow, person: PersonSnapshot) =>
	COMPARED_FIELDS.some((f) => row[f] !== person[f]);

async function updatePeople(tx: DbOrTx, rows: ImportRow[], plan: ImportPlan, actorUserId: number) {
	for (const r of rows) {
		const before = plan.matched.get(r.personId!)!;
		const names = nameColumns(r.fullName);
		await tx
			.update(people)
			.set({
				...names,
				orgUnitId: r.orgUnitId!,
				position: r.position,
				birthYear: r.birthYear,
				gender: r.gender,
				educationLevel: r.educationLevel,
				theoryLevel: r.theoryLevel,
				phone: r.phone,
				updatedAt: new Date()
			})
			.where(eq(people.id, before.id));
		// Theory level, or a province with other rules: the qualification is evaluated again.
		await peopleChanged(tx, personIdsOf([before.id]));
		if (names.fullName !== before.fullName) {
			await tx
				.update(users)
				.set({ displayName: names.fullName })
				.where(eq(users.personId, before.id));
		}
		if (r.orgUnitId !== before.orgUnitId) {
			await tx.insert(personUnitHistory).values({
				personId: before.id,
				fromUnitId: before.orgUnitId,
				toUnitId: r.orgUnitId!,
				reason: 'transfer',
				actorUserId
			});
			await moveMemberGrant(tx, before.id, before.orgUnitId, r.orgUnitId!);
		}
	}
}

/** New people with their accounts, history and own-unit roles, 500 rows a statement. */
async function createPeople(tx: DbOrTx, rows: ImportRow[], actorUserId: number) {
	if (rows.length === 0) return;
	const personIds: number[] = [];
	for (const part of chunks(rows)) {
		const inserted = await tx
			.insert(people)
			.values(
				part.map((r) => ({
					orgUnitId: r.orgUnitId!,
					...nameColumns(r.fullName),
					position: r.position,
					birthYear: r.birthYear,
					gender: r.gender,
					educationLevel: r.educationLevel,
					theoryLevel: r.theoryLevel,
					phone: r.phone,
					partyCardNumber: r.partyCardNumber
				}))
			)
			.returning({ id: people.id });
		personIds.push(...inserted.map((p) => p.id));
	}
	const usernames = await assignUsernames(
		tx,
		rows.map((r) => nameColumns(r.fullName).fullName)
	);
	for (const [i, part] of chunks(rows).entries()) {
		const offset = i * CHUNK;
		await tx.insert(personUnitHistory).values(
			part.map((r, j) => ({
				personId: personIds[offset + j],
				toUnitId: r.orgUnitId!,
				reason: 'import' as const,
				actorUserId
			}))
		);
		const accounts = await tx
			.insert(users)
			.values(
				part.map((r, j) => ({
					username: usernames[offset + j],
					displayName: nameColumns(r.fullName).fullName,
					personId: personIds[offset + j]
				}))
			)
			.returning({ id: users.id });
		await tx.insert(roleGrants).values(
			part.map((r, j) => ({
				userId: accounts[j].id,
				role: 'secretary' as const,
				orgUnitId: r.orgUnitId!,
				createdByUserId: actorUserId
			}))
		);
	}
}
