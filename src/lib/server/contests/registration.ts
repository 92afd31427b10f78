import { randomInt } from 'node:crypto';
import { and, asc, eq, inArray, isNull, like } from 'drizzle-orm';
import type { SessionUser } from '../auth/session';
import type { Db, DbOrTx } from '../db/client';
import {
	contestLevels,
	contestRegistrations,
	contests,
	orgUnits,
	people,
	users,
	type Position,
	type RegistrationSource
} from '../db/schema';
import { readTable, type TableReadError } from '../spreadsheet/read';
import { escapeLike } from '../text/fold';
import { levelForOrganizer } from './access';
import { recordContestAudit } from './audit';

/** Candidate codes avoid look-alike characters (0/O, 1/I/L) so judges can read them aloud. */
const CODE_ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';
export const newCandidateCode = () =>
	Array.from({ length: 8 }, () => CODE_ALPHABET[randomInt(CODE_ALPHABET.length)]).join('');

export type Candidate = {
	userId: number;
	personId: number | null;
	orgUnitId: number;
	position: Position | null;
};

/**
 * Registers candidates in a level; someone already registered in it stays as they were. Codes
 * are random and unique per contest (a collision is retried). Returns how many were added.
 */
export async function insertRegistrations(
	tx: DbOrTx,
	input: {
		contestId: number;
		levelId: number;
		source: RegistrationSource;
		byUserId: number | null;
		candidates: Candidate[];
	}
): Promise<number> {
	let pending = input.candidates;
	let added = 0;
	for (let round = 0; round < 5 && pending.length > 0; round++) {
		const inserted = await tx
			.insert(contestRegistrations)
			.values(
				pending.map((c) => ({
					contestId: input.contestId,
					levelId: input.levelId,
					userId: c.userId,
					personId: c.personId,
					orgUnitId: c.orgUnitId,
					position: c.position,
					source: input.source,
					candidateCode: newCandidateCode(),
					registeredByUserId: input.byUserId
				}))
			)
			.onConflictDoNothing()
			.returning({ userId: contestRegistrations.userId });
		added += inserted.length;
		const done = new Set(inserted.map((r) => r.userId));
		const left = pending.filter((c) => !done.has(c.userId));
		if (left.length === 0) break;
		// Either already registered (skip) or a code collision (retry).
		const there = await tx
			.select({ userId: contestRegistrations.userId })
			.from(contestRegistrations)
			.where(
				and(
					eq(contestRegistrations.levelId, input.levelId),
					inArray(
						contestRegistrations.userId,
						left.map((c) => c.userId)
					)
				)
			);
		const registered = new Set(there.map((r) => r.userId));
		pending = left.filter((c) => !registered.has(c.userId));
	}
	return added;
}

export type UnitRegistrationResult =
	| { ok: true; registered: number; alreadyRegistered: number; withoutAccount: number }
	| { ok: false; error: 'not_found' | 'unit_not_found' | 'no_positions' };

/**
 * Registers everyone holding one of the positions (secretaries by default) in a unit's subtree,
 * who has an account, in a level. The unit must lie inside the contest's organizing unit.
 */
