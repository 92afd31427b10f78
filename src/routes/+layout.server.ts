import type { LayoutServerLoad } from './$types';
import { navFor } from '$lib/server/nav';

export const load: LayoutServerLoad = ({ locals }) => {
	const user = locals.user;
	return {
		user: user
			? {
					displayName: user.displayName,
					username: user.username,
					roles: [...new Set(user.grants.map((g) => g.role))]
				}
			: null,
		nav: navFor(user)
	};
};
