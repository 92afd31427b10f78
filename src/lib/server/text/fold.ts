/**
 * Folds Vietnamese text for diacritic-insensitive matching: "Nguyễn Văn Đức" → "nguyen van duc".
 * Stored beside names and used on queries, so search is one SQL path on both drivers.
 */
export function foldVietnamese(text: string): string {
	return text
		.normalize('NFD')
		.replace(/[\u0300-\u036f]/g, '')
		.replace(/đ/g, 'd')
		.replace(/Đ/g, 'D')
		.toLowerCase()
		.replace(/\s+/g, ' ')
		.trim();
}

/** Escapes LIKE wildcards so user input matches literally. */
export function escapeLike(text: string): string {
	return text.replace(/[\\%_]/g, (c) => '\\' + c);
}

const collator = new Intl.Collator('vi', { sensitivity: 'base', numeric: true });

/** Sorts by Vietnamese collation (Ă after A, Đ after D), not by code point. */
export function compareVietnamese(a: string, b: string): number {
	return collator.compare(a, b);
}
