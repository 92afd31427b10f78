import { and, asc, count, eq, inArray, isNull, like, or, sql } from 'drizzle-orm';
import type { Db, DbOrTx } from '../db/client';
import { orgUnits, people, roleGrants, ROLES, users, type Role } from '../db/schema';
import { recordAudit } from '../audit/log';
import { escapeLike, foldVietnamese } from '../text/fold';

export const USERS_PAGE_SIZE = 50;

export type UserListItem = {
	id: number;
	username: string;
	displayName: string;
	activated: boolean;
	disabled: boolean;
	unitName: string | null;
	grants: { id: number; role: Role; unitId: number; unitName: string; unitCode: string }[];
};

/**
 * Accounts an administrator can manage: people whose unit lies in one of the admin's subtrees,
 * and staff accounts holding a grant there. Searches username and name without diacritics.
 */
export async function listUsersInScope(
	db: DbOrTx,
	scopes: string[],
	options: { query?: string; page?: number } = {}
): Promise<{ items: UserListItem[]; total: number }> {
	if (scopes.length === 0) return { items: [], total: 0 };
	const inScope = (path: typeof orgUnits.path) =>
		or(...scopes.map((s) => like(path, `${escapeLike(s)}%`)));
	const grantUnit = db
		.select({ userId: roleGrants.userId })
		.from(roleGrants)
		.innerJoin(orgUnits, eq(orgUnits.id, roleGrants.orgUnitId))
		.where(inScope(orgUnits.path));
	const personUnit = db
		.select({ userId: users.id })
		.from(users)
		.innerJoin(people, eq(people.id, users.personId))
		.innerJoin(orgUnits, eq(orgUnits.id, people.orgUnitId))
		.where(inScope(orgUnits.path));
	const q = foldVietnamese(options.query ?? '');
	const conditions = [
		or(inArray(users.id, grantUnit), inArray(users.id, personUnit)),
		q
			? or(
					like(users.username, `%${escapeLike(q.replace(/\s+/g, ''))}%`),
					like(
						sql`lower(${users.displayName})`,
						`%${escapeLike(options.query!.toLowerCase().trim())}%`
					),
					like(people.searchText, `%${escapeLike(q)}%`)
				)
			: undefined
	];
	const where = and(...conditions);
	const [{ total }] = await db
		.select({ total: count() })
		.from(users)
		.leftJoin(people, eq(people.id, users.personId))
		.where(where);
	const page = Math.max(1, options.page ?? 1);
	const rows = await db
		.select({
			id: users.id,
			username: users.username,
			displayName: users.displayName,
			passwordHash: users.passwordHash,
			disabledAt: users.disabledAt,
			unitName: orgUnits.name
		})
		.from(users)
		.leftJoin(people, eq(people.id, users.personId))
		.leftJoin(orgUnits, eq(orgUnits.id, people.orgUnitId))
		.where(where)
		.orderBy(asc(users.username))
		.limit(USERS_PAGE_SIZE)
		.offset((page - 1) * USERS_PAGE_SIZE);
	const grants = rows.length
		? await db
				.select({
					id: roleGrants.id,
					userId: roleGrants.userId,
					role: roleGrants.role,
					unitId: orgUnits.id,
					unitName: orgUnits.name,
					unitCode: orgUnits.code
				})
				.from(roleGrants)
				.innerJoin(orgUnits, eq(orgUnits.id, roleGrants.orgUnitId))
				.where(
					inArray(
						roleGrants.userId,
						rows.map((r) => r.id)
					)
				)
		: [];
	return {
		total,
		items: rows.map((r) => ({
			id: r.id,
			username: r.username,
			displayName: r.displayName,
			activated: r.passwordHash !== null,
			disabled: r.disabledAt !== null,
			unitName: r.unitName,
			grants: grants
				.filter((g) => g.userId === r.id)
				.map(({ userId: _u, ...g }) => g)
				.sort((a, b) => ROLES.indexOf(a.role) - ROLES.indexOf(b.role))
		}))
	};
}

