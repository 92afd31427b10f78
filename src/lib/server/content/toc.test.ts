import { describe, expect, it } from 'vitest';
import { loadContent } from './load';
import { FIXTURE_CONTENT } from './testing/fixture';
import { tocSections } from './toc';

describe('tocSections', () => {
	it('nests subsections under their section, so only sections are numbered', () => {
		const entries = [
			{ id: 'a', text: 'A', depth: 2 },
			{ id: 'a1', text: 'A.1', depth: 3 },
			{ id: 'a2', text: 'A.2', depth: 3 },
			{ id: 'b', text: 'B', depth: 2 },
			{ id: 'c', text: 'C', depth: 2 },
			{ id: 'c1', text: 'C.1', depth: 3 }
		];
		expect(tocSections(entries)).toEqual([
			{ id: 'a', text: 'A', subsections: [{ id: 'a1', text: 'A.1' }, { id: 'a2', text: 'A.2' }] },
			{ id: 'b', text: 'B', subsections: [] },
			{ id: 'c', text: 'C', subsections: [{ id: 'c1', text: 'C.1' }] }
		]);
	});

	it('keeps a subsection that comes before any section as a section', () => {
		expect(
			tocSections([
				{ id: 'x', text: 'X', depth: 3 },
				{ id: 'y', text: 'Y', depth: 2 }
			]).map((s) => s.id)
		).toEqual(['x', 'y']);
	});

	it('gives the fixture lesson three sections, the first with its subsection', () => {
		const { content } = loadContent(FIXTURE_CONTENT);
		const lesson = content.modules[0].lessons[0];
		expect(tocSections(lesson.rendered.vi.toc).map((s) => [s.text, s.subsections.length])).toEqual([
			['Họp chi ủy trước buổi sinh hoạt', 1],
			['Thông báo cho đảng viên', 0],
			['Đọc thêm', 0]
		]);
	});
});
