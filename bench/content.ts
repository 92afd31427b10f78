import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * A content tree for the benchmark (the app syncs it at start, like `content/`): one module whose
 * quiz draws `questionCount` questions from a bank twice that size, single, multiple and
 * true/false in turn.
 */
export function writeBenchContent(root: string, moduleId: string, questionCount: number) {
	rmSync(root, { recursive: true, force: true });
	const dir = join(root, 'modules', `01-${moduleId}`);
	mkdirSync(dir, { recursive: true });
	writeFileSync(
		join(root, 'sources.yml'),
		`- id: bench-source
  number: Tài liệu đo tải
  issued: '2026'
  issuer: { vi: Đo tải }
  title: { vi: Tài liệu dùng để đo tải }
  status: in_force
`
	);
	writeFileSync(
		join(dir, 'module.md'),
		`---
id: ${moduleId}
order: 1
title: { vi: Mô-đun đo tải, en: Benchmark module }
summary: { vi: Dùng cho npm run bench:attempts. }
estimatedMinutes: 10
objectives: { vi: [Đo tải bộ máy làm bài] }
topics:
  - id: t1
    title: { vi: Chủ đề 1 }
  - id: t2
    title: { vi: Chủ đề 2 }
sources: [bench-source]
requiredForQualification: false
contentVersion: 1.0.0
contentDate: 2026-11-25
quiz:
  questionCount: ${questionCount}
  timeLimitMinutes: 180
  passPercent: 60
  attemptsAllowed: null
  review: full
  multipleScoring: all_or_nothing
---
`
	);
	writeFileSync(
		join(dir, '01-bai-doc.vi.md'),
		`---\nid: ${moduleId}-l01\ntitle: Bài đọc\nsources: [bench-source]\n---\n\nBài đọc ngắn.\n`
	);
	const questions = Array.from({ length: questionCount * 2 }, (_, i) => {
		const n = i + 1;
		const head = `## ${moduleId}-q${String(n).padStart(3, '0')} {topic=t${(i % 2) + 1} difficulty=${(i % 3) + 1}}`;
		const options =
			i % 3 === 2
				? ['- [x] Đúng', '- [ ] Sai']
				: i % 3 === 1
					? ['- [x] Phương án A', '- [ ] Phương án B', '- [x] Phương án C', '- [ ] Phương án D']
					: ['- [ ] Phương án A', '- [x] Phương án B', '- [ ] Phương án C', '- [ ] Phương án D'];
		return `${head}\n\nCâu hỏi đo tải số ${n}?\n\n${options.join('\n')}\n\nGiải thích: Giải thích câu ${n}.\n\nNguồn: bench-source\n`;
	});
	writeFileSync(
		join(dir, 'questions.vi.md'),
		`# Ngân hàng câu hỏi đo tải\n\n${questions.join('\n')}`
	);
}
