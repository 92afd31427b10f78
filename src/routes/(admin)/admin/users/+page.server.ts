import { error, fail } from '@sveltejs/kit';
import { z } from 'zod';
import type { Actions, PageServerLoad } from './$types';
import { requireRole } from '$lib/server/auth/access';
import { issueActivationCode, setAccountDisabled } from '$lib/server/auth/accounts';
import {
	addGrant,
	listUsersInScope,
	removeGrant,
	userInScope,
	USERS_PAGE_SIZE
} from '$lib/server/auth/admin';
import { db } from '$lib/server/db';
import { ROLES } from '$lib/server/db/schema';
import { accountsActorMayTakeOver, mayTakeOverAccount } from '$lib/server/people/codes';

export const load: PageServerLoad = async ({ locals, url }) => {
	const { user, paths } = requireRole(locals, 'admin', url);
	const query = url.searchParams.get('q')?.slice(0, 100) ?? '';
	const page = Math.max(1, Number(url.searchParams.get('page')) || 1);
	const { items, total } = await listUsersInScope(db, paths, { query, page });
	const mayTakeOver = await accountsActorMayTakeOver(
		db,
		user,
		items.map((u) => u.id)
	);
	return {
		users: items.map((u) => ({ ...u, mayTakeOver: mayTakeOver.has(u.id) })),
		total,
		page,
		pages: Math.max(1, Math.ceil(total / USERS_PAGE_SIZE)),
		query,
		roles: ROLES
	};
};

const userIdSchema = z.object({ userId: z.coerce.number().int().positive() });

/** The admin's scopes, after checking the target account is inside them (404 otherwise). */
async function adminOver(locals: App.Locals, url: URL, userId: number) {
	const { user, paths } = requireRole(locals, 'admin', url);
	if (!(await userInScope(db, userId, paths))) error(404, 'not_found');
	return { user, actor: { userId: user.id, scopes: paths } };
}

/**
 * A new code or a lock acts on the whole account: the admin must also hold every role it holds
 * where it holds it (403 otherwise), or a commune's admin could sign in as a province's judge.
 */
async function adminOverAccount(locals: App.Locals, url: URL, userId: number) {
	const over = await adminOver(locals, url, userId);
	if (!(await mayTakeOverAccount(db, over.user, userId))) error(403, 'forbidden');
	return over;
}

export const actions: Actions = {
	grant: async ({ locals, request, url }) => {
		const parsed = z
			.object({
				userId: z.coerce.number().int().positive(),
				role: z.enum(ROLES),
				unitCode: z.string().trim().min(1).max(64)
			})
			.safeParse(Object.fromEntries(await request.formData()));
		if (!parsed.success) return fail(400, { grantError: 'invalid' as const });
		const { actor } = await adminOver(locals, url, parsed.data.userId);
		const result = await addGrant(db, parsed.data, actor);
		if (!result.ok) return fail(400, { grantError: result.reason, userId: parsed.data.userId });
		return { done: 'granted' as const, userId: parsed.data.userId };
	},
	revoke: async ({ locals, request, url }) => {
		const parsed = z
			.object({
				userId: z.coerce.number().int().positive(),
				grantId: z.coerce.number().int().positive()
			})
			.safeParse(Object.fromEntries(await request.formData()));
		if (!parsed.success) return fail(400, { grantError: 'invalid' as const });
		const { actor } = await adminOver(locals, url, parsed.data.userId);
		const result = await removeGrant(db, parsed.data.grantId, actor);
		if (!result.ok) return fail(400, { grantError: result.reason, userId: parsed.data.userId });
		return { done: 'revoked' as const, userId: parsed.data.userId };
	},
	disable: async ({ locals, request, url }) => {
		const parsed = userIdSchema.safeParse(Object.fromEntries(await request.formData()));
		if (!parsed.success) return fail(400, { grantError: 'invalid' as const });
		const { actor } = await adminOverAccount(locals, url, parsed.data.userId);
		if (parsed.data.userId === actor.userId) return fail(400, { grantError: 'self' as const });
		await setAccountDisabled(db, parsed.data.userId, true, actor.userId);
		return { done: 'disabled' as const, userId: parsed.data.userId };
	},
	enable: async ({ locals, request, url }) => {
		const parsed = userIdSchema.safeParse(Object.fromEntries(await request.formData()));
		if (!parsed.success) return fail(400, { grantError: 'invalid' as const });
		const { actor } = await adminOverAccount(locals, url, parsed.data.userId);
		await setAccountDisabled(db, parsed.data.userId, false, actor.userId);
		return { done: 'enabled' as const, userId: parsed.data.userId };
	},
	resetCode: async ({ locals, request, url }) => {
		const parsed = userIdSchema.safeParse(Object.fromEntries(await request.formData()));
		if (!parsed.success) return fail(400, { grantError: 'invalid' as const });
		const { actor } = await adminOverAccount(locals, url, parsed.data.userId);
		const { code, expiresAt } = await issueActivationCode(
			db,
			parsed.data.userId,
			actor.userId,
			locals.receivedAt
		);
		// Shown once in this response; never stored in clear or logged.
		return {
			done: 'code' as const,
			userId: parsed.data.userId,
			code,
			expiresAt: expiresAt.toISOString()
		};
	}
};
