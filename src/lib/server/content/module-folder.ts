import { join } from 'node:path';
import { displayPath, isDirectory, listDirectory, readImages, readText, sha256 } from './files';
import type { IssueList } from './issues';
import { parseQuestionBank, type ParsedQuestion } from './question-bank';
import { lessonSchema, moduleSchema, type LessonYaml, type ModuleYaml } from './schemas';
import type { ContentLanguage, ImageAsset } from './types';
import { parseYaml, splitFrontmatter, validateYaml, type ParsedYaml } from './yaml-doc';

export type LessonFile = {
	file: string;
	meta: LessonYaml;
	metaYaml: ParsedYaml;
	body: string;
	bodyLine: number;
	raw: string;
};

export type LessonDraft = { base: string; order: number; slug: string; vi?: LessonFile; en?: LessonFile };

export type BankDraft = { file: string; questions: ParsedQuestion[]; raw: string };

/** One module folder as read from disk, before the checks that need the whole content tree. */
export type ModuleDraft = {
	folder: string;
	slug: string;
	file: string;
	meta: ModuleYaml;
	metaYaml: ParsedYaml;
	intro: { body: string; line: number };
	lessons: LessonDraft[];
	banks: { vi: BankDraft | null; en: BankDraft | null };
	images: Map<string, ImageAsset>;
	hash: string;
};

export const MODULE_FOLDER = /^(\d{2,})-([a-z0-9][a-z0-9-]*)$/;
const LESSON_FILE = /^((\d{2,})-([a-z0-9][a-z0-9-]*))\.(vi|en)\.md$/;
const BANK_FILE = /^questions\.(vi|en)\.md$/;

function readFrontmatterFile(path: string, issues: IssueList, what: string) {
	const file = displayPath(path);
	const raw = readText(path);
	const split = splitFrontmatter(raw);
	if (split.yaml === null) {
		issues.error(file, 1, `${what} must start with frontmatter between --- lines`);
		return null;
	}
	const yaml = parseYaml(split.yaml, file, split.yamlFirstLine, issues);
	return yaml ? { file, raw, yaml, body: split.body, bodyLine: split.bodyFirstLine } : null;
}

function readLesson(path: string, issues: IssueList): LessonFile | null {
	const read = readFrontmatterFile(path, issues, 'a lesson');
	if (!read) return null;
	const meta = validateYaml(lessonSchema, read.yaml, read.file, issues, 'lesson');
	if (!meta) return null;
	return { file: read.file, meta, metaYaml: read.yaml, body: read.body, bodyLine: read.bodyLine, raw: read.raw };
}

function readBank(path: string, lang: ContentLanguage, issues: IssueList): BankDraft {
	const file = displayPath(path);
	const raw = readText(path);
	return { file, raw, questions: parseQuestionBank(raw, file, lang, issues) };
}

/** Reads `module.md`, the lessons, the question banks and the images of one module folder. */
export function readModuleFolder(modulesDir: string, folder: string, issues: IssueList): ModuleDraft | null {
	const dir = join(modulesDir, folder);
	const match = MODULE_FOLDER.exec(folder);
	if (!match) {
		issues.error(displayPath(dir), 1, 'a module folder is named <nn>-<slug> (e.g. 01-vai-tro-chi-bo)');
		return null;
	}
	const modulePath = join(dir, 'module.md');
	const names = listDirectory(dir);
	if (!names.includes('module.md')) {
		issues.error(displayPath(dir), 1, 'the module folder has no module.md');
		return null;
	}
	const read = readFrontmatterFile(modulePath, issues, 'module.md');
	const meta = read && validateYaml(moduleSchema, read.yaml, read.file, issues, 'module');

	const lessons = new Map<string, LessonDraft>();
	const banks: ModuleDraft['banks'] = { vi: null, en: null };
	const hashParts: string[] = [read?.raw ?? ''];
	for (const name of names) {
		const path = join(dir, name);
		const lesson = LESSON_FILE.exec(name);
		const bank = BANK_FILE.exec(name);
		if (lesson) {
			const [, base, order, slug, lang] = lesson;
			const draft = lessons.get(base) ?? { base, order: Number(order), slug };
			const parsed = readLesson(path, issues);
			if (parsed) draft[lang as ContentLanguage] = parsed;
			lessons.set(base, draft);
			hashParts.push(name, parsed?.raw ?? '');
		} else if (bank) {
			const lang = bank[1] as ContentLanguage;
			banks[lang] = readBank(path, lang, issues);
			hashParts.push(name, banks[lang].raw);
		} else if (name !== 'module.md' && !(name === 'images' && isDirectory(path))) {
			issues.warn(displayPath(path), 1, 'not part of the content format (lessons are <nn>-<slug>.<vi|en>.md); ignored');
		}
	}
	const images = readImages(dir, issues);
	for (const [rel, asset] of images) hashParts.push(rel, asset.hash);
	if (!read || !meta) return null;
	return {
		folder,
		slug: match[2],
		file: read.file,
		meta,
		metaYaml: read.yaml,
		intro: { body: read.body, line: read.bodyLine },
		lessons: [...lessons.values()].sort((a, b) => a.order - b.order || a.base.localeCompare(b.base)),
		banks,
		images,
		hash: sha256(hashParts.join('\0'))
	};
}
