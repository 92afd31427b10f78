import { and, eq, inArray, or, sql } from 'drizzle-orm';
import type { Db, DbOrTx } from '../db/client';
import {
	orgUnits,
	people,
	peopleImportBatches,
	personUnitHistory,
	roleGrants,
	users
} from '../db/schema';
import { recordAudit } from '../audit/log';
import { usernameBase } from '../auth/users';
import { getImportBatch } from './import';
import { nameColumns } from './people';
import { isUniqueViolation, lockOrgTree } from '../orgs/scope';
import { pathInScope, type Scope } from './scope';

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
	| { ok: true; created: number; units: { id: number; count: number }[] }
	| { ok: false; reason: 'not_found' | 'expired' | 'has_errors' | 'already_committed' }
	| { ok: false; reason: 'units_changed'; rows: number[] };

class Rollback extends Error {
	constructor(readonly result: CommitResult) {
		super('rollback');
	}
}

/**
 * Creates everyone in a checked batch, with their accounts, in one transaction: either every row
 * is imported or none is. Scope and units are checked again, since they may have changed since
 * the preview. A batch commits once; a second click finds it done.
 */
export async function commitImport(
	db: Db,
	input: { batchId: string; scope: Scope; actorUserId: number; ip?: string | null }
): Promise<CommitResult> {
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

async function commitInTransaction(
	tx: DbOrTx,
	input: { batchId: string; scope: Scope; actorUserId: number; ip?: string | null }
): Promise<CommitResult> {
	const batch = await getImportBatch(tx, input.batchId, input.actorUserId);
	if (!batch) return { ok: false, reason: 'not_found' };
	if (batch.expired) return { ok: false, reason: 'expired' };
	if (batch.errorCount > 0) return { ok: false, reason: 'has_errors' };
	const [claimed] = await tx
		.update(peopleImportBatches)
		.set({ status: 'committed', committedAt: new Date() })
		.where(and(eq(peopleImportBatches.id, batch.id), eq(peopleImportBatches.status, 'pending')))
		.returning({ id: peopleImportBatches.id });
	if (!claimed) return { ok: false, reason: 'already_committed' };
	// No merge or move may change the units between this check and the inserts.
	await lockOrgTree(tx);

	const rows = batch.rows;
	const unitIds = [...new Set(rows.map((r) => r.orgUnitId!))];
	const live = await tx
		.select({ id: orgUnits.id, path: orgUnits.path, mergedIntoId: orgUnits.mergedIntoId })
		.from(orgUnits)
		.where(inArray(orgUnits.id, unitIds));
	const usable = new Set(
		live.filter((u) => !u.mergedIntoId && pathInScope(u.path, input.scope)).map((u) => u.id)
	);
	const stale = rows.filter((r) => !usable.has(r.orgUnitId!)).map((r) => r.rowNumber);
	if (stale.length > 0) throw new Rollback({ ok: false, reason: 'units_changed', rows: stale });

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
					phone: r.phone
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
				actorUserId: input.actorUserId
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
				createdByUserId: input.actorUserId
			}))
		);
	}

	const perUnit = new Map<number, number>();
	for (const r of rows) perUnit.set(r.orgUnitId!, (perUnit.get(r.orgUnitId!) ?? 0) + 1);
	const result = {
		created: rows.length,
		units: [...perUnit].map(([id, count]) => ({ id, count }))
	};
	await tx.update(peopleImportBatches).set({ result }).where(eq(peopleImportBatches.id, batch.id));
	await recordAudit(tx, {
		action: 'people.imported',
		actorUserId: input.actorUserId,
		targetType: 'people_import',
		targetId: batch.id,
		ip: input.ip ?? null,
		details: { fileName: batch.fileName, created: result.created, units: result.units }
	});
	return { ok: true, ...result };
}
