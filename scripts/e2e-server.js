// The app as the browser tests see it: a fresh embedded database, seeded, on E2E_PORT.
import { rmSync } from 'node:fs';

const dataDir = `test-results/e2e-data-${process.env.PORT ?? 4173}`;
rmSync(dataDir, { recursive: true, force: true });
process.env.DATA_DIR = dataDir;
process.env.SEED_DEMO = '1';
await import('./start.js');
