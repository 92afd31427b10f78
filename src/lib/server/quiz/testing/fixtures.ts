import { randomBytes } from 'node:crypto';
import { and, asc, eq } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client';
import {
	attemptQuestions,
	modules,
	questionVersions,
	users,
	type QuestionKind,
	type QuestionOption,
	type QuizConfig,
	type SourceCitation
} from '../../db/schema';
import type { QuizModule } from '../practice';

/**
 * Test data for the quiz engine, written straight into the tables the content pipeline fills
 * (modules, question_versions). Used by the integration tests and the benchmark only.
 */

export type FixtureQuestion = {
	key: string;
	kind: QuestionKind;
	topic: string;
	difficulty: number;
	stem: string;
	options: QuestionOption[];
	correct: string[];
	explanation: string;
	sources: SourceCitation[];
};

export const defaultQuiz: QuizConfig = {
	questionCount: 5,
	timeLimitSeconds: 600,
	passPercent: 60,
	attemptsAllowed: null,
	review: 'full',
	multipleScoring: 'all_or_nothing',
	draw: []
};

const uid = () => randomBytes(4).toString('hex');

/** A bank of n questions cycling single, multiple and true/false, over topics t1…t3. */
export function makeQuestions(prefix: string, n: number): FixtureQuestion[] {
	return Array.from({ length: n }, (_, i) => {
		const kind: QuestionKind = (['single', 'multiple', 'true_false'] as const)[i % 3];
		const options: QuestionOption[] =
			kind === 'true_false'
				? [
						{ id: 'true', text: { vi: 'Đúng', en: 'True' } },
						{ id: 'false', text: { vi: 'Sai', en: 'False' } }
					]
				: ['a', 'b', 'c', 'd'].map((id) => ({
						id,
						text: {
							vi: `Phương án ${id} của câu ${i + 1}`,
							en: `Option ${id} of question ${i + 1}`
						}
					}));
		return {
			key: `${prefix}-q${String(i + 1).padStart(3, '0')}`,
			kind,
			topic: `t${(i % 3) + 1}`,
			difficulty: (i % 3) + 1,
			stem: `Câu hỏi số ${i + 1} (${prefix})`,
			options,
			correct: kind === 'multiple' ? ['a', 'c'] : kind === 'true_false' ? ['false'] : ['b'],
			explanation: `Giải thích câu ${i + 1}`,
			sources: [{ source: 'dieu-le-dang-2011', locator: `Điều ${i + 1}` }]
		};
	});
}

export async function insertQuestions(
	db: DbOrTx,
	moduleId: string,
	questions: FixtureQuestion[],
	version = 1
) {
	if (questions.length === 0) return;
	await db.insert(questionVersions).values(
		questions.map((q) => ({
			key: q.key,
			version,
			hash: `${q.key}-v${version}`,
			moduleId,
			kind: q.kind,
			topic: q.topic,
			difficulty: q.difficulty,
			stem: { vi: q.stem, en: `${q.stem} (en)` },
			options: q.options,
			correct: q.correct,
			explanation: { vi: q.explanation },
			sources: q.sources
		}))
	);
}

/** A module with a practice quiz and a question bank. */
export async function createQuizModule(
	db: DbOrTx,
	options: { quiz?: Partial<QuizConfig>; questions?: number | FixtureQuestion[]; id?: string } = {}
): Promise<{ module: QuizModule; questions: FixtureQuestion[] }> {
	const id = options.id ?? `mtest-${uid()}`;
	const quiz = { ...defaultQuiz, ...options.quiz };
	const questions = Array.isArray(options.questions)
		? options.questions
		: makeQuestions(id, options.questions ?? 9);
	await db.insert(modules).values({
		id,
		slug: id,
		sortOrder: 1,
		title: { vi: `Mô-đun ${id}`, en: `Module ${id}` },
		summary: { vi: 'Tóm tắt' },
		estimatedMinutes: 30,
		quiz,
		contentVersion: '1.0.0',
		contentDate: '2026-11-25',
		contentHash: id
	});
	await insertQuestions(db, id, questions);
	return {
		module: { id, slug: id, title: { vi: `Mô-đun ${id}` }, quiz, retired: false, contentHash: id },
		questions
	};
}

export async function createQuizUser(db: DbOrTx, name = 'hv') {
	const [user] = await db
		.insert(users)
		.values({ username: `${name}_${uid()}`, displayName: 'Học viên thử' })
		.returning({ id: users.id, username: users.username });
	return user;
}

/**
 * The answer key of an attempt as option positions (what a learner would click to be right),
 * read from the database as only a test may.
 */
export async function keyOfAttempt(db: DbOrTx, attemptId: string) {
	const rows = await db
		.select({
			position: attemptQuestions.position,
			kind: attemptQuestions.kind,
			optionOrder: attemptQuestions.optionOrder,
			correct: questionVersions.correct
		})
		.from(attemptQuestions)
		.innerJoin(
			questionVersions,
			and(
				eq(questionVersions.key, attemptQuestions.questionKey),
				eq(questionVersions.version, attemptQuestions.questionVersion)
			)
		)
		.where(eq(attemptQuestions.attemptId, attemptId))
		.orderBy(asc(attemptQuestions.position));
	return rows.map((r) => ({
		position: r.position,
		kind: r.kind,
		optionCount: r.optionOrder.length,
		right: r.optionOrder.flatMap((id, i) => (r.correct.includes(id) ? [i] : [])),
		wrong: r.optionOrder.flatMap((id, i) => (r.correct.includes(id) ? [] : [i]))
	}));
}
