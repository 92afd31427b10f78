import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * Every query is parameterized: SQL is built with Drizzle's query builder or its `sql` template
 * (values become parameters). The escape hatches that splice text into SQL may appear only where
 * the text cannot come from a request; a new one fails here until it is reviewed and listed.
 */
const UNSAFE = /\bsql\.raw\(|\.unsafe\(|\bsql\.identifier\(/g;
const REVIEWED: Record<string, string> = {
	'src/lib/server/orgs/unit-references.ts': 'table and column names from the Drizzle schema',
	'src/lib/server/testing/databases.ts': 'test database names the test generates',
	'bench/crash.ts': 'a fixed database name on the benchmark’s private cluster',
	'bench/app.ts': 'benchmark database names the benchmark generates',
	'src/lib/server/quiz/finish.ts':
		'numeric constants of the scoring rules (points, Leitner boxes and intervals)',
	'src/lib/server/quiz/save.ts': 'the numeric constant MAX_SEQ_STEP',
	// Scale-out and operations (issue 15)
	'src/lib/server/db/move.ts':
		'table and column names read from the database catalog (sql.identifier), for db:move'
};

const root = join(import.meta.dirname, '../../../..');

function* sourceFiles(dir: string): Generator<string> {
	for (const entry of readdirSync(dir, { withFileTypes: true })) {
		const path = join(dir, entry.name);
		if (entry.isDirectory()) {
			if (entry.name !== 'node_modules' && entry.name !== 'paraglide') yield* sourceFiles(path);
		} else if (/\.(ts|js|svelte)$/.test(entry.name) && !entry.name.endsWith('.test.ts')) {
			yield path;
		}
	}
}

describe('SQL built from text', () => {
	it('appears only in reviewed places, none of which takes request data', () => {
		const found = new Set<string>();
		for (const dir of ['src', 'scripts', 'bench']) {
			for (const file of sourceFiles(join(root, dir))) {
				if (UNSAFE.test(readFileSync(file, 'utf8'))) found.add(relative(root, file));
				UNSAFE.lastIndex = 0;
			}
		}
		expect([...found].filter((file) => !(file in REVIEWED))).toEqual([]);
		// The list stays true: a reviewed file that no longer needs it is taken off.
		expect(Object.keys(REVIEWED).filter((file) => !found.has(file))).toEqual([]);
	});
});