export async function registerUnit(
	db: Db,
	actor: SessionUser,
	input: { levelId: number; unitId: number; positions?: Position[] }
): Promise<UnitRegistrationResult> {
	const found = await levelForOrganizer(db, actor, input.levelId);
	if (!found) return { ok: false, error: 'not_found' };
	const positions = input.positions ?? ['secretary'];
	if (positions.length === 0) return { ok: false, error: 'no_positions' };
	const [unit] = await db
		.select({ id: orgUnits.id, path: orgUnits.path })
		.from(orgUnits)
		.where(and(eq(orgUnits.id, input.unitId), isNull(orgUnits.mergedIntoId)));
	if (!unit || !unit.path.startsWith(found.contest.unitPath))
		return { ok: false, error: 'unit_not_found' };
	return db.transaction(async (tx) => {
		const members = await tx
			.select({
				userId: users.id,
				personId: people.id,
				orgUnitId: people.orgUnitId,
				position: people.position,
				disabledAt: users.disabledAt
			})
			.from(people)
			.innerJoin(orgUnits, eq(orgUnits.id, people.orgUnitId))
			.leftJoin(users, eq(users.personId, people.id))
			.where(
				and(like(orgUnits.path, escapeLike(unit.path) + '%'), inArray(people.position, positions))
			)
			.orderBy(asc(people.id));
		const candidates = members
			.filter((m) => m.userId !== null && m.disabledAt === null)
			.map((m) => ({
				userId: m.userId!,
				personId: m.personId,
				orgUnitId: m.orgUnitId,
				position: m.position
			}));
		const registered = await insertRegistrations(tx, {
			contestId: found.contest.id,
			levelId: found.level.id,
			source: 'unit',
			byUserId: actor.id,
			candidates
		});
		const result = {
			registered,
			alreadyRegistered: candidates.length - registered,
			withoutAccount: members.length - candidates.length
		};
		await recordContestAudit(tx, {
			contestId: found.contest.id,
			actorUserId: actor.id,
			action: 'registration.unit',
			targetType: 'level',
			targetId: found.level.id,
			details: { unitId: unit.id, positions, ...result }
		});
		return { ok: true as const, ...result };
	});
}

export const LIST_COLUMNS = [
	{ key: 'username', headers: ['Tên đăng nhập', 'Username', 'Tài khoản', 'Login'], required: true }
];
export type ListRowError = {
	row: number;
	code: 'missing' | 'unknown_user' | 'outside_scope' | 'duplicate';
	value?: string;
};
export type ListRegistrationResult =
	| { ok: true; registered: number; alreadyRegistered: number }
	| { ok: false; error: 'not_found' }
	| { ok: false; error: 'file'; fileError: TableReadError }
	| { ok: false; error: 'rows'; rows: ListRowError[] };

/**
 * Registers a list of accounts (CSV or XLSX with a "Tên đăng nhập" column) in a level. All or
 * nothing: any bad row (unknown account, a member outside the contest's unit, a repeated row)
 * is reported with its row number and nobody is registered.
 */
export async function registerList(
	db: Db,
	actor: SessionUser,
	input: { levelId: number; file: { name: string; bytes: Uint8Array } }
): Promise<ListRegistrationResult> {
	const found = await levelForOrganizer(db, actor, input.levelId);
	if (!found) return { ok: false, error: 'not_found' };
	const table = await readTable(input.file, {
		maxBytes: 5 * 1024 * 1024,
		maxRows: 50_000,
		columns: LIST_COLUMNS
	});
	if (!table.ok) return { ok: false, error: 'file', fileError: table.error };
	const names = table.rows.map((r) => (r.values.username ?? '').trim().toLowerCase());
	const known = new Map<
		string,
		{
			userId: number;
			personId: number | null;
			orgUnitId: number | null;
			path: string | null;
			position: Position | null;
		}
	>();
	for (let i = 0; i < names.length; i += 1000) {
		const part = [...new Set(names.slice(i, i + 1000).filter(Boolean))];
		if (part.length === 0) continue;
		const rows = await db
			.select({
				username: users.username,
				userId: users.id,
				personId: people.id,
				orgUnitId: people.orgUnitId,
				path: orgUnits.path,
				position: people.position
			})
			.from(users)
			.leftJoin(people, eq(people.id, users.personId))
			.leftJoin(orgUnits, eq(orgUnits.id, people.orgUnitId))
			.where(and(inArray(users.username, part), isNull(users.disabledAt)));
		for (const r of rows) known.set(r.username.toLowerCase(), r);
	}
	const errors: ListRowError[] = [];
	const seen = new Set<string>();
	const candidates: Candidate[] = [];
	table.rows.forEach((row, i) => {
		const name = names[i];
		if (!name) return errors.push({ row: row.rowNumber, code: 'missing' });
		if (seen.has(name)) return errors.push({ row: row.rowNumber, code: 'duplicate', value: name });
		seen.add(name);
		const user = known.get(name);
		if (!user) return errors.push({ row: row.rowNumber, code: 'unknown_user', value: name });
		if (!user.path || !user.path.startsWith(found.contest.unitPath) || user.orgUnitId === null) {
			return errors.push({ row: row.rowNumber, code: 'outside_scope', value: name });
		}
		candidates.push({
			userId: user.userId,
			personId: user.personId,
			orgUnitId: user.orgUnitId,
			position: user.position
		});
	});
	if (errors.length > 0) return { ok: false, error: 'rows', rows: errors };
	return db.transaction(async (tx) => {
		const registered = await insertRegistrations(tx, {
			contestId: found.contest.id,
			levelId: found.level.id,
			source: 'list',
			byUserId: actor.id,
			candidates
		});
		const result = { registered, alreadyRegistered: candidates.length - registered };
		await recordContestAudit(tx, {
			contestId: found.contest.id,
			actorUserId: actor.id,
			action: 'registration.list',
			targetType: 'level',
			targetId: found.level.id,
			details: { fileName: input.file.name.slice(0, 200), ...result }
		});
		return { ok: true as const, ...result };
	});
}

