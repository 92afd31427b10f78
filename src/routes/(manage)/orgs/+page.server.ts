import type { PageServerLoad } from './$types';
import { requireRole } from '$lib/server/auth/access';
import { db } from '$lib/server/db';
import { listScopeTree, searchUnits } from '$lib/server/orgs/tree';

export const load: PageServerLoad = async ({ locals, url }) => {
	const { paths } = requireRole(locals, 'manager', url);
	const query = (url.searchParams.get('q') ?? '').trim().slice(0, 100);
	if (query) {
		return { query, search: await searchUnits(db, paths, query), tree: null };
	}
	return { query, search: null, tree: await listScopeTree(db, paths) };
};
