// npm run content:import -- <file> [options]: converts a Moodle GIFT, Aiken or XLSX/CSV question
// file into the question bank format (content/README.md), and lists what it could not convert.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { basename } from 'node:path';
import { parseArgs } from 'node:util';
import { detectFormat, importQuestions, type ImportFormat } from '../src/lib/server/content/import';
import { toQuestionBank } from '../src/lib/server/content/import/markdown';

const usage = `usage: npm run content:import -- <file> [options]
  --format gift|aiken|table   (default: from the extension: .gift, .aiken/.txt, .xlsx/.csv)
  --prefix <key prefix>       keys for questions without one, e.g. m03-q (default: imported-q)
  --start <n>                 first number after the prefix (default 1)
  --lang vi|en                the language of the file (default vi)
  --topic <id> --difficulty <1-3> --source "<id (locator); id>"   defaults for every question
  --out <file>                write there instead of printing (refuses to overwrite)
  --partial                   write the questions that converted even when others did not
                              (the exit status is still 1)
Any problem (a question that cannot be converted or is malformed) makes the exit status 1, and
without --partial nothing is written.`;

const { values, positionals } = parseArgs({
	allowPositionals: true,
	options: {
		format: { type: 'string' },
		prefix: { type: 'string', default: 'imported-q' },
		start: { type: 'string', default: '1' },
		lang: { type: 'string', default: 'vi' },
		topic: { type: 'string' },
		difficulty: { type: 'string' },
		source: { type: 'string' },
		out: { type: 'string' },
		partial: { type: 'boolean' },
		help: { type: 'boolean' }
	}
});

const path = positionals[0];
if (values.help || !path) {
	console.error(usage);
	process.exit(path ? 0 : 2);
}
if (!existsSync(path)) {
	console.error(`${path}: no such file`);
	process.exit(2);
}
if (values.lang !== 'vi' && values.lang !== 'en') {
	console.error('--lang must be vi or en');
	process.exit(2);
}
const bytes = new Uint8Array(readFileSync(path));
const format = (values.format ??
	detectFormat(path, new TextDecoder().decode(bytes.slice(0, 200_000)))) as ImportFormat | null;
if (!format || !['gift', 'aiken', 'table'].includes(format)) {
	console.error(`${path}: cannot tell the format; pass --format gift, aiken or table`);
	process.exit(2);
}

const result = await importQuestions({ name: basename(path), bytes }, format, {
	lang: values.lang
});
for (const p of result.problems) {
	const where = result.unit === 'row' ? `${path}: row ${p.at}` : `${path}:${p.at}`;
	console.error(`${where}: not converted: ${p.message}`);
}
const failed = result.problems.length > 0;
const write = result.questions.length > 0 && (!failed || values.partial);
if (write) {
	const markdown = toQuestionBank(result.questions, {
		lang: values.lang,
		keyPrefix: values.prefix!,
		start: Number(values.start) || 1,
		topic: values.topic,
		difficulty: values.difficulty,
		sources: values.source
	});
	if (values.out) {
		if (existsSync(values.out)) {
			console.error(`${values.out} exists; choose another --out (nothing was written)`);
			process.exit(1);
		}
		writeFileSync(values.out, markdown);
	} else process.stdout.write(markdown);
}
const summary = `${result.questions.length} question(s) converted, ${result.problems.length} not converted.`;
if (failed && !write) {
	console.error(
		`${summary} Nothing was written: fix the lines above` +
			(result.questions.length > 0 ? ', or pass --partial to write the converted ones.' : '.')
	);
} else {
	console.error(
		summary +
			(write
				? ' Fill in topic, difficulty, the explanation and the sources of each, then run npm run content:check.'
				: '')
	);
}
process.exit(failed || result.questions.length === 0 ? 1 : 0);
