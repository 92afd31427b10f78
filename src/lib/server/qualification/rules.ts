import { THEORY_LEVELS, type TheoryLevel } from '../db/schema/people';
import { addDays, addYears, type Day } from './calendar';

/** One version of a province's rule; it applies from `effectiveFrom` until the next version. */
export type QualificationRule = {
	effectiveFrom: Day;
	requiredModules: string[];
	/** A practice attempt counts when its score reaches this share of the maximum. */
	passPercent: number;
	/** A practice pass counts for this many years; then the module must be passed again. */
	validityYears: number;
	minTheoryLevel: TheoryLevel | null;
	/** A training course must have ended within this many years (absent or null: not asked). */
	trainingWithinYears?: number | null;
};

/** What the platform knows about one person, per module (days are Vietnamese calendar days). */
export type ModuleFacts = {
	/** The day the last of the module's current lessons was read; null while some are unread. */
	readOn: Day | null;
	/** Any lesson opened. */
	readStarted: boolean;
	/**
	 * Finished practice attempts: day and score in percent (a day's best is enough; scores below
	 * every version's pass mark may be left out when `tried` says they exist).
	 */
	practice: { on: Day; percent: number }[];
	/** A practice attempt finished, whatever its score. */
	tried?: boolean;
};

export type PersonFacts = {
	theoryLevel: TheoryLevel | null;
	modules: Record<string, ModuleFacts | undefined>;
	/** The days the person's training courses ended (training records). */
	trainings?: Day[];
};

export const QUALIFICATION_STATUSES = [
	'not_started',
	'in_progress',
	'qualified',
	'expiring',
	'expired'
] as const;
export type QualificationStatus = (typeof QUALIFICATION_STATUSES)[number];

export type Reason =
	| { requirement: 'reading'; moduleId: string }
	/** `lapsedOn` when a pass exists but is older than the validity period. */
	| { requirement: 'practice'; moduleId: string; lapsedOn: Day | null }
	| { requirement: 'theory'; min: TheoryLevel }
	/** `lapsedOn` when a course exists but ended too long ago. */
	| { requirement: 'training'; withinYears: number; lapsedOn: Day | null };

export type Evaluation = {
	status: QualificationStatus;
	/** What the rule in force today still asks for (empty when it is met). */
	reasons: Reason[];
	/** The day the qualification ends (qualified, expiring) or ended (expired); null if it never does. */
	expiresOn: Day | null;
	/** The rule version the qualification was earned under (an earlier one keeps counting until expiry). */
	qualifiedUnder: Day | null;
	/** The version in force today. */
	ruleFrom: Day;
};

export const EXPIRING_WITHIN_DAYS = 60;

const theoryRank = (level: TheoryLevel | null) => (level ? THEORY_LEVELS.indexOf(level) : 0);

const theoryMet = (rule: QualificationRule, facts: PersonFacts) =>
	!rule.minTheoryLevel || theoryRank(facts.theoryLevel) >= theoryRank(rule.minTheoryLevel);

/** The latest pass at the rule's mark on or before `day`, or null. */
function latestPass(rule: QualificationRule, module: ModuleFacts | undefined, day: Day) {
	let best: Day | null = null;
	for (const p of module?.practice ?? []) {
		if (p.percent >= rule.passPercent && p.on <= day && (best === null || p.on > best)) best = p.on;
	}
	return best;
}

/** The latest training course ended on or before `day`, or null. */
function latestTraining(facts: PersonFacts, day: Day) {
	let best: Day | null = null;
	for (const end of facts.trainings ?? [])
		if (end <= day && (best === null || end > best)) best = end;
	return best;
}

/**
 * Until when the rule's training requirement is met on `day` (undefined: not met; null: not asked).
 * A course counts from its last day for `trainingWithinYears`, like a practice pass.
 */
function trainingUntil(
	rule: QualificationRule,
	facts: PersonFacts,
	day: Day
): Day | null | undefined {
	if (!rule.trainingWithinYears) return null;
	const last = latestTraining(facts, day);
	if (last === null) return undefined;
	const end = addYears(last, rule.trainingWithinYears);
	return end > day ? end : undefined;
}

/**
 * Whether the person meets the rule on `day` with what they had done by then, and until when
 * (undefined: not met; null: met with no end, i.e. no module is required).
 */
