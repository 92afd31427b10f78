import { error } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';
import { requireRole } from '$lib/server/auth/access';
import { db } from '$lib/server/db';
import { listPeople, parsePeopleFilters } from '$lib/server/people/list';
import { unitOptions } from '$lib/server/people/forms';
import { listUnitsInScope } from '$lib/server/people/scope';

export const load: PageServerLoad = async ({ locals, url }) => {
	const { paths } = requireRole(locals, 'manager', url);
	const filters = parsePeopleFilters(url.searchParams);
	const [list, units] = await Promise.all([
		listPeople(db, paths, filters),
		listUnitsInScope(db, paths)
	]);
	if (!list) error(404, 'not_found');
	return {
		filters,
		list: { ...list, unit: list.unit && { id: list.unit.id, name: list.unit.name } },
		units: unitOptions(units)
	};
};
