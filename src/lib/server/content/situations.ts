import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { displayPath, listDirectory, readText, sha256 } from './files';
import { IssueList } from './issues';
import { renderMarkdown, type LinkResolver } from './markdown';
import { parseSourceLine } from './question-bank';
import { parseSources } from './sources';
import { situationSchema, stableId, type SituationYaml } from './schemas';
import type { ContentLanguage, PlacedCitation, SituationCard, SourceEntry } from './types';
import { parseYaml, splitFrontmatter, validateYaml, type ParsedYaml } from './yaml-doc';

const CARD_FILE = /^((\d{2,})-([a-z0-9][a-z0-9-]*))\.(vi|en)\.md$/;
/** The two sections of a card, by language. */
export const SITUATION_HEADINGS: Record<ContentLanguage, { situation: string; guidance: string }> = {
	vi: { situation: 'Tình huống', guidance: 'Gợi ý xử lý' },
	en: { situation: 'Situation', guidance: 'Guiding points' }
};
const POINT_SOURCE = /\((?:Nguồn|Source|Sources)\s*:\s*(.+)\)\s*$/i;
export const CRITERIA_TOTAL = 100;

/** The English file repeats id, title and criteria; the rest may be left out and must match. */
const englishSchema = situationSchema.partial({ modules: true, difficulty: true, sources: true }).extend({
	id: stableId
});

type CardFile = {
	file: string;
	raw: string;
	yaml: ParsedYaml;
	meta: z.infer<typeof englishSchema>;
	sections: { situation: Section | null; guidance: Section | null };
};
type Section = { body: string; line: number };

/** Cards link only to public pages: relative links and images have nothing to point at. */
const resolver: LinkResolver = {
	link: (href) =>
		/^(https?:|mailto:)/i.test(href) ? { url: href } : { error: `link ${href}: a situation card links only to http, https or mailto addresses` },
	image: (src) => ({ error: `image ${src}: situation cards have no images` })
};

function splitSections(body: string, bodyLine: number, lang: ContentLanguage, file: string, issues: IssueList) {
	const names = SITUATION_HEADINGS[lang];
	const found: Record<'situation' | 'guidance', Section | null> = { situation: null, guidance: null };
	let current: { key: 'situation' | 'guidance'; lines: string[]; line: number } | null = null;
	let headings = 0;
	const flush = () => {
		if (!current) return;
		// Leading blank lines are dropped with their count, so line numbers stay right.
		const first = current.lines.findIndex((l) => l.trim() !== '');
		const lines = first < 0 ? [] : current.lines.slice(first);
		found[current.key] = { body: lines.join('\n').trimEnd(), line: current.line + Math.max(first, 0) };
	};
	body.split('\n').forEach((text, i) => {
		const heading = /^##\s+(.+?)\s*$/.exec(text);
		if (heading) {
			flush();
			headings++;
			const title = heading[1];
			const key = title === names.situation ? 'situation' : title === names.guidance ? 'guidance' : null;
			if (!key) {
				issues.error(file, bodyLine + i, `unexpected section "${title}" (a card has "## ${names.situation}" and "## ${names.guidance}")`);
				current = null;
				return;
			}
			if (found[key]) issues.error(file, bodyLine + i, `a second "## ${title}" section`);
			current = { key, lines: [], line: bodyLine + i + 1 };
		} else if (current) current.lines.push(text);
		else if (text.trim() && headings === 0) issues.error(file, bodyLine + i, `text before "## ${names.situation}"`);
	});
	flush();
	for (const key of ['situation', 'guidance'] as const) {
		if (!found[key]?.body) issues.error(file, bodyLine, `the section "## ${names[key]}" is missing or empty`);
	}
	return found;
}

function readCard(path: string, lang: ContentLanguage, issues: IssueList): CardFile | null {
	const file = displayPath(path);
	const raw = readText(path);
	const split = splitFrontmatter(raw);
	if (split.yaml === null) {
		issues.error(file, 1, 'a situation card must start with frontmatter between --- lines');
		return null;
	}
	const yaml = parseYaml(split.yaml, file, split.yamlFirstLine, issues);
	if (!yaml) return null;
	const meta = validateYaml(lang === 'vi' ? situationSchema : englishSchema, yaml, file, issues, 'situation card');
	if (!meta) return null;
	const sections = splitSections(split.body, split.bodyFirstLine, lang, file, issues);
	return { file, raw, yaml, meta, sections };
}

