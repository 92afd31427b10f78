import type { PageServerLoad } from './$types';
import { requireUser } from '$lib/server/auth/access';
import { db } from '$lib/server/db';
import { vietnamDay } from '$lib/server/qualification/calendar';
import { personQualification } from '$lib/server/qualification/status';
import { trainingRecordsOf } from '$lib/server/qualification/training';

/** The signed-in person's own status: what they still need, with a link to each module. */
export const load: PageServerLoad = async ({ locals, url }) => {
	const user = requireUser(locals, url);
	if (!user.personId) return { qualification: null, trainings: [] };
	const [qualification, trainings] = await Promise.all([
		personQualification(db, user.personId, vietnamDay(locals.receivedAt)),
		trainingRecordsOf(db, user.personId)
	]);
	return { qualification, trainings };
};
