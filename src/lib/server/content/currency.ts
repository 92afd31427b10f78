import type { IssueList } from './issues';
import { reviewDeadline } from './sources';
import type { ModuleEntry, QuestionEntry, SourceEntry } from './types';

/** The `review` documents a question's key rests on when it cites no document in force, else []. */
export function reviewOnlySources(q: QuestionEntry, registry: Map<string, SourceEntry>): SourceEntry[] {
	const cited = q.citations.flatMap((c) => registry.get(c.source) ?? []);
	if (cited.some((s) => s.status === 'in_force')) return [];
	return cited.filter((s) => s.status === 'review');
}

/**
 * A question whose key rests only on `review` documents (a newer document exists or a
 * replacement was ordered) is a warning until the document's review deadline, then an error.
 * Without `today` (the app at start) only the warning is given: a date must never stop the app.
 */
export function checkReviewKeys(
	modules: ModuleEntry[],
	registry: Map<string, SourceEntry>,
	today: string | null,
	issues: IssueList
) {
	for (const q of modules.flatMap((m) => m.questions)) {
		if (q.historical) continue;
		const review = reviewOnlySources(q, registry);
		if (review.length === 0) continue;
		const line = q.citations[0]?.line ?? q.line;
		const deadlines = review.map(reviewDeadline).filter((d): d is string => !!d).sort();
		const deadline = deadlines[deadlines.length - 1] ?? null;
		const newer = [...new Set(review.flatMap((s) => s.see))].join(', ');
		const names = review.map((s) => s.id).join(', ');
		const message = `${q.key}: its key rests only on ${names} (status review; newer: ${newer})`;
		if (today && deadline && today > deadline) {
			issues.error(q.file, line, `${message}; the review deadline ${deadline} has passed: cite the newer document or mark it {historical=true}`);
		} else {
			issues.warn(q.file, line, `${message}; cite the newer document${deadline ? ` by ${deadline}` : ''}`);
		}
	}
}
