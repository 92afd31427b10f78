import { sha256 } from '@oslojs/crypto/sha2';
import { encodeBase32LowerCaseNoPadding, encodeHexLowerCase } from '@oslojs/encoding';

/** 160 random bits, base32: the session cookie value (Lucia guide). */
export function generateSessionToken(): string {
	const bytes = new Uint8Array(20);
	crypto.getRandomValues(bytes);
	return encodeBase32LowerCaseNoPadding(bytes);
}

/** What the database stores in place of a token or code: its SHA-256, hex. */
export function hashToken(token: string): string {
	return encodeHexLowerCase(sha256(new TextEncoder().encode(token)));
}

// Crockford-style alphabet without 0/O, 1/I/L, U: easy to read aloud and type from paper.
const CODE_ALPHABET = '23456789ABCDEFGHJKMNPQRSTVWXYZ';

/** A one-time activation code like "K7QM-X2ZD-9TPA" (≈ 59 bits), for printing on paper. */
export function generateActivationCode(): string {
	const chars: string[] = [];
	const bytes = new Uint8Array(12);
	while (chars.length < 12) {
		crypto.getRandomValues(bytes);
		for (const b of bytes) {
			// Reject values past the largest multiple of the alphabet size to avoid modulo bias.
			if (b < 240 && chars.length < 12) chars.push(CODE_ALPHABET[b % CODE_ALPHABET.length]);
		}
	}
	return `${chars.slice(0, 4).join('')}-${chars.slice(4, 8).join('')}-${chars.slice(8).join('')}`;
}

/** Accepts what a person types: any case, with or without spaces and dashes. */
export function normalizeActivationCode(input: string): string {
	const raw = input.toUpperCase().replace(/[^0-9A-Z]/g, '');
	if (raw.length !== 12) return '';
	return `${raw.slice(0, 4)}-${raw.slice(4, 8)}-${raw.slice(8)}`;
}
