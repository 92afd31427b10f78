import { timingFromEnv } from './timing';

/** The engine's timing for this process, read once from the environment (checked at start). */
export const quizTiming = timingFromEnv(process.env);
