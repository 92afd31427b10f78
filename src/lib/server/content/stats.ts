import { QUESTION_TESTS, SOURCE_STATUSES, type LoadedContent, type QuestionEntry, type SourceStatus } from './types';

/** Per module: at least this share of questions test `apply` or `analyse`. */
export const APPLY_ANALYSE_MIN = 0.5;
/** Per module: at most this share of questions are true/false. */
export const TRUE_FALSE_MAX = 0.2;

export type ModuleStats = {
	id: string;
	total: number;
	kinds: { single: number; multiple: number; true_false: number };
	tests: { recall: number; apply: number; analyse: number; untagged: number };
	difficulty: { 1: number; 2: number; 3: number };
	/** Share of apply + analyse among all the module's questions (untagged count against it). */
	applyAnalyseShare: number;
	trueFalseShare: number;
	/** What is outside the targets, in words; empty when within. */
	flags: string[];
};

export type ContentStats = {
	modules: ModuleStats[];
	sourcesByStatus: Record<SourceStatus, number>;
	/** The least recently checked documents (all sharing the oldest date), or null. */
	oldestChecked: { date: string; ids: string[] } | null;
};

const share = (part: number, total: number) => (total === 0 ? 0 : part / total);
const percent = (value: number) => `${Math.round(value * 100)} %`;

export function moduleStats(id: string, questions: QuestionEntry[]): ModuleStats {
	const total = questions.length;
	const count = (test: (q: QuestionEntry) => boolean) => questions.filter(test).length;
	const tests = {
		recall: count((q) => q.tests === 'recall'),
		apply: count((q) => q.tests === 'apply'),
		analyse: count((q) => q.tests === 'analyse'),
		untagged: count((q) => q.tests === null)
	};
	const kinds = {
		single: count((q) => q.kind === 'single'),
		multiple: count((q) => q.kind === 'multiple'),
		true_false: count((q) => q.kind === 'true_false')
	};
	const applyAnalyseShare = share(tests.apply + tests.analyse, total);
	const trueFalseShare = share(kinds.true_false, total);
	const flags: string[] = [];
	if (total > 0 && applyAnalyseShare < APPLY_ANALYSE_MIN) {
		flags.push(`apply+analyse ${percent(applyAnalyseShare)} < ${percent(APPLY_ANALYSE_MIN)}`);
	}
	if (trueFalseShare > TRUE_FALSE_MAX) flags.push(`true/false ${percent(trueFalseShare)} > ${percent(TRUE_FALSE_MAX)}`);
	if (tests.untagged > 0) flags.push(`${tests.untagged} untagged`);
	return {
		id,
		total,
		kinds,
		tests,
		difficulty: { 1: count((q) => q.difficulty === 1), 2: count((q) => q.difficulty === 2), 3: count((q) => q.difficulty === 3) },
		applyAnalyseShare,
		trueFalseShare,
		flags
	};
}

/** The mix of every module's bank and the registry's state: what `npm run content:stats` prints. */
export function contentStats(content: Pick<LoadedContent, 'modules' | 'sources'>): ContentStats {
	const sourcesByStatus = Object.fromEntries(SOURCE_STATUSES.map((s) => [s, 0])) as Record<SourceStatus, number>;
	let oldest: ContentStats['oldestChecked'] = null;
	for (const source of content.sources.values()) {
		sourcesByStatus[source.status]++;
		if (!source.checked) continue;
		if (!oldest || source.checked < oldest.date) oldest = { date: source.checked, ids: [source.id] };
		else if (source.checked === oldest.date) oldest.ids.push(source.id);
	}
	return {
		modules: content.modules.map((m) => moduleStats(m.id, m.questions)),
		sourcesByStatus,
		oldestChecked: oldest
	};
}

/** A plain-text table a terminal or CI log shows as is. */
export function formatStats(stats: ContentStats): string {
	const header = ['module', 'n', 'single', 'multi', 'T/F', ...QUESTION_TESTS, 'untag', 'd1', 'd2', 'd3', 'app+an', 'T/F %', 'outside targets'];
	const rows = stats.modules.map((m) => [
		m.id,
		String(m.total),
		String(m.kinds.single),
		String(m.kinds.multiple),
		String(m.kinds.true_false),
		String(m.tests.recall),
		String(m.tests.apply),
		String(m.tests.analyse),
		String(m.tests.untagged),
		String(m.difficulty[1]),
		String(m.difficulty[2]),
		String(m.difficulty[3]),
		percent(m.applyAnalyseShare),
		percent(m.trueFalseShare),
		m.flags.join('; ') || 'ok'
	]);
	const all = stats.modules.flatMap((m) => [m]);
	const sum = (f: (m: ModuleStats) => number) => String(all.reduce((n, m) => n + f(m), 0));
	const total = all.reduce((n, m) => n + m.total, 0);
	const tf = all.reduce((n, m) => n + m.kinds.true_false, 0);
	const aa = all.reduce((n, m) => n + m.tests.apply + m.tests.analyse, 0);
	rows.push([
		'all',
		String(total),
		sum((m) => m.kinds.single),
		sum((m) => m.kinds.multiple),
		String(tf),
		sum((m) => m.tests.recall),
		sum((m) => m.tests.apply),
		sum((m) => m.tests.analyse),
		sum((m) => m.tests.untagged),
		sum((m) => m.difficulty[1]),
		sum((m) => m.difficulty[2]),
		sum((m) => m.difficulty[3]),
		percent(share(aa, total)),
		percent(share(tf, total)),
		''
	]);
	const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
	const line = (cells: string[]) =>
		cells.map((c, i) => (i === 0 || i === cells.length - 1 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ').trimEnd();
	const outside = stats.modules.filter((m) => m.flags.length > 0).length;
	const statuses = SOURCE_STATUSES.map((s) => `${s} ${stats.sourcesByStatus[s]}`).join(', ');
	return [
		line(header),
		line(widths.map((w) => '-'.repeat(w))),
		...rows.slice(0, -1).map(line),
		line(widths.map((w) => '-'.repeat(w))),
		line(rows[rows.length - 1]),
		'',
		`Targets per module: apply+analyse >= ${percent(APPLY_ANALYSE_MIN)}, true/false <= ${percent(TRUE_FALSE_MAX)}, every question tagged. ` +
			`${outside} of ${stats.modules.length} modules outside.`,
		`Sources by status: ${statuses}.`,
		stats.oldestChecked
			? `Oldest checked: ${stats.oldestChecked.date} (${stats.oldestChecked.ids.join(', ')}).`
			: 'Oldest checked: no source has a checked date.'
	].join('\n');
}
