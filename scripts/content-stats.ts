// npm run content:stats: the mix of every module's question bank (kind, what it tests,
// difficulty) against the targets, the registry by status and its oldest `checked` date.
// It reports and exits 0; content:check is what enforces.
import { contentRootFromEnv, loadContent } from '../src/lib/server/content/load';
import { contentStats, formatStats } from '../src/lib/server/content/stats';

const { content, ok } = loadContent(contentRootFromEnv(process.env));
console.log(formatStats(contentStats(content)));
if (!ok) console.log('(The content has errors: run npm run content:check.)');
