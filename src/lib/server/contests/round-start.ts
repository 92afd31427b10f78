import type { Db } from '../db/client';
import { notFound, redirectTo, type ActionOutcome } from '../http/action-outcome';
import { savePrediction } from './candidate';
import { startRoundAttempt, type RoundStartResult } from './round-attempt';

/** Why a start was refused, for the lobby's message. */
export type RoundStartFailure =
	{ predictionError: true } | { startError: Exclude<RoundStartResult, { ok: true }>['reason'] };

/** The prediction field of a lobby form: null when empty, else the number typed (maybe invalid). */
export function predictionOf(form: FormData) {
	const raw = String(form.get('prediction') ?? '').trim();
	return raw === '' ? null : Number(raw);
}

/**
 * The lobby's start (`?/start`), for the signed-in user: only a registered candidate of the
 * round, only while its window is open, within the attempts allowed (`startRoundAttempt`); the
 * prediction, if any, is saved with the attempt. Carried by the route's action and, for the
 * lobby's enhanced form, by the exchange in front of SvelteKit (`action-exchange.ts`).
 */
export async function startRoundForCandidate(
	db: Db,
	input: { userId: number; roundId: number; form: FormData; receivedAt: Date }
): Promise<ActionOutcome<RoundStartFailure>> {
	const { userId, roundId } = input;
	const prediction = predictionOf(input.form);
	if (prediction !== null && !(Number.isSafeInteger(prediction) && prediction >= 0)) {
		return { type: 'failure', status: 400, data: { predictionError: true } };
	}
	const result = await startRoundAttempt(db, { userId, roundId, now: input.receivedAt });
	if (!result.ok) {
		if (result.reason === 'not_found') return notFound;
		return { type: 'failure', status: 409, data: { startError: result.reason } };
	}
	if (prediction !== null) {
		await savePrediction(db, {
			userId,
			roundId,
			attemptId: result.attemptId,
			value: prediction,
			now: input.receivedAt
		});
	}
	return redirectTo(`/attempts/${result.attemptId}`);
}
