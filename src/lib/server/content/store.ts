import { ContentCatalog } from './catalog';
import { InvalidContentError, formatIssue } from './issues';
import { loadContent } from './load';

let catalog: ContentCatalog | null = null;

/**
 * Loads, validates and renders the content once for this process, or throws with every error as
 * file:line (the app then refuses to start). Warnings are returned for the caller to log.
 */
export function loadCatalog(root: string): { catalog: ContentCatalog; warnings: string[] } {
	const result = loadContent(root);
	if (!result.ok) throw new InvalidContentError(result.issues);
	catalog = new ContentCatalog(result.content);
	return {
		catalog,
		warnings: result.issues.filter((i) => i.severity === 'warning').map(formatIssue)
	};
}

/** The content loaded at start. Pages read it from memory; nothing re-reads files per request. */
export function getCatalog(): ContentCatalog {
	if (!catalog) throw new Error('content is not loaded: prepareServer() loads it at start');
	return catalog;
}

/** For tests: use an already loaded catalog. */
export function setCatalog(value: ContentCatalog | null) {
	catalog = value;
}
