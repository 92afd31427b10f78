import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';

/**
 * Something a request can reach: a page (its HTML and `__data.json`), one of its named form
 * actions (`action:<name>`) or an endpoint method (`GET`, `POST`, …).
 */
export type RoutePart = { route: string; part: string };

const ROUTE_FILES = ['+page.svelte', '+page.server.ts', '+page.ts', '+server.ts'];

/** The route id SvelteKit gives a folder under src/routes: "/(manage)/orgs/[id]", "/". */
function routeId(root: string, dir: string) {
	const rel = relative(root, dir).split(sep).join('/');
	return rel ? `/${rel}` : '/';
}

/** The names of `export const actions = { name: … }`, written one per line (tab-indented). */
function actionNames(source: string): string[] {
	const start = source.search(/export const actions\b/);
	if (start < 0) return [];
	const end = source.indexOf('\n};', start);
	const body = source.slice(start, end < 0 ? undefined : end);
	const names = [...body.matchAll(/^\t(\w+)\s*:/gm)].map((m) => m[1]);
	// Written some other way: a part no matrix entry has, so the check names the file.
	return names.length > 0 ? names : ['(unread)'];
}

function endpointMethods(source: string): string[] {
	const pattern =
		/export (?:const|async function|function) (GET|POST|PUT|PATCH|DELETE|OPTIONS|HEAD|fallback)\b/g;
	const methods = [...source.matchAll(pattern)].map((m) => m[1]);
	return methods.length > 0 ? methods : ['(unread)'];
}

/** Every page, form action and endpoint method under src/routes, read from the file system. */
export function listRouteParts(root = 'src/routes'): RoutePart[] {
	const parts: RoutePart[] = [];
	const visit = (dir: string) => {
		const entries = readdirSync(dir, { withFileTypes: true });
		const files = new Set(entries.filter((e) => e.isFile()).map((e) => e.name));
		const route = routeId(root, dir);
		if (['+page.svelte', '+page.server.ts', '+page.ts'].some((f) => files.has(f))) {
			parts.push({ route, part: 'page' });
		}
		if (files.has('+page.server.ts')) {
			const source = readFileSync(join(dir, '+page.server.ts'), 'utf8');
			for (const name of actionNames(source)) parts.push({ route, part: `action:${name}` });
		}
		if (files.has('+server.ts')) {
			const source = readFileSync(join(dir, '+server.ts'), 'utf8');
			for (const method of endpointMethods(source)) parts.push({ route, part: method });
		}
		for (const e of entries) if (e.isDirectory()) visit(join(dir, e.name));
	};
	visit(root);
	return parts;
}

/** Route folders holding a route file none of the parts above accounts for (e.g. `+server.js`). */
export function unreadRouteFiles(root = 'src/routes'): string[] {
	const odd: string[] = [];
	const visit = (dir: string) => {
		for (const e of readdirSync(dir, { withFileTypes: true })) {
			if (e.isDirectory()) visit(join(dir, e.name));
			else if (/^\+(page|server)\b/.test(e.name) && !ROUTE_FILES.includes(e.name)) {
				odd.push(join(dir, e.name));
			}
		}
	};
	visit(root);
	return odd;
}
