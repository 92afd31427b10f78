// npm run content:check: validates the content tree (CONTENT_DIR, default content/) and prints
// every problem as file:line, the same messages the app prints when it refuses to start, plus
// the checks that depend on today's date (ageing `checked` dates, review deadlines).
import { formatIssue } from '../src/lib/server/content/issues';
import { contentRootFromEnv, loadContent } from '../src/lib/server/content/load';

const root = contentRootFromEnv(process.env);
const today = process.env.CONTENT_TODAY?.trim() || new Date().toISOString().slice(0, 10);
const { content, issues, ok } = loadContent(root, { today });
for (const issue of issues) console.error(formatIssue(issue));

const errors = issues.filter((i) => i.severity === 'error').length;
const warnings = issues.length - errors;
const lessons = content.modules.reduce((n, m) => n + m.lessons.length, 0);
const questions = content.modules.reduce((n, m) => n + m.questions.length, 0);
const summary =
	`${content.modules.length} modules, ${lessons} lessons, ${questions} questions, ` +
	`${content.situations.length} situation cards, ${content.sources.size} sources: ` +
	`${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'}`;
if (ok) console.log(`content:check OK (${summary})`);
else console.error(`content:check FAILED (${summary})`);
process.exit(ok ? 0 : 1);
