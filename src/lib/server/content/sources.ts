import { z } from 'zod';
import type { IssueList } from './issues';
import { sourceSchema } from './schemas';
import type { SourceEntry } from './types';
import { parseYaml, validateYaml } from './yaml-doc';

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
		registry.set(item.id, {
			id: item.id,
			kind: item.kind,
			number: item.number,
			issued: item.issued,
			issuer: item.issuer,
			title: item.title,
			status: item.status,
			supersededBy: item.superseded_by ?? null,
			url: item.url ?? null,
			checked: item.checked ?? null,
			note: item.note ?? null,
			line
		});
	});
	for (const source of registry.values()) {
		if (source.supersededBy && !registry.has(source.supersededBy)) {
			issues.error(file, source.line, `"${source.id}": superseded_by "${source.supersededBy}" is not a registered source`);
		}
		if (source.supersededBy && source.status !== 'superseded') {
			issues.error(file, source.line, `"${source.id}" has superseded_by but its status is ${source.status}`);
		}
	}
	return registry;
}
