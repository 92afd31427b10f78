// The app as the browser tests see it: a fresh embedded database on E2E_PORT, seeded with the demo
// province and a second province no demo account manages (tests/fixtures/e2e-seed.ts).
import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';

const dataDir = `test-results/e2e-data-${process.env.PORT ?? 4173}`;
rmSync(dataDir, { recursive: true, force: true });
execFileSync(process.execPath, ['--import', 'tsx', 'tests/fixtures/e2e-seed.ts', dataDir], {
	stdio: 'inherit'
});
process.env.DATA_DIR = dataDir;
await import('./start.js');
