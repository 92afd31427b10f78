import type { PageServerLoad } from './$types';
import { db } from '$lib/server/db';
import { requireRole } from '$lib/server/auth/access';
import { mySeats } from '$lib/server/judging/seats';

/** A judge's panels: the judged rounds they score. */
export const load: PageServerLoad = async ({ locals, url }) => {
	const { user } = requireRole(locals, 'judge', url);
	const seats = await mySeats(db, user);
	return {
		seats: seats.map((s) => ({
			roundId: s.roundId,
			roundName: s.roundName,
			kind: s.kind,
			contestName: s.contestName,
			locked: s.lockedAt !== null
		}))
	};
};