export type SelfRegistrationResult =
	{ ok: true; registered: boolean } | { ok: false; error: 'not_found' | 'not_open' | 'no_level' };

/**
 * A member registers themselves in an open contest's first level: the contest must allow it,
 * be open, and the member's unit must lie inside the organizing unit.
 */
export async function selfRegister(
	db: Db,
	user: SessionUser,
	contestId: number
): Promise<SelfRegistrationResult> {
	if (!Number.isSafeInteger(contestId) || !user.orgPath || user.orgUnitId === null)
		return { ok: false, error: 'not_found' };
	const [contest] = await db
		.select({
			id: contests.id,
			status: contests.status,
			selfRegistration: contests.selfRegistration,
			path: orgUnits.path
		})
		.from(contests)
		.innerJoin(orgUnits, eq(orgUnits.id, contests.orgUnitId))
		.where(eq(contests.id, contestId));
	if (!contest || !contest.selfRegistration || !user.orgPath.startsWith(contest.path))
		return { ok: false, error: 'not_found' };
	if (contest.status !== 'open') return { ok: false, error: 'not_open' };
	const [level] = await db
		.select({ id: contestLevels.id })
		.from(contestLevels)
		.where(eq(contestLevels.contestId, contestId))
		.orderBy(asc(contestLevels.sortOrder))
		.limit(1);
	if (!level) return { ok: false, error: 'no_level' };
	const [person] = user.personId
		? await db
				.select({ position: people.position })
				.from(people)
				.where(eq(people.id, user.personId))
		: [];
	const added = await db.transaction(async (tx) => {
		const n = await insertRegistrations(tx, {
			contestId,
			levelId: level.id,
			source: 'self',
			byUserId: user.id,
			candidates: [
				{
					userId: user.id,
					personId: user.personId,
					orgUnitId: user.orgUnitId!,
					position: person?.position ?? null
				}
			]
		});
		if (n > 0) {
			await recordContestAudit(tx, {
				contestId,
				actorUserId: user.id,
				action: 'registration.self',
				targetType: 'level',
				targetId: level.id
			});
		}
		return n;
	});
	return { ok: true, registered: added > 0 };
}

/** Whether the contest's organizers may see this list; used by routes before listing registrations. */
export async function registrationsForOrganizer(db: DbOrTx, actor: SessionUser, levelId: number) {
	const found = await levelForOrganizer(db, actor, levelId);
	if (!found) return null;
	return db
		.select({
			id: contestRegistrations.id,
			userId: contestRegistrations.userId,
			displayName: users.displayName,
			orgUnitId: contestRegistrations.orgUnitId,
			unitName: orgUnits.name,
			position: contestRegistrations.position,
			source: contestRegistrations.source,
			candidateCode: contestRegistrations.candidateCode,
			registeredAt: contestRegistrations.registeredAt,
			withdrawnAt: contestRegistrations.withdrawnAt
		})
		.from(contestRegistrations)
		.innerJoin(users, eq(users.id, contestRegistrations.userId))
		.innerJoin(orgUnits, eq(orgUnits.id, contestRegistrations.orgUnitId))
		.where(eq(contestRegistrations.levelId, levelId))
		.orderBy(asc(orgUnits.path), asc(users.displayName));
}