/** Whether an account falls under one of the scopes (its person's unit or one of its grants). */
export async function userInScope(db: DbOrTx, userId: number, scopes: string[]): Promise<boolean> {
	if (scopes.length === 0) return false;
	const inScope = or(...scopes.map((s) => like(orgUnits.path, `${escapeLike(s)}%`)));
	const [viaPerson] = await db
		.select({ n: count() })
		.from(users)
		.innerJoin(people, eq(people.id, users.personId))
		.innerJoin(orgUnits, eq(orgUnits.id, people.orgUnitId))
		.where(and(eq(users.id, userId), inScope));
	const [viaGrant] = await db
		.select({ n: count() })
		.from(roleGrants)
		.innerJoin(orgUnits, eq(orgUnits.id, roleGrants.orgUnitId))
		.where(and(eq(roleGrants.userId, userId), inScope));
	return viaPerson.n + viaGrant.n > 0;
}

export type GrantChange = { userId: number; role: Role; unitCode: string };
export type GrantResult =
	{ ok: true } | { ok: false; reason: 'unknown_unit' | 'out_of_scope' | 'last_admin' };

/** Grants a role over a unit (by code) that lies in one of the acting admin's scopes. */
export async function addGrant(
	db: Db,
	change: GrantChange,
	actor: { userId: number; scopes: string[] }
): Promise<GrantResult> {
	const [unit] = await db
		.select({ id: orgUnits.id, path: orgUnits.path })
		.from(orgUnits)
		.where(and(eq(orgUnits.code, change.unitCode.trim()), isNull(orgUnits.mergedIntoId)));
	if (!unit) return { ok: false, reason: 'unknown_unit' };
	if (!actor.scopes.some((s) => unit.path.startsWith(s)))
		return { ok: false, reason: 'out_of_scope' };
	await db.transaction(async (tx) => {
		await tx
			.insert(roleGrants)
			.values({
				userId: change.userId,
				role: change.role,
				orgUnitId: unit.id,
				createdByUserId: actor.userId
			})
			.onConflictDoNothing();
		await recordAudit(tx, {
			action: 'role.granted',
			actorUserId: actor.userId,
			targetType: 'user',
			targetId: change.userId,
			orgUnitId: unit.id,
			details: { role: change.role }
		});
	});
	return { ok: true };
}

/** Removes a grant the acting admin has scope over; the platform's last admin grant cannot go. */
export async function removeGrant(
	db: Db,
	grantId: number,
	actor: { userId: number; scopes: string[] }
): Promise<GrantResult> {
	return db.transaction(async (tx) => {
		const [grant] = await tx
			.select({
				id: roleGrants.id,
				userId: roleGrants.userId,
				role: roleGrants.role,
				unitId: orgUnits.id,
				path: orgUnits.path
			})
			.from(roleGrants)
			.innerJoin(orgUnits, eq(orgUnits.id, roleGrants.orgUnitId))
			.where(eq(roleGrants.id, grantId))
			.for('update');
		if (!grant || !actor.scopes.some((s) => grant.path.startsWith(s))) {
			return { ok: false, reason: 'out_of_scope' } as const;
		}
		if (grant.role === 'admin') {
			const [{ n }] = await tx
				.select({ n: count() })
				.from(roleGrants)
				.where(eq(roleGrants.role, 'admin'));
			if (n <= 1) return { ok: false, reason: 'last_admin' } as const;
		}
		await tx.delete(roleGrants).where(eq(roleGrants.id, grantId));
		await recordAudit(tx, {
			action: 'role.revoked',
			actorUserId: actor.userId,
			targetType: 'user',
			targetId: grant.userId,
			orgUnitId: grant.unitId,
			details: { role: grant.role }
		});
		return { ok: true } as const;
	});
}
