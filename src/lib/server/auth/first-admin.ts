import { eq, isNull } from 'drizzle-orm';
import type { Db } from '../db/client';
import { orgUnits, users } from '../db/schema';
import { recordAudit } from '../audit/log';
import { createOrgUnit } from '../orgs/units';
import { checkPasswordStrength, type PasswordProblem } from './password';
import { createUser, grantRole } from './users';
import { normalizeCode } from '../orgs/names';

export type FirstAdminInput = {
	username: string;
	displayName: string;
	password: string;
	/** The unit the administrator manages: an existing unit's code, or the top unit to create. */
	unitCode: string;
	/** Needed only when the database has no unit yet: the name of the top unit (a province). */
	unitName?: string;
};

export type FirstAdminResult =
	| { ok: true; userId: number; unitId: number; unitCreated: boolean }
	| {
			ok: false;
			error: 'username_taken' | 'bad_username' | 'unit_not_found' | 'unit_name_needed';
	  }
	| { ok: false; error: 'weak_password'; problem: PasswordProblem };

/**
 * An administrator for a server without demo data (`npm run admin:create`): on an empty
 * database the top unit is created first (kind province); on a database with units, the
 * administrator is granted `admin` on the unit with the given code. One transaction; audited.
 */
export async function createFirstAdmin(db: Db, input: FirstAdminInput): Promise<FirstAdminResult> {
	const username = input.username.trim().toLowerCase();
	if (!/^[a-z0-9][a-z0-9._-]{2,63}$/.test(username)) return { ok: false, error: 'bad_username' };
	const problem = checkPasswordStrength(input.password, username);
	if (problem) return { ok: false, error: 'weak_password', problem };
	return db.transaction(async (tx) => {
		const [taken] = await tx
			.select({ id: users.id })
			.from(users)
			.where(eq(users.username, username));
		if (taken) return { ok: false, error: 'username_taken' } as const;
		const code = normalizeCode(input.unitCode);
		let [unit] = await tx.select().from(orgUnits).where(eq(orgUnits.code, code));
		let unitCreated = false;
		if (!unit) {
			const [anyTop] = await tx
				.select({ id: orgUnits.id })
				.from(orgUnits)
				.where(isNull(orgUnits.parentId))
				.limit(1);
			if (anyTop) return { ok: false, error: 'unit_not_found' } as const;
			if (!input.unitName?.trim()) return { ok: false, error: 'unit_name_needed' } as const;
			unit = await createOrgUnit(tx, {
				code,
				name: input.unitName,
				kind: 'province',
				parentId: null
			});
			unitCreated = true;
		}
		const user = await createUser(tx, {
			username,
			displayName: input.displayName.trim() || username,
			password: input.password
		});
		await grantRole(tx, { userId: user.id, role: 'admin', orgUnitId: unit.id });
		await recordAudit(tx, {
			action: 'role.granted',
			targetType: 'user',
			targetId: user.id,
			orgUnitId: unit.id,
			details: { role: 'admin', by: 'admin:create', unitCreated }
		});
		return { ok: true, userId: user.id, unitId: unit.id, unitCreated } as const;
	});
}
