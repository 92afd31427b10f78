import { describe, expect, it } from 'vitest';
import { hasRoleAt, scopePaths } from './access';
import type { SessionUser } from './session';

const user = (grants: SessionUser['grants']): SessionUser => ({
	id: 1,
	username: 'u',
	displayName: 'U',
	personId: null,
	orgUnitId: null,
	orgPath: null,
	locale: 'vi',
	grants
});

describe('hasRoleAt', () => {
	const commune = user([{ role: 'manager', orgUnitId: 2, path: '/1/2/' }]);
	it('covers the granted unit and its subtree', () => {
		expect(hasRoleAt(commune, 'manager', '/1/2/')).toBe(true);
		expect(hasRoleAt(commune, 'manager', '/1/2/9/')).toBe(true);
	});
	it('does not cover the parent, a sibling, or a sibling whose id shares a prefix', () => {
		expect(hasRoleAt(commune, 'manager', '/1/')).toBe(false);
		expect(hasRoleAt(commune, 'manager', '/1/3/')).toBe(false);
		expect(hasRoleAt(commune, 'manager', '/1/22/')).toBe(false);
	});
	it('does not let one role stand in for another, except admin', () => {
		expect(hasRoleAt(commune, 'trainer', '/1/2/')).toBe(false);
		const admin = user([{ role: 'admin', orgUnitId: 1, path: '/1/' }]);
		expect(hasRoleAt(admin, 'trainer', '/1/2/')).toBe(true);
	});
});

describe('scopePaths', () => {
	it('keeps only the outermost roots', () => {
		const u = user([
			{ role: 'manager', orgUnitId: 2, path: '/1/2/' },
			{ role: 'manager', orgUnitId: 9, path: '/1/2/9/' },
			{ role: 'manager', orgUnitId: 3, path: '/1/3/' },
			{ role: 'judge', orgUnitId: 1, path: '/1/' }
		]);
		expect(scopePaths(u, 'manager')).toEqual(['/1/2/', '/1/3/']);
		expect(scopePaths(u, 'trainer')).toEqual([]);
	});
});
