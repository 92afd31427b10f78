import { timingFromEnv } from './timing';

/** The engine's timing for this process, read once from the environment (checked at start). */
export const quizTiming = timingFromEnv(process.env);

/**
 * The autosave endpoint's route. The hooks skip the session lookup for it: the endpoint checks
 * the session cookie inside its save statement (see `saveAnswersWithSession`).
 */
export const AUTOSAVE_ROUTE_ID = '/(learn)/attempts/[id]/answers';
