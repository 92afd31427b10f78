import { describe, expect, it } from 'vitest';
import { maxBirthYear } from './validation';

describe('maxBirthYear', () => {
	it('counts the year as Vietnam does: at 00:30 on New Year’s Day there, the new year', () => {
		expect(maxBirthYear(new Date('2026-12-31T16:59:00Z'))).toBe(2008);
		expect(maxBirthYear(new Date('2026-12-31T17:30:00Z'))).toBe(2009);
	});
});
