import type { TocEntry } from './types';

export type TocSection = { id: string; text: string; subsections: { id: string; text: string }[] };

/**
 * A lesson's headings as the reader's contents list: sections (##) with their subsections (###)
 * inside, so an ordered list numbers the sections only (1, 2, 3), not every heading. A subsection
 * before the first section stands as a section of its own.
 */
export function tocSections(entries: TocEntry[]): TocSection[] {
	const sections: TocSection[] = [];
	for (const { id, text, depth } of entries) {
		const current = sections.at(-1);
		if (depth > 2 && current) current.subsections.push({ id, text });
		else sections.push({ id, text, subsections: [] });
	}
	return sections;
}
