import type { ContentLanguage } from './types';

/** The parts of a legal document a locator names, and how English citations write them. */
const PARTS: Record<string, string> = {
	'điều': 'Art.',
	'khoản': 'cl.',
	'điểm': 'point',
	'mục': 'Section',
	'chương': 'Chapter',
	'phần': 'Part',
	'phụ lục': 'Appendix'
};

// A part name, then its number: "24", "II.1.2", "a", "IV".
const REFERENCE = /^(điều|khoản|điểm|mục|chương|phần|phụ lục)\s+([0-9]+[a-z]?|[IVXLC]+|[a-zđ])((?:\.[0-9a-z]+)*)$/iu;

const capitalizeFirst = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

/**
 * A content locator ("Điều 24, khoản 1", "Mục II.1.2", "khoản 2 Điều 24") as the English reader
 * reads it ("Art. 24, cl. 1", "Section II.1.2", "Cl. 2, Art. 24"). Locators are written in
 * Vietnamese in the content; one that is not made only of such references (free text, a
 * document's name) is shown as written rather than half translated.
 */
export function localizeLocator(locator: string, lang: ContentLanguage): string {
	if (lang === 'vi') return locator;
	const text = locator.normalize('NFC').trim();
	// Split into references at commas, semicolons, "và" (and) and where a new part name starts.
	const pieces = text
		.split(/\s*([,;])\s*|\s+(và)\s+|\s+(?=(?:điều|khoản|điểm|mục|chương|phần|phụ lục)\s)/iu)
		.filter((piece) => piece !== undefined && piece !== '');
	const out: string[] = [];
	for (const piece of pieces) {
		if (piece === ',' || piece === ';') {
			out.push(piece + ' ');
			continue;
		}
		if (piece.toLowerCase() === 'và') {
			out.push(' and ');
			continue;
		}
		const match = REFERENCE.exec(piece);
		if (!match) return locator;
		const previous = out.at(-1);
		// Two references side by side ("khoản 2 Điều 24") read as a list in English.
		if (previous !== undefined && !/[,;] $| and $/.test(previous)) out.push(', ');
		out.push(`${PARTS[match[1].toLowerCase()]} ${match[2]}${match[3]}`);
	}
	return capitalizeFirst(out.join(''));
}
