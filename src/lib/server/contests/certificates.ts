import type { DbOrTx } from '../db/client';
import { candidateInfo } from './candidates';
import { levelAwards } from './prizes-store';

export type Certificate = {
	registrationId: number;
	number: string | null;
	name: string;
	unitName: string;
	groupName: string;
	band: string;
	rank: number | null;
};

/**
 * The certificates of a level's awards, one per winner, in band then rank order, with the
 * candidate's name as recorded (full Vietnamese spelling) and unit. Numbers exist once published.
 */
export async function levelCertificates(
	db: DbOrTx,
	levelId: number,
	contestUnit: { id: number; path: string }
): Promise<Certificate[]> {
	const awards = await levelAwards(db, levelId);
	const info = await candidateInfo(
		db,
		awards.map((a) => a.award.registrationId),
		contestUnit
	);
	return awards.map(({ award, band }) => {
		const c = info.get(award.registrationId);
		return {
			registrationId: award.registrationId,
			number: award.certificateNo,
			name: (c?.name ?? '').normalize('NFC'),
			unitName: c?.unitName ?? '',
			groupName: c?.groupName ?? '',
			band: band.name,
			rank: award.rank
		};
	});
}
