import { LineCounter, parseDocument, isNode, type Document } from 'yaml';
import type { z } from 'zod';
import type { IssueList } from './issues';

export type ParsedYaml = {
	value: unknown;
	/** The line (1-based, in the whole file) of the value at a path, or of its nearest parent. */
	lineOf(path: readonly PropertyKey[]): number;
};

/** Parses YAML text that starts at `firstLine` of `file`; syntax errors go to `issues`. */
export function parseYaml(
	text: string,
	file: string,
	firstLine: number,
	issues: IssueList
): ParsedYaml | null {
	const lineCounter = new LineCounter();
	const doc: Document = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
	if (doc.errors.length > 0) {
		for (const err of doc.errors) {
			const line = lineCounter.linePos(err.pos[0]).line;
			issues.error(file, firstLine + line - 1, `YAML: ${err.message.split('\n')[0]}`);
		}
		return null;
	}
	const lineOf = (path: readonly PropertyKey[]) => {
		for (let n = path.length; n >= 0; n--) {
			const node = n === 0 ? doc.contents : doc.getIn(path.slice(0, n) as unknown[], true);
			if (isNode(node) && node.range) {
				return firstLine + lineCounter.linePos(node.range[0]).line - 1;
			}
		}
		return firstLine;
	};
	return { value: doc.toJS(), lineOf };
}

/** Frontmatter between `---` lines at the top of a Markdown file, and the body after it. */
export function splitFrontmatter(source: string): {
	yaml: string | null;
	yamlFirstLine: number;
	body: string;
	bodyFirstLine: number;
} {
	const text = source.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
	const match = /^---\n([\s\S]*?)\n---[ \t]*(?:\n|$)/.exec(text);
	if (!match) return { yaml: null, yamlFirstLine: 1, body: text, bodyFirstLine: 1 };
	const yamlLines = match[1].split('\n').length;
	return {
		yaml: match[1],
		yamlFirstLine: 2,
		body: text.slice(match[0].length),
		bodyFirstLine: yamlLines + 3
	};
}

/** Validates parsed YAML against a schema, reporting each problem at the line of its field. */
export function validateYaml<T>(
	schema: z.ZodType<T>,
	parsed: ParsedYaml,
	file: string,
	issues: IssueList,
	what: string
): T | null {
	const result = schema.safeParse(parsed.value);
	if (result.success) return result.data;
	for (const issue of result.error.issues) {
		const at = issue.path.length ? `${issue.path.join('.')}: ` : '';
		let message = issue.message;
		if (issue.code === 'unrecognized_keys') {
			message = `unknown field${issue.keys.length > 1 ? 's' : ''} ${issue.keys.join(', ')}`;
			// "{ vi: Mâu thuẫn, đoàn kết, en: … }": in YAML a comma inside { } or [ ] ends the value.
			if (issue.keys.some((k) => /[\s\u0080-\uffff]/.test(k))) {
				message += ' (a comma inside { … } or [ … ] ends the text: put the text in quotes)';
			}
		}
		const keyPath =
			issue.code === 'unrecognized_keys' ? [...issue.path, issue.keys[0]] : issue.path;
		issues.error(file, parsed.lineOf(keyPath), `${what}: ${at}${message}`);
	}
	return null;
}
