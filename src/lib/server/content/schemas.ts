import { z } from 'zod';

const nonEmpty = z.string().trim().min(1, 'must not be empty');
export const localized = z.strictObject({ vi: nonEmpty, en: nonEmpty.optional() });
export const stableId = z
	.string()
	.regex(/^[a-z0-9][a-z0-9-]*$/, 'use lower-case letters, digits and hyphens (a stable id)');

const isoDate = z
	.string()
	.refine(
		(s) => /^\d{4}-\d{2}-\d{2}$/.test(s) && !Number.isNaN(Date.parse(s + 'T00:00:00Z')),
		'use a date written YYYY-MM-DD'
	);

export const httpUrl = z.url({ protocol: /^https?$/ });

export const sourceSchema = z.strictObject({
	id: stableId,
	kind: z.enum(['document', 'article']).default('document'),
	number: nonEmpty,
	issued: z
		.string()
		.regex(/^\d{4}(-\d{2}(-\d{2})?)?$/, 'use YYYY-MM-DD, YYYY-MM or YYYY as published')
		.optional(),
	issuer: localized,
	title: localized,
	status: z.enum(['in_force', 'review', 'superseded', 'unverified']),
	superseded_by: stableId.optional(),
	see: z.array(stableId).min(1).optional(),
	review_note: localized.optional(),
	review_until: isoDate.optional(),
	url: httpUrl.optional(),
	checked: isoDate.optional(),
	note: localized.optional(),
	evidence: z.array(z.strictObject({ url: httpUrl, what: nonEmpty })).optional()
});
export type SourceYaml = z.infer<typeof sourceSchema>;

const citation = z.union([
	stableId.transform((source) => ({ source })),
	z.strictObject({ source: stableId, locator: nonEmpty.optional() })
]);

const drawRule = z.strictObject({
	topic: stableId.optional(),
	difficulty: z.number().int().min(1).max(3).optional(),
	count: z.number().int().positive()
});

const quizSchema = z
	.strictObject({
		questionCount: z.number().int().positive(),
		timeLimitMinutes: z.number().positive().max(600),
		passPercent: z.number().min(0).max(100),
		attemptsAllowed: z.number().int().positive().nullable().default(null),
		review: z.enum(['none', 'score', 'answers', 'full']).default('full'),
		multipleScoring: z.enum(['all_or_nothing', 'partial']).default('all_or_nothing'),
		draw: z.array(drawRule).optional()
	})
	.refine(
		(q) => !q.draw || q.draw.reduce((sum, r) => sum + r.count, 0) === q.questionCount,
		{ message: 'the counts of draw must add up to questionCount', path: ['draw'] }
	);

export const moduleSchema = z.strictObject({
	id: stableId,
	order: z.number().int().min(0),
	title: localized,
	summary: localized,
	estimatedMinutes: z.number().int().positive(),
	objectives: z.strictObject({ vi: z.array(nonEmpty).min(1), en: z.array(nonEmpty).optional() }),
	topics: z.array(z.strictObject({ id: stableId, title: localized })).min(1),
	sources: z.array(stableId).default([]),
	requiredForQualification: z.boolean(),
	contentVersion: z.string().regex(/^\d+\.\d+(\.\d+)?$/, 'use a version like 1.0.0'),
	contentDate: isoDate,
	quiz: quizSchema.optional()
});
export type ModuleYaml = z.infer<typeof moduleSchema>;

export const situationSchema = z.strictObject({
	id: stableId,
	title: nonEmpty,
	modules: z.array(stableId).min(1, 'name at least one related module'),
	difficulty: z.number().int().min(1).max(3),
	sources: z.array(citation).min(1, 'cite at least one source'),
	criteria: z
		.array(z.strictObject({ id: stableId, title: nonEmpty, max: z.number().int().positive() }))
		.min(1)
});
export type SituationYaml = z.infer<typeof situationSchema>;

export const lessonSchema = z.strictObject({
	id: stableId,
	title: nonEmpty,
	sources: z.array(citation).default([])
});
export type LessonYaml = z.infer<typeof lessonSchema>;
