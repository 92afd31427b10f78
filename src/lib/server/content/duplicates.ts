import type { IssueList } from './issues';
import type { QuestionEntry } from './types';

/**
 * Two stems at or above this cosine similarity are reported as asking the same fact twice.
 * Tuned on the shipped banks (12/2026): the known repeat m04-q016/m05-q022 scores 0.56,
 * m05-q024/m09-q021 0.67, m05-q020/m09-q016 0.53; at 0.50 a few pairs on the same document
 * but another fact (m05-q005/m11-q002: its issuer, its date) are reported too, which a reviewer
 * silences with `repeat-of` or by rewording. Paraphrases with few words in common (the same case
 * told in other words, like m02-q015/m05-q014) are not found: the check compares wording.
 */
export const NEAR_DUPLICATE_THRESHOLD = 0.5;

/** Lower-case syllables without diacritics or punctuation ("Đảng viên," → ["dang", "vien"]). */
export function normalizeWords(text: string): string[] {
	return text
		.normalize('NFD')
		.replace(/[\u0300-\u036f]/g, '')
		.replace(/[đĐ]/g, 'd')
		.toLowerCase()
		.replace(/[^a-z0-9]+/g, ' ')
		.trim()
		.split(' ')
		.filter(Boolean);
}

/** Pairs of adjacent syllables: Vietnamese words are mostly two syllables. */
function shingles(words: string[]): Map<string, number> {
	const counts = new Map<string, number>();
	const grams = words.length > 1 ? words.slice(1).map((w, i) => `${words[i]} ${w}`) : words;
	for (const g of grams) counts.set(g, (counts.get(g) ?? 0) + 1);
	return counts;
}

/**
 * TF-IDF vectors of the texts' syllable pairs, unit length. A pair every stem uses ("dang vien",
 * "chi bo") weighs little, so two stems match on what is specific to them.
 */
function vectors(texts: string[]): Map<string, number>[] {
	const docs = texts.map((t) => shingles(normalizeWords(t)));
	const df = new Map<string, number>();
	for (const d of docs) for (const g of d.keys()) df.set(g, (df.get(g) ?? 0) + 1);
	const n = docs.length;
	return docs.map((d) => {
		const v = new Map<string, number>();
		let norm = 0;
		for (const [g, count] of d) {
			const weight = count * (Math.log((n + 1) / (df.get(g)! + 1)) + 1);
			v.set(g, weight);
			norm += weight * weight;
		}
		norm = Math.sqrt(norm) || 1;
		for (const [g, w] of v) v.set(g, w / norm);
		return v;
	});
}

function cosine(a: Map<string, number>, b: Map<string, number>): number {
	const [small, large] = a.size <= b.size ? [a, b] : [b, a];
	let sum = 0;
	for (const [g, w] of small) sum += w * (large.get(g) ?? 0);
	return sum;
}

export type NearDuplicate = { a: QuestionEntry; b: QuestionEntry; similarity: number };

/** Pairs of questions whose Vietnamese stems are near-duplicates, most similar first. */
export function nearDuplicateStems(
	questions: QuestionEntry[],
	threshold = NEAR_DUPLICATE_THRESHOLD
): NearDuplicate[] {
	const vs = vectors(questions.map((q) => q.stem.vi));
	const pairs: NearDuplicate[] = [];
	for (let i = 0; i < questions.length; i++) {
		for (let j = i + 1; j < questions.length; j++) {
			const similarity = cosine(vs[i], vs[j]);
			if (similarity >= threshold) pairs.push({ a: questions[i], b: questions[j], similarity });
		}
	}
	return pairs.sort((x, y) => y.similarity - x.similarity);
}

const marksRepeat = (a: QuestionEntry, b: QuestionEntry) => a.repeatOf === b.key || b.repeatOf === a.key;

/**
 * Reports near-duplicate stems across every module (a warning at the later question, naming both
 * places) unless one marks the other with `repeat-of=`; and `repeat-of` keys that do not exist.
 */
export function checkNearDuplicates(questions: QuestionEntry[], issues: IssueList) {
	const keys = new Set(questions.map((q) => q.key));
	for (const q of questions) {
		if (q.repeatOf && q.repeatOf !== q.key && !keys.has(q.repeatOf)) {
			issues.error(q.file, q.line, `${q.key}: repeat-of names ${q.repeatOf}, which is not a question key`);
		}
	}
	for (const { a, b, similarity } of nearDuplicateStems(questions)) {
		if (marksRepeat(a, b)) continue;
		issues.warn(
			b.file,
			b.line,
			`${b.key}: its stem nearly repeats ${a.key} at ${a.file}:${a.line} (similarity ${similarity.toFixed(2)}); ask another fact, or mark a deliberate repeat with {repeat-of=${a.key}}`
		);
	}
}