function qualifiedOn(
	rule: QualificationRule,
	facts: PersonFacts,
	day: Day
): Day | null | undefined {
	if (!theoryMet(rule, facts)) return undefined;
	const training = trainingUntil(rule, facts, day);
	if (training === undefined) return undefined;
	let expires: Day | null = training;
	for (const id of rule.requiredModules) {
		const module = facts.modules[id];
		if (!module?.readOn || module.readOn > day) return undefined;
		const pass = latestPass(rule, module, day);
		if (pass === null) return undefined;
		const end = addYears(pass, rule.validityYears);
		if (end <= day) return undefined;
		if (expires === null || end < expires) expires = end;
	}
	return expires;
}

/** Every module any version asks for (rules may name a module the content no longer has). */
export const requiredModuleIds = (versions: QualificationRule[]) => [
	...new Set(versions.flatMap((v) => v.requiredModules))
];

/** The version in force on `day` (versions in any order); null before the first one. */
export function ruleInForce(versions: QualificationRule[], day: Day): QualificationRule | null {
	let found: QualificationRule | null = null;
	for (const v of versions) {
		if (v.effectiveFrom <= day && (!found || v.effectiveFrom > found.effectiveFrom)) found = v;
	}
	return found;
}

/**
 * Every qualification the person earned under a version while it was in force (from its first day,
 * or a later day they completed something), up to `today`; the one lasting longest per version.
 */
function earnedQualifications(versions: QualificationRule[], facts: PersonFacts, today: Day) {
	const sorted = [...versions]
		.filter((v) => v.effectiveFrom <= today)
		.sort((a, b) => a.effectiveFrom.localeCompare(b.effectiveFrom));
	const days = Object.values(facts.modules).flatMap((m) => [
		...(m?.readOn ? [m.readOn] : []),
		...(m?.practice.map((p) => p.on) ?? [])
	]);
	days.push(...(facts.trainings ?? []));
	const earned: { rule: QualificationRule; expiresOn: Day | null }[] = [];
	sorted.forEach((rule, i) => {
		const next = sorted[i + 1];
		const last = next ? addDays(next.effectiveFrom, -1) : today;
		const candidates = [
			rule.effectiveFrom,
			...days.filter((d) => d > rule.effectiveFrom && d <= last)
		];
		let best: Day | null | undefined = undefined;
		for (const day of candidates) {
			const until = qualifiedOn(rule, facts, day);
			if (until === undefined) continue;
			if (until === null || best === null) best = null;
			else if (best === undefined || until > best) best = until;
		}
		if (best !== undefined) earned.push({ rule, expiresOn: best });
	});
	return earned;
}

/** What the rule in force still asks of the person today. */
export function missingRequirements(
	rule: QualificationRule,
	facts: PersonFacts,
	today: Day
): Reason[] {
	const reasons: Reason[] = [];
	for (const id of rule.requiredModules) {
		const module = facts.modules[id];
		if (!module?.readOn) reasons.push({ requirement: 'reading', moduleId: id });
		const pass = latestPass(rule, module, today);
		const end = pass === null ? null : addYears(pass, rule.validityYears);
		if (end === null || end <= today) {
			reasons.push({ requirement: 'practice', moduleId: id, lapsedOn: end });
		}
	}
	if (!theoryMet(rule, facts)) reasons.push({ requirement: 'theory', min: rule.minTheoryLevel! });
	if (rule.trainingWithinYears && trainingUntil(rule, facts, today) === undefined) {
		const last = latestTraining(facts, today);
		reasons.push({
			requirement: 'training',
			withinYears: rule.trainingWithinYears,
			lapsedOn: last === null ? null : addYears(last, rule.trainingWithinYears)
		});
	}
	return reasons;
}

/**
 * A person's qualification on `today` under a province's rule versions; null when the province has
 * no rule in force. A qualification earned under an earlier version keeps its own expiry: a rule
 * change never takes back what was earned, it only sets what the next qualification needs.
 */
