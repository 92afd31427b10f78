import type { ContentCatalog } from '../content/catalog';
import type { ContentLanguage } from '../content/types';
import { localize } from '../content/views';
import type { Analysis } from './item-analysis';
import type { Flag, OptionCounts } from './statistics';

export type QuestionView = {
	id: string;
	key: string;
	version: number;
	topic: string;
	stem: string;
	n: number;
	facility: number;
	discrimination: number | null;
	restCorrelation: number | null;
	options: { id: string; text: string; isKey: boolean; counts: OptionCounts }[];
	flags: Flag[];
	/** Where the question is written (content file and line), for module questions. */
	where: string | null;
	/** Links to check it: the content-review entries of its cited sources, or the contest's bank. */
	links: { href: string; label: string }[];
};

const round = (x: number | null, digits = 3) =>
	x === null ? null : Math.round(x * 10 ** digits) / 10 ** digits;

/**
 * What the analysis page shows: figures rounded, text in the content language, and for each
 * question where to fix it. For a contest bank question the link is the contest's bank page
 * (bank questions are not in content/).
 */
export function analysisView(
	analysis: Analysis,
	lang: ContentLanguage,
	source: { catalog: ContentCatalog; moduleId: string } | { bankHref: string }
) {
	const moduleEntry = 'catalog' in source ? source.catalog.moduleById(source.moduleId) : null;
	const questions: QuestionView[] = analysis.questions.map((q) => {
		const entry = moduleEntry?.questions.find((e) => e.key === q.key);
		const links =
			'bankHref' in source
				? [{ href: source.bankHref, label: 'bank' }]
				: [...new Set((entry?.citations ?? []).map((c) => c.source))].map((id) => ({
						href: `/content-review#src-${id}`,
						label: id
					}));
		return {
			id: `${q.key}@${q.version}`,
			key: q.key,
			version: q.version,
			topic: q.topic,
			stem: localize(q.stem, lang),
			n: q.n,
			facility: round(q.facility)!,
			discrimination: round(q.discrimination),
			restCorrelation: round(q.restCorrelation),
			options: q.choices.map((c) => ({
				id: c.id,
				text: localize(c.text, lang),
				isKey: c.isKey,
				counts: q.optionCounts[c.id] ?? { all: 0, upper: 0, lower: 0 }
			})),
			flags: q.flags,
			where: entry ? `${entry.file}:${entry.line}` : null,
			links
		};
	});
	return {
		test: {
			n: analysis.test.n,
			mean: round(analysis.test.mean, 2)!,
			sd: round(analysis.test.sd, 2)!,
			meanItems: round(analysis.test.meanItems, 1)!,
			groupSize: analysis.test.groupSize,
			alpha: round(analysis.test.alpha)
		},
		questions,
		flagged: questions.filter((q) => q.flags.length > 0).length
	};
}

export type AnalysisView = ReturnType<typeof analysisView>;
