import { describe, expect, it } from 'vitest';
import { loadContent } from '../content/load';
import { drawQuestions } from './draw';

// The shipped modules (content/), not fixtures: every practice quiz must always be able to draw a
// full attempt of distinct questions, whatever the seed, and cover each rule it asks for.
const { content, ok, issues } = loadContent('content');

describe('the shipped practice quizzes', () => {
	it('load without errors', () => {
		expect(issues.filter((i) => i.severity === 'error')).toEqual([]);
		expect(ok).toBe(true);
		expect(content.modules.length).toBeGreaterThanOrEqual(10);
	});

	for (const module of content.modules) {
		it(`${module.id}: 200 seeded draws each give ${module.quiz?.questionCount} distinct questions that satisfy the draw rules`, () => {
			expect(module.quiz).not.toBeNull();
			expect(module.questions.length).toBeGreaterThanOrEqual(20);
			const quiz = module.quiz!;
			const bank = module.questions.map((q) => ({
				key: q.key,
				version: 1,
				kind: q.kind,
				topic: q.topic,
				difficulty: q.difficulty,
				optionIds: q.options.map((o) => o.id)
			}));
			const byKey = new Map(module.questions.map((q) => [q.key, q]));
			for (let i = 0; i < 200; i++) {
				const { questions, shortfall } = drawQuestions(bank, quiz, `seed-${i}`);
				expect(shortfall).toBe(0);
				expect(new Set(questions.map((q) => q.key)).size).toBe(quiz.questionCount);
				for (const rule of quiz.draw) {
					const matching = questions.filter((q) => {
						const entry = byKey.get(q.key)!;
						return (
							(rule.topic === undefined || entry.topic === rule.topic) &&
							(rule.difficulty === undefined || entry.difficulty === rule.difficulty)
						);
					});
					expect(matching.length).toBeGreaterThanOrEqual(rule.count);
				}
			}
		});
	}
});
