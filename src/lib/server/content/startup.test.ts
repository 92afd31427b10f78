import { execFileSync } from 'node:child_process';
import { afterAll, describe, expect, it } from 'vitest';
import { prepareServer } from '../startup';
import { createTestDatabase } from '../testing/databases';
import { getCatalog } from './store';
import { copyFixture, FIXTURE_CONTENT } from './testing/fixture';

describe('content at start', () => {
	const fixture = copyFixture();
	afterAll(() => fixture.dispose());

	it('refuses to start on invalid content, listing the same file:line messages as content:check', async () => {
		fixture.edit('modules/01-sinh-hoat-chi-bo/questions.vi.md', 'Nguồn: hd-12-hdbtctw-2018 (Mục 1)', 'Nguồn: khong-co');
		const database = await createTestDatabase('pglite');
		try {
			const start = prepareServer(database, { CONTENT_DIR: fixture.root, SEED_DEMO: '0' });
			await expect(start).rejects.toThrow(/questions\.vi\.md:13: fx-q001: unknown source "khong-co"/);
		} finally {
			await database.close();
		}
		let output = '';
		try {
			execFileSync('npx', ['tsx', 'scripts/content-check.ts'], {
				env: { ...process.env, CONTENT_DIR: fixture.root },
				stdio: 'pipe'
			});
		} catch (e) {
			output = String((e as { stderr: Buffer }).stderr);
		}
		expect(output).toMatch(/questions\.vi\.md:13: fx-q001: unknown source "khong-co" \(not in sources\.yml\)/);
		expect(output).toContain('content:check FAILED');
	});

	it('loads and syncs valid content once, then serves it from memory', async () => {
		const database = await createTestDatabase('pglite');
		try {
			const stop = await prepareServer(database, { CONTENT_DIR: FIXTURE_CONTENT, SEED_DEMO: '0' });
			stop();
			expect(getCatalog().module('sinh-hoat-chi-bo')?.lessons).toHaveLength(2);
		} finally {
			await database.close();
		}
	});
});
