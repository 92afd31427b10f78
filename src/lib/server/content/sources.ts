import { isIP } from 'node:net';
import { z } from 'zod';
import type { IssueList } from './issues';
import { sourceSchema } from './schemas';
import type { LocalizedText, SourceEntry } from './types';
import { parseYaml, validateYaml } from './yaml-doc';

/** A `checked` date older than this many days is reported: the registry must not silently age. */
export const CHECKED_MAX_AGE_DAYS = 180;
/** Without `review_until`, keys resting only on a `review` document must move within this many
 * days of its `checked` date (the day someone set the status), the same span as a re-check. */
export const REVIEW_DEFAULT_DAYS = 180;

/**
 * Words that mark research notes or to-dos. Reader-facing registry fields (number, issuer, title,
 * review_note) must not contain them; they belong in `note` or `evidence`.
 */
export const EDITORIAL_MARKERS: RegExp[] = [
	/cần đối chiếu/i,
	/kiểm tra lại/i,
	/chưa kiểm (tra|chứng)/i,
	/\bTODO\b/,
	/\bFIXME\b/,
	/\bTBD\b/,
	/\[(check|likely|sure)\]/i,
	/https?:\/\//i,
	/\bwww\./i
];

/** The first editorial marker found in a reader-facing text, or null. */
export function editorialMarker(text: string): string | null {
	for (const marker of EDITORIAL_MARKERS) {
		const found = marker.exec(text);
		if (found) return found[0];
	}
	return null;
}

/**
 * Why an address is not a good public link, or null: it must be http(s) to a named host (no IP
 * literal, no bare home page), so a reader lands on the page that confirms the document.
 */
export function urlProblem(address: string, { allowHomePage = false } = {}): string | null {
	let url: URL;
	try {
		url = new URL(address);
	} catch {
		return 'is not a well-formed address';
	}
	if (url.protocol !== 'https:' && url.protocol !== 'http:') return 'must start with https:// or http://';
	const host = url.hostname.replace(/^\[|\]$/g, '');
	if (!host || isIP(host) !== 0) return 'must name a host, not an IP address';
	if (!host.includes('.') || host.endsWith('.')) return 'must name a public host';
	if (url.username || url.password) return 'must not carry a user name or password';
	if (!allowHomePage && url.pathname === '/' && !url.search) {
		return 'points at a home page; link the page that confirms the document';
	}
	return null;
}

const addDays = (isoDate: string, days: number) =>
	new Date(Date.parse(`${isoDate}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

/** The last day a key may rest only on a `review` document (see REVIEW_DEFAULT_DAYS). */
export function reviewDeadline(source: SourceEntry): string | null {
	if (source.status !== 'review') return null;
	if (source.reviewUntil) return source.reviewUntil;
	return source.checked ? addDays(source.checked, REVIEW_DEFAULT_DAYS) : null;
}

/** Whole days from `checked` to `today` (both YYYY-MM-DD). */
export function daysSince(date: string, today: string): number {
	return Math.floor((Date.parse(`${today}T00:00:00Z`) - Date.parse(`${date}T00:00:00Z`)) / 86_400_000);
}

/** Parses `sources.yml`: a list of documents with unique ids and resolvable `superseded_by`. */
export function parseSources(text: string, file: string, issues: IssueList): Map<string, SourceEntry> {
	const registry = new Map<string, SourceEntry>();
	const parsed = parseYaml(text, file, 1, issues);
	if (!parsed) return registry;
	if (parsed.value === null || parsed.value === undefined) return registry;
	const list = validateYaml(z.array(z.unknown()), parsed, file, issues, 'sources.yml');
	if (!list) return registry;
	list.forEach((raw, index) => {
		const line = parsed.lineOf([index]);
		const item = validateYaml(
			sourceSchema,
			{ value: raw, lineOf: (path) => parsed.lineOf([index, ...path]) },
			file,
			issues,
			`source #${index + 1}`
		);
		if (!item) return;
		if (registry.has(item.id)) {
			issues.error(file, line, `duplicate source id "${item.id}"`);
			return;
		}
		const fieldLines: Record<string, number> = {};
		for (const key of Object.keys(item)) fieldLines[key] = parsed.lineOf([index, key]);
		(item.evidence ?? []).forEach((_, i) => {
			fieldLines[`evidence.${i}`] = parsed.lineOf([index, 'evidence', i]);
		});
		registry.set(item.id, {
			id: item.id,
			kind: item.kind,
			number: item.number,
			issued: item.issued ?? null,
			issuer: item.issuer,
			title: item.title,
			status: item.status,
			supersededBy: item.superseded_by ?? null,
			see: item.see ?? [],
			reviewNote: item.review_note ?? null,
			reviewUntil: item.review_until ?? null,
			url: item.url ?? null,
			checked: item.checked ?? null,
			note: item.note ?? null,
			evidence: item.evidence ?? [],
			line,
			fieldLines
		});
	});
	for (const source of registry.values()) checkSource(source, registry, file, issues);
	return registry;
}