/** Citations written at the end of guiding points: `- … (Nguồn: id (locator); id2)`. */
function pointCitations(section: Section | null, file: string, issues: IssueList): PlacedCitation[] {
	if (!section) return [];
	const result: PlacedCitation[] = [];
	section.body.split('\n').forEach((text, i) => {
		const match = POINT_SOURCE.exec(text);
		if (!match) return;
		const line = section.line + i;
		const parsed = parseSourceLine(match[1]);
		for (const bad of parsed.bad) issues.error(file, line, `cannot read source "${bad}" (write id or id (locator), separated by ;)`);
		for (const c of parsed.citations) result.push({ ...c, file, line });
	});
	return result;
}

function checkCardSources(card: CardFile, citations: PlacedCitation[], registry: Map<string, SourceEntry>, issues: IssueList) {
	const known: SourceEntry[] = [];
	for (const c of citations) {
		const source = registry.get(c.source);
		if (!source) issues.error(c.file, c.line, `unknown source "${c.source}" (not in sources.yml)`);
		else known.push(source);
	}
	if (known.length === 0 || known.length < citations.length) return;
	const line = card.yaml.lineOf(['sources']);
	if (known.every((s) => s.status === 'superseded' || s.status === 'unverified')) {
		issues.error(card.file, line, `the card rests only on superseded or unverified documents (${[...new Set(known.map((s) => s.id))].join(', ')}); cite a document in force`);
	} else if (!known.some((s) => s.status === 'in_force')) {
		issues.warn(card.file, line, `the card rests only on documents under review (${[...new Set(known.map((s) => s.id))].join(', ')}); cite the newer document`);
	}
}

function checkCriteria(vi: CardFile, en: CardFile | null, issues: IssueList) {
	const criteria = vi.meta.criteria;
	const ids = new Set<string>();
	criteria.forEach((c, i) => {
		if (ids.has(c.id)) issues.error(vi.file, vi.yaml.lineOf(['criteria', i]), `duplicate criterion id "${c.id}"`);
		ids.add(c.id);
	});
	const total = criteria.reduce((sum, c) => sum + c.max, 0);
	if (total !== CRITERIA_TOTAL) {
		issues.error(vi.file, vi.yaml.lineOf(['criteria']), `the criteria's max points add up to ${total}, not ${CRITERIA_TOTAL}`);
	}
	if (!en) return;
	const same =
		en.meta.criteria.length === criteria.length &&
		en.meta.criteria.every((c, i) => c.id === criteria[i].id && c.max === criteria[i].max);
	if (!same) issues.error(en.file, en.yaml.lineOf(['criteria']), 'the criteria differ from the Vietnamese file (same ids, order and max points)');
}

function checkEnglish(vi: CardFile, en: CardFile, issues: IssueList) {
	const at = (key: string) => en.yaml.lineOf([key]);
	if (en.meta.id !== vi.meta.id) issues.error(en.file, at('id'), `id "${en.meta.id}" differs from the Vietnamese file's "${vi.meta.id}"`);
	if (en.meta.modules && en.meta.modules.join() !== (vi.meta.modules ?? []).join()) {
		issues.error(en.file, at('modules'), 'modules differ from the Vietnamese file');
	}
	if (en.meta.difficulty !== undefined && en.meta.difficulty !== vi.meta.difficulty) {
		issues.error(en.file, at('difficulty'), 'difficulty differs from the Vietnamese file');
	}
	if (en.meta.sources) {
		const ids = (list: { source: string }[]) => list.map((c) => c.source).sort().join(';');
		if (ids(en.meta.sources) !== ids(vi.meta.sources ?? [])) {
			issues.error(en.file, at('sources'), 'the sources differ from the Vietnamese file');
		}
	}
}

const render = (section: Section | null, file: string, lang: ContentLanguage, issues: IssueList) =>
	section ? renderMarkdown(section.body, { file, firstLine: section.line, lang, issues, resolve: resolver }) : null;

/**
 * Reads `situations/` under the content root: every `<nn>-<slug>.vi.md` card (and its optional
 * `.en.md`), checked against the registry and the module ids. A missing folder means no cards.
 */
