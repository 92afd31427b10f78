// npm run content:affected -- <source-id>: every module, lesson, question and situation card
// citing a document, as file:line, so a reviewer can walk the list when the document is replaced
// or put under review.
import { citingItems } from '../src/lib/server/content/affected';
import { formatIssue } from '../src/lib/server/content/issues';
import { contentRootFromEnv, loadContent } from '../src/lib/server/content/load';
import { reviewDeadline } from '../src/lib/server/content/sources';

const sourceId = process.argv[2];
if (!sourceId) {
	console.error('usage: npm run content:affected -- <source-id>');
	process.exit(2);
}
const { content, issues } = loadContent(contentRootFromEnv(process.env));
const source = content.sources.get(sourceId);
if (!source) {
	for (const issue of issues.filter((i) => i.severity === 'error'))
		console.error(formatIssue(issue));
	console.error(`"${sourceId}" is not in sources.yml`);
	process.exit(2);
}
const replacement = source.supersededBy ? ` → replaced by ${source.supersededBy}` : '';
const review =
	source.status === 'review'
		? ` → newer: ${source.see.join(', ')}; keys resting only on it must move by ${reviewDeadline(source) ?? '(no date)'}`
		: '';
console.log(
	`${source.id}: ${source.number} (${source.issued ?? 'date not confirmed'}), ${source.status}${replacement}${review}`
);
console.log(source.title.vi);
const items = citingItems(content, sourceId);
if (items.length === 0) console.log('Nothing cites it.');
for (const item of items) {
	const where = item.locator ? ` [${item.locator}]` : '';
	const historical = item.historical ? ' (historical)' : '';
	const alsoInForce = item.alsoInForce ? ' (also cites a document in force)' : '';
	const title = item.title.replace(/\s+/g, ' ').slice(0, 90);
	console.log(
		`${item.file}:${item.line}: ${item.kind} ${item.id}${where}${historical}${alsoInForce}: ${title}`
	);
}
const count = (kind: string) => items.filter((i) => i.kind === kind).length;
console.log(
	`${count('module')} modules, ${count('lesson')} lessons, ${count('question')} questions, ` +
		`${count('situation')} situation cards cite it.`
);
