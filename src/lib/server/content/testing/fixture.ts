import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const FIXTURE_CONTENT = resolve('tests/fixtures/content');

/** A private, editable copy of the fixture content tree; `edit` changes one file in it. */
export function copyFixture() {
	const root = mkdtempSync(join(tmpdir(), 'bt-content-'));
	cpSync(FIXTURE_CONTENT, root, { recursive: true });
	return {
		root,
		path: (rel: string) => join(root, rel),
		read: (rel: string) => readFileSync(join(root, rel), 'utf8'),
		write: (rel: string, text: string) => writeFileSync(join(root, rel), text),
		edit(rel: string, from: string | RegExp, to: string) {
			const before = readFileSync(join(root, rel), 'utf8');
			const after = before.replace(from, to);
			if (after === before) throw new Error(`edit of ${rel} changed nothing`);
			writeFileSync(join(root, rel), after);
		},
		remove: (rel: string) => rmSync(join(root, rel), { recursive: true, force: true }),
		dispose: () => rmSync(root, { recursive: true, force: true })
	};
}