export function readSituations(
	root: string,
	registry: Map<string, SourceEntry>,
	moduleIds: Set<string>,
	issues: IssueList
): SituationCard[] {
	const dir = join(root, 'situations');
	const groups = new Map<string, { order: number; slug: string; vi?: string; en?: string }>();
	for (const name of listDirectory(dir)) {
		if (name.startsWith('.') || name === 'README.md') continue;
		const match = CARD_FILE.exec(name);
		if (!match) {
			issues.error(displayPath(join(dir, name)), 1, 'a situation card is named <nn>-<slug>.vi.md or <nn>-<slug>.en.md');
			continue;
		}
		const group = groups.get(match[1]) ?? { order: Number(match[2]), slug: match[3] };
		group[match[4] as ContentLanguage] = join(dir, name);
		groups.set(match[1], group);
	}
	const cards: SituationCard[] = [];
	const ids = new Map<string, string>();
	const slugs = new Map<string, string>();
	for (const group of groups.values()) {
		if (!group.vi) {
			issues.error(displayPath(group.en!), 1, 'the Vietnamese file of this card is missing (Vietnamese is required)');
			continue;
		}
		const vi = readCard(group.vi, 'vi', issues);
		const en = group.en ? readCard(group.en, 'en', issues) : null;
		if (!vi) continue;
		const meta = vi.meta as SituationYaml;
		if (ids.has(meta.id)) issues.error(vi.file, vi.yaml.lineOf(['id']), `situation id "${meta.id}" is also used by ${ids.get(meta.id)}`);
		ids.set(meta.id, vi.file);
		if (slugs.has(group.slug)) issues.error(vi.file, 1, `the file name "${group.slug}" (without its number) is also used by ${slugs.get(group.slug)}`);
		slugs.set(group.slug, vi.file);
		meta.modules.forEach((id, i) => {
			if (!moduleIds.has(id)) issues.error(vi.file, vi.yaml.lineOf(['modules', i]), `module "${id}" does not exist`);
		});
		if (en) checkEnglish(vi, en, issues);
		checkCriteria(vi, en, issues);
		const frontmatter = meta.sources.map((c, i) => ({ ...c, file: vi.file, line: vi.yaml.lineOf(['sources', i]) }));
		const points = pointCitations(vi.sections.guidance, vi.file, issues);
		if (en) pointCitations(en.sections.guidance, en.file, issues);
		checkCardSources(vi, [...frontmatter, ...points], registry, issues);
		const viSituation = render(vi.sections.situation, vi.file, 'vi', issues);
		const viGuidance = render(vi.sections.guidance, vi.file, 'vi', issues);
		const enSituation = en ? render(en.sections.situation, en.file, 'en', issues) : null;
		const enGuidance = en ? render(en.sections.guidance, en.file, 'en', issues) : null;
		const enCriteria = new Map((en?.meta.criteria ?? []).map((c) => [c.id, c.title]));
		cards.push({
			id: meta.id,
			slug: group.slug,
			order: group.order,
			files: { vi: vi.file, en: en?.file ?? null },
			title: { vi: meta.title, ...(en ? { en: en.meta.title } : {}) },
			moduleIds: meta.modules,
			difficulty: meta.difficulty,
			citations: [...frontmatter, ...points],
			criteria: meta.criteria.map((c) => ({
				id: c.id,
				max: c.max,
				title: { vi: c.title, ...(enCriteria.has(c.id) ? { en: enCriteria.get(c.id)! } : {}) }
			})),
			situation: { vi: viSituation?.html ?? '', en: enSituation?.html ?? null },
			guidance: { vi: viGuidance?.html ?? '', en: enGuidance?.html ?? null },
			guidanceText: { vi: viGuidance?.text ?? '', ...(enGuidance ? { en: enGuidance.text } : {}) },
			hash: sha256(`${vi.raw}\0${en?.raw ?? ''}`)
		});
	}
	return cards.sort((a, b) => a.order - b.order || a.slug.localeCompare(b.slug));
}

/**
 * The situation bank for a contest's situation round: every valid card under `<root>/situations`
 * (with the registry at `<root>/sources.yml`), or the errors that make it unusable.
 */
export function loadSituationCards(root: string, moduleIds?: Iterable<string>) {
	const issues = new IssueList();
	const sourcesPath = join(root, 'sources.yml');
	const registry = existsSync(sourcesPath)
		? parseSources(readText(sourcesPath), displayPath(sourcesPath), issues)
		: new Map<string, SourceEntry>();
	const ids = new Set(moduleIds ?? moduleIdsOnDisk(root));
	const cards = readSituations(root, registry, ids, issues);
	return { cards, issues: issues.items, ok: issues.errors.length === 0 };
}

/**
 * Module ids from each `modules/<folder>/module.md` (enough to check a card's `modules`, even
 * when a module.md has other errors: those are reported once, where they are).
 */
export function moduleIdsOnDisk(root: string): string[] {
	const dir = join(root, 'modules');
	return listDirectory(dir).flatMap((folder) => {
		const path = join(dir, folder, 'module.md');
		if (!existsSync(path)) return [];
		const id = /^id:\s*([a-z0-9-]+)/m.exec(splitFrontmatter(readText(path)).yaml ?? '');
		return id ? [id[1]] : [];
	});
}
