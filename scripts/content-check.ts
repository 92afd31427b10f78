// npm run content:check: validates the content tree (CONTENT_DIR, default content/) and prints
// every problem as file:line, the same messages the app prints when it refuses to start.
import { formatIssue } from '../src/lib/server/content/issues';
import { contentRootFromEnv, loadContent } from '../src/lib/server/content/load';

const root = contentRootFromEnv(process.env);
const { content, issues, ok } = loadContent(root);
for (const issue of issues) console.error(formatIssue(issue));

const errors = issues.filter((i) => i.severity === 'error').length;
const warnings = issues.length - errors;
const lessons = content.modules.reduce((n, m) => n + m.lessons.length, 0);
const questions = content.modules.reduce((n, m) => n + m.questions.length, 0);
const summary =
	`${content.modules.length} modules, ${lessons} lessons, ${questions} questions, ` +
	`${content.sources.size} sources: ${errors} error${errors === 1 ? '' : 's'}, ` +
	`${warnings} warning${warnings === 1 ? '' : 's'}`;
if (ok) console.log(`content:check OK (${summary})`);
else console.error(`content:check FAILED (${summary})`);
process.exit(ok ? 0 : 1);
