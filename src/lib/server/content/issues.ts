export type IssueSeverity = 'error' | 'warning';

/** One finding of the content check, pointing at a file and line as an editor would open it. */
export type ContentIssue = { file: string; line: number; message: string; severity: IssueSeverity };

/** Collects findings while content is parsed; files are reported relative to the working folder. */
export class IssueList {
	readonly items: ContentIssue[] = [];

	private readonly seen = new Set<string>();

	private add(issue: ContentIssue) {
		const id = `${issue.file}\0${issue.line}\0${issue.severity}\0${issue.message}`;
		if (this.seen.has(id)) return;
		this.seen.add(id);
		this.items.push(issue);
	}

	error(file: string, line: number, message: string) {
		this.add({ file, line: Math.max(1, line), message, severity: 'error' });
	}

	warn(file: string, line: number, message: string) {
		this.add({ file, line: Math.max(1, line), message, severity: 'warning' });
	}

	get errors() {
		return this.items.filter((i) => i.severity === 'error');
	}

	get warnings() {
		return this.items.filter((i) => i.severity === 'warning');
	}
}

export function formatIssue(issue: ContentIssue): string {
	const tag = issue.severity === 'warning' ? 'warning: ' : '';
	return `${issue.file}:${issue.line}: ${tag}${issue.message}`;
}

export function sortIssues(issues: ContentIssue[]): ContentIssue[] {
	return [...issues].sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line);
}

/** Thrown at start when the content is invalid; the message lists every error as file:line. */
export class InvalidContentError extends Error {
	constructor(readonly issues: ContentIssue[]) {
		const errors = sortIssues(issues.filter((i) => i.severity === 'error'));
		super(
			`Invalid content (${errors.length} error${errors.length === 1 ? '' : 's'}); run "npm run content:check":\n` +
				errors.map(formatIssue).join('\n')
		);
		this.name = 'InvalidContentError';
	}
}