function checkSource(source: SourceEntry, registry: Map<string, SourceEntry>, file: string, issues: IssueList) {
	const at = (field: string) => source.fieldLines[field] ?? source.line;
	const { id } = source;
	if (source.supersededBy && !registry.has(source.supersededBy)) {
		issues.error(file, at('superseded_by'), `"${id}": superseded_by "${source.supersededBy}" is not a registered source`);
	}
	if (source.supersededBy && source.status !== 'superseded') {
		issues.error(file, at('superseded_by'), `"${id}" has superseded_by but its status is ${source.status}`);
	}
	if (source.status === 'review') {
		if (source.see.length === 0) {
			issues.error(file, source.line, `"${id}" has status review: name the newer or ordering documents in see: [ids]`);
		}
		if (!source.reviewNote) {
			issues.error(file, source.line, `"${id}" has status review: add review_note { vi, en }, one plain sentence for readers`);
		}
		if (!source.checked) issues.error(file, source.line, `"${id}" has status review: give the day it was set in checked`);
	} else {
		for (const field of ['see', 'review_note', 'review_until']) {
			if (field in source.fieldLines) {
				issues.error(file, at(field), `"${id}": ${field} is only for status review (its status is ${source.status})`);
			}
		}
	}
	for (const other of source.see) {
		if (other === id) issues.error(file, at('see'), `"${id}": see names the document itself`);
		else if (!registry.has(other)) issues.error(file, at('see'), `"${id}": see "${other}" is not a registered source`);
	}
	if (source.url) {
		const problem = urlProblem(source.url);
		if (problem) issues.error(file, at('url'), `"${id}": url ${problem}`);
	}
	source.evidence.forEach((e, i) => {
		const problem = urlProblem(e.url, { allowHomePage: true });
		if (problem) issues.error(file, at(`evidence.${i}`), `"${id}": evidence url ${problem}`);
	});
	const readerTexts: [string, string | LocalizedText | null][] = [
		['number', source.number],
		['issuer', source.issuer],
		['title', source.title],
		['review_note', source.reviewNote]
	];
	for (const [field, value] of readerTexts) {
		if (!value) continue;
		for (const text of typeof value === 'string' ? [value] : [value.vi, value.en ?? '']) {
			const marker = editorialMarker(text);
			if (marker) {
				issues.error(file, at(field), `"${id}": ${field} is shown to readers but contains "${marker}" (move research notes to note or evidence)`);
			}
		}
	}
}

/** Findings that depend on the day: `checked` older than CHECKED_MAX_AGE_DAYS. */
export function checkSourceAges(registry: Map<string, SourceEntry>, file: string, today: string, issues: IssueList) {
	for (const source of registry.values()) {
		if (!source.checked) continue;
		const age = daysSince(source.checked, today);
		if (age > CHECKED_MAX_AGE_DAYS) {
			issues.warn(file, source.fieldLines.checked ?? source.line, `"${source.id}": checked ${source.checked} is ${age} days old (more than ${CHECKED_MAX_AGE_DAYS}); re-check its status and update checked`);
		}
	}
}
