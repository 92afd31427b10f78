/** Codes are compared and stored in upper case: "sh-tl-01" and "SH-TL-01" are the same unit. */
export function normalizeCode(text: string): string {
	return text.normalize('NFC').trim().toUpperCase();
}

export const CODE_PATTERN = /^[A-Z0-9][A-Z0-9._-]{0,39}$/;
export const NAME_MAX_LENGTH = 200;

export function normalizeName(text: string): string {
	return text.normalize('NFC').trim().replace(/\s+/g, ' ');
}

export type CodeProblem = 'empty_code' | 'invalid_code';
export type NameProblem = 'empty_name' | 'name_too_long';

export function codeProblem(code: string): CodeProblem | null {
	if (code === '') return 'empty_code';
	return CODE_PATTERN.test(code) ? null : 'invalid_code';
}

export function nameProblem(name: string): NameProblem | null {
	if (name === '') return 'empty_name';
	return name.length > NAME_MAX_LENGTH ? 'name_too_long' : null;
}
