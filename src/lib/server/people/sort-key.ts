/**
 * Vietnamese alphabetical order as a plain ASCII key, so the database can sort names with
 * `COLLATE "C"` (present on every PostgreSQL, PGlite included) instead of an ICU collation that
 * only some servers have. Lists are ordered the Vietnamese way: by given name (the last word),
 * then by the full name (family, middle, given); tones only break ties.
 */

// The Vietnamese alphabet (with f, j, w, z for foreign names): Ă, Â after A, Đ after D, and so on.
const ALPHABET = [...'aăâbcdđeêfghijklmnoôơpqrstuưvwxyz'];
// 33 letters → 'A'…'Z' then 'a'…'g': increasing byte values, all above the digits.
const LETTER_CODE = new Map(
	ALPHABET.map((letter, i) => [letter, String.fromCharCode(i < 26 ? 65 + i : 97 + i - 26)])
);

const BREVE = '\u0306';
const CIRCUMFLEX = '\u0302';
const HORN = '\u031b';
// Dictionary order of the tones: level, grave (huyền), hook (hỏi), tilde (ngã), acute (sắc), dot (nặng).
const TONES = ['\u0300', '\u0309', '\u0303', '\u0301', '\u0323'];

type Letter = { primary: string; tone: number };

function letterOf(char: string): Letter | null {
	const [base, ...marks] = char.normalize('NFD');
	if (/[0-9]/.test(base)) return { primary: base, tone: 0 };
	let letter = base;
	if (marks.includes(BREVE)) letter += BREVE;
	if (marks.includes(CIRCUMFLEX)) letter += CIRCUMFLEX;
	if (marks.includes(HORN)) letter += HORN;
	letter = letter.normalize('NFC');
	const tone = TONES.findIndex((t) => marks.includes(t)) + 1;
	const code = LETTER_CODE.get(letter);
	if (code) return { primary: code, tone };
	// Letters outside the alphabet sort after it, by code point.
	if (/\p{L}/u.test(letter)) return { primary: '{' + letter, tone };
	return null;
}

function encodeWords(words: string[]): { primary: string; tones: string } {
	const primary: string[] = [];
	const tones: string[] = [];
	for (const word of words) {
		const letters = [...word].map(letterOf).filter((l): l is Letter => l !== null);
		primary.push(letters.map((l) => l.primary).join(''));
		tones.push(letters.map((l) => String(l.tone)).join(''));
	}
	// A space sorts before every letter, so "An" comes before "An Bình" and "Anh".
	return { primary: primary.join(' '), tones: tones.join(' ') };
}

/** The key that orders names the Vietnamese way when compared byte by byte. */
export function vietnameseSortKey(fullName: string): string {
	const words = fullName.normalize('NFC').toLocaleLowerCase('vi').split(/\s+/).filter(Boolean);
	const given = encodeWords(words.slice(-1));
	const full = encodeWords(words);
	// '!' sorts after the space and before every letter: it ends one part of the key.
	return `${given.primary}!${full.primary}!${full.tones}`;
}

/** Byte-wise comparison, as `COLLATE "C"` does; for sorting in memory the way the database does. */
export function compareSortKeys(a: string, b: string): number {
	return a < b ? -1 : a > b ? 1 : 0;
}
