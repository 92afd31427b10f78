/** How the engine treats time; the same on every app instance (from the environment). */
export type QuizTiming = {
	/** Saves already in flight at the deadline are accepted this long after it. */
	graceMs: number;
	/** How often each instance looks for overdue attempts to finish. */
	sweepIntervalMs: number;
};

export const DEFAULT_TIMING: QuizTiming = { graceMs: 10_000, sweepIntervalMs: 30_000 };
const MAX_GRACE_SECONDS = 120;
const MAX_SWEEP_SECONDS = 60;

function seconds(env: Record<string, string | undefined>, name: string, min: number, max: number) {
	const raw = env[name]?.trim();
	if (!raw) return undefined;
	const value = Number(raw);
	if (!Number.isFinite(value) || value < min || value > max) {
		throw new Error(`${name} must be a number of seconds from ${min} to ${max} (got "${raw}")`);
	}
	return value * 1000;
}

/** QUIZ_GRACE_SECONDS (0–120, default 10) and QUIZ_SWEEP_SECONDS (1–60, default 30). */
export function timingFromEnv(env: Record<string, string | undefined>): QuizTiming {
	return {
		graceMs: seconds(env, 'QUIZ_GRACE_SECONDS', 0, MAX_GRACE_SECONDS) ?? DEFAULT_TIMING.graceMs,
		sweepIntervalMs:
			seconds(env, 'QUIZ_SWEEP_SECONDS', 1, MAX_SWEEP_SECONDS) ?? DEFAULT_TIMING.sweepIntervalMs
	};
}

/** Deadline = start + limit, capped by the window's close (a contest round) when there is one. */
export function computeDeadline(
	startedAt: Date,
	limitSeconds: number,
	windowClosesAt?: Date | null
): Date {
	const byLimit = startedAt.getTime() + Math.max(0, limitSeconds) * 1000;
	const end = windowClosesAt ? Math.min(byLimit, windowClosesAt.getTime()) : byLimit;
	return new Date(Math.max(end, startedAt.getTime()));
}

/** The last moment a save is still accepted: the deadline plus the grace window. */
export const saveCutoff = (deadline: Date, graceMs: number) =>
	new Date(deadline.getTime() + graceMs);

export const acceptsSaveAt = (deadline: Date, at: Date, graceMs: number) =>
	at.getTime() <= deadline.getTime() + graceMs;

/** Past the deadline and its grace: nobody can still be saving; the server finishes it. */
export const isOverdue = (deadline: Date, at: Date, graceMs: number) =>
	!acceptsSaveAt(deadline, at, graceMs);

/** Time's up for the learner (the page stops taking answers) from the deadline on. */
export const isPastDeadline = (deadline: Date, at: Date) => at.getTime() >= deadline.getTime();