export function evaluateQualification(
	versions: QualificationRule[],
	facts: PersonFacts,
	today: Day
): Evaluation | null {
	const current = ruleInForce(versions, today);
	if (!current) return null;
	const reasons = missingRequirements(current, facts, today);
	const earned = earnedQualifications(versions, facts, today);
	const lasting = (e: { expiresOn: Day | null }) => e.expiresOn === null || e.expiresOn > today;
	const valid = earned.filter(lasting);
	const longest = (list: typeof earned) =>
		list.reduce((a, b) =>
			a.expiresOn === null || (b.expiresOn !== null && a.expiresOn >= b.expiresOn) ? a : b
		);
	const base = { reasons, ruleFrom: current.effectiveFrom };
	if (valid.length > 0) {
		const best = longest(valid);
		const soon = best.expiresOn !== null && best.expiresOn <= addDays(today, EXPIRING_WITHIN_DAYS);
		return {
			...base,
			status: soon ? 'expiring' : 'qualified',
			expiresOn: best.expiresOn,
			qualifiedUnder: best.rule.effectiveFrom
		};
	}
	if (earned.length > 0) {
		const last = longest(earned);
		return {
			...base,
			status: 'expired',
			expiresOn: last.expiresOn,
			qualifiedUnder: last.rule.effectiveFrom
		};
	}
	const started =
		current.requiredModules.some((id) => {
			const m = facts.modules[id];
			return m && (m.readStarted || m.readOn !== null || m.practice.length > 0 || m.tried);
		}) ||
		(!!current.trainingWithinYears && (facts.trainings ?? []).some((d) => d <= today));
	return {
		...base,
		status: started ? 'in_progress' : 'not_started',
		expiresOn: null,
		qualifiedUnder: null
	};
}

/** A stretch of days a person counted as qualified: from `from` until the day before `until`. */
export type QualifiedPeriod = { from: Day; until: Day | null };

/**
 * Every qualification earned up to `today` (each version, each day it could be earned on), as the
 * days it lasts. A person is qualified or expiring on a day `d` ≤ `today` exactly when some period
 * holds `d`: evaluating on `d` sees the qualifications earned by `d`, and one earned later starts
 * after `d`. So past years' figures read the periods instead of evaluating again.
 */
export function qualifiedPeriods(
	versions: QualificationRule[],
	facts: PersonFacts,
	today: Day
): QualifiedPeriod[] {
	const sorted = [...versions]
		.filter((v) => v.effectiveFrom <= today)
		.sort((a, b) => a.effectiveFrom.localeCompare(b.effectiveFrom));
	const days = factDays(facts);
	const periods: QualifiedPeriod[] = [];
	sorted.forEach((rule, i) => {
		const next = sorted[i + 1];
		const last = next ? addDays(next.effectiveFrom, -1) : today;
		for (const day of new Set([rule.effectiveFrom, ...days])) {
			if (day < rule.effectiveFrom || day > last) continue;
			const until = qualifiedOn(rule, facts, day);
			if (until !== undefined && (until === null || until > day))
				periods.push({ from: day, until });
		}
	});
	return periods;
}

function factDays(facts: PersonFacts): Day[] {
	const days = Object.values(facts.modules).flatMap((m) => [
		...(m?.readOn ? [m.readOn] : []),
		...(m?.practice.map((p) => p.on) ?? [])
	]);
	days.push(...(facts.trainings ?? []));
	return days;
}

/**
 * The first day after `today` on which the evaluation may differ with the same facts (null: never
 * by time alone): a version starting, a qualification entering its last 60 days or ending, a pass
 * or a course of the version in force lapsing (the reasons), or a fact dated later.
 */
export function evaluationStaleOn(
	versions: QualificationRule[],
	facts: PersonFacts,
	today: Day,
	periods = qualifiedPeriods(versions, facts, today)
): Day | null {
	const days: Day[] = versions.map((v) => v.effectiveFrom);
	for (const p of periods) {
		if (p.until) days.push(p.until, addDays(p.until, -EXPIRING_WITHIN_DAYS));
	}
	const current = ruleInForce(versions, today);
	if (current) {
		for (const id of current.requiredModules) {
			const pass = latestPass(current, facts.modules[id], today);
			if (pass !== null) days.push(addYears(pass, current.validityYears));
		}
		const training = current.trainingWithinYears ? latestTraining(facts, today) : null;
		if (training !== null) days.push(addYears(training, current.trainingWithinYears!));
	}
	days.push(...factDays(facts));
	let first: Day | null = null;
	for (const d of days) if (d > today && (first === null || d < first)) first = d;
	return first;
}
