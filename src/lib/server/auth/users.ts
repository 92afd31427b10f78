import { eq, like } from 'drizzle-orm';
import type { DbOrTx } from '../db/client';
import { roleGrants, users, type Role } from '../db/schema';
import { foldVietnamese } from '../text/fold';
import { hashPassword } from './password';

/** The sign-in name a person's folded full name gives: "Nguyễn Văn Đức" → "nguyenvanduc". */
export function usernameBase(fullName: string): string {
	return (
		foldVietnamese(fullName)
			.replace(/[^a-z0-9]/g, '')
			.slice(0, 40) || 'user'
	);
}

/** A free sign-in name for one person: the base, then "nguyenvanduc2", "nguyenvanduc3"… */
export async function uniqueUsernameFor(db: DbOrTx, fullName: string): Promise<string> {
	const base = usernameBase(fullName);
	const taken = new Set(
		(
			await db
				.select({ u: users.username })
				.from(users)
				.where(like(users.username, `${base}%`))
		).map((r) => r.u)
	);
	if (!taken.has(base)) return base;
	for (let n = 2; ; n++) if (!taken.has(`${base}${n}`)) return `${base}${n}`;
}

export type NewUser = {
	username: string;
	displayName: string;
	personId?: number | null;
	password?: string | null;
	locale?: 'vi' | 'en';
};

/** Creates an account; without a password it can only be opened with an activation code. */
export async function createUser(db: DbOrTx, user: NewUser) {
	const [row] = await db
		.insert(users)
		.values({
			username: user.username.trim().toLowerCase(),
			displayName: user.displayName,
			personId: user.personId ?? null,
			passwordHash: user.password ? await hashPassword(user.password) : null,
			locale: user.locale ?? 'vi'
		})
		.returning();
	return row;
}

export async function grantRole(
	db: DbOrTx,
	grant: { userId: number; role: Role; orgUnitId: number; createdByUserId?: number | null }
) {
	await db
		.insert(roleGrants)
		.values({ ...grant, createdByUserId: grant.createdByUserId ?? null })
		.onConflictDoNothing();
}

export async function getUserByUsername(db: DbOrTx, username: string) {
	const [row] = await db.select().from(users).where(eq(users.username, username.toLowerCase()));
	return row ?? null;
}
