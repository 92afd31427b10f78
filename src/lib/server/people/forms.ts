import type { ScopedUnit } from './scope';
import { MIN_BIRTH_YEAR, NAME_MAX_LENGTH, maxBirthYear } from './validation';

/** Units for a select: only what it shows, with the level relative to the top of the scope. */
export function unitOptions(units: ScopedUnit[]) {
	const top = Math.min(...units.map((u) => u.depth));
	return units.map((u) => ({ id: u.id, code: u.code, name: u.name, level: u.depth - top }));
}

/** The limits the profile form states next to its fields (the server enforces them). */
export function formLimits(now = new Date()) {
	return { nameMax: NAME_MAX_LENGTH, minYear: MIN_BIRTH_YEAR, maxYear: maxBirthYear(now) };
}
