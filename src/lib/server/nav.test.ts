import { describe, expect, it } from 'vitest';
import type { SessionUser } from './auth/session';
import { navFor } from './nav';

const user = (grants: SessionUser['grants'], personId: number | null = null): SessionUser => ({
	id: 1,
	username: 'u',
	displayName: 'U',
	personId,
	orgUnitId: null,
	orgPath: null,
	locale: 'vi',
	grants
});
const keys = (u: SessionUser | null) => navFor(u).map((i) => i.key);

describe('navFor', () => {
	it('a judge finds their panels in the navigation', () => {
		const judge = user([{ role: 'judge', orgUnitId: 1, path: '/1/' }]);
		expect(navFor(judge)).toContainEqual({ key: 'judging', href: '/contests/judge' });
	});

	it('nobody without the judge role (or admin) gets the judging entry', () => {
		expect(keys(null)).not.toContain('judging');
		expect(keys(user([{ role: 'secretary', orgUnitId: 2, path: '/1/2/' }], 5))).not.toContain(
			'judging'
		);
		expect(keys(user([{ role: 'organizer', orgUnitId: 1, path: '/1/' }]))).not.toContain('judging');
		// An administrator holds every role in their subtree, the judge's too.
		expect(keys(user([{ role: 'admin', orgUnitId: 1, path: '/1/' }]))).toContain('judging');
	});
});
