import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SERVER_ONLY_ROUTE_IDS } from './server-only-routes';

const ROUTES = join(process.cwd(), 'src', 'routes');

/** The route ids whose +page.server.ts turns the client app off. */
function routesWithoutClientApp(dir = ROUTES): string[] {
	return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
		const path = join(dir, entry.name);
		if (entry.isDirectory()) return routesWithoutClientApp(path);
		if (entry.name !== '+page.server.ts') return [];
		if (!/^export const csr = false;/m.test(readFileSync(path, 'utf8'))) return [];
		const id = relative(ROUTES, dir).split(sep).join('/');
		return [`/${id}`];
	});
}

describe('routes served without the client app', () => {
	it('are exactly the ones the client router hands to a full page load', () => {
		const onDisk = routesWithoutClientApp().sort();
		expect(onDisk.length).toBeGreaterThan(10);
		expect(onDisk).toEqual([...SERVER_ONLY_ROUTE_IDS].sort());
	});
});
