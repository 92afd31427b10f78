import { hash, verify } from '@node-rs/argon2';

/**
 * argon2id at OWASP ASVS 5.0 Appendix C's first option (m = 19 MiB, t = 2, p = 1). Set explicitly:
 * the library's defaults (4 MiB, t = 3) are below that minimum.
 */
export const ARGON2_PARAMS = {
	algorithm: 2, // Algorithm.Argon2id (a const enum, which isolatedModules cannot import)
	memoryCost: 19_456,
	timeCost: 2,
	parallelism: 1,
	outputLen: 32
} as const;

import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from '../../password-rules';

export { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH };

export function hashPassword(password: string): Promise<string> {
	return hash(password, ARGON2_PARAMS);
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
	try {
		return await verify(passwordHash, password);
	} catch {
		return false;
	}
}

/** A hash of a random password: verified against when the account does not exist, so timing matches. */
let dummyHash: Promise<string> | undefined;
export function dummyPasswordHash(): Promise<string> {
	dummyHash ??= hashPassword(crypto.randomUUID());
	return dummyHash;
}

// The most common passwords in breach corpora, plus obvious local ones; a full breached list would
// need a download this deployment cannot assume.
const COMMON_PASSWORDS = new Set([
	'12345678',
	'123456789',
	'1234567890',
	'password',
	'password1',
	'qwertyui',
	'qwerty123',
	'11111111',
	'00000000',
	'88888888',
	'66666666',
	'abc12345',
	'abcd1234',
	'iloveyou',
	'matkhau123',
	'matkhau1',
	'12341234',
	'87654321',
	'123123123',
	'admin123',
	'bithuchibo',
	'dangcongsan',
	'vietnam1',
	'1q2w3e4r',
	'asdfghjk',
	'zxcvbnm1'
]);

export type PasswordProblem = 'too_short' | 'too_long' | 'too_common';

export function checkPasswordStrength(password: string, username?: string): PasswordProblem | null {
	const length = [...password].length;
	if (length < PASSWORD_MIN_LENGTH) return 'too_short';
	if (length > PASSWORD_MAX_LENGTH) return 'too_long';
	const lower = password.toLowerCase();
	if (COMMON_PASSWORDS.has(lower) || (username && lower === username.toLowerCase())) {
		return 'too_common';
	}
	if (/^(.)\1+$/.test(password)) return 'too_common';
	return null;
}
