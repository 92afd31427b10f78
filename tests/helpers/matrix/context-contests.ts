import { expect, type APIRequestContext } from '@playwright/test';
import { MATRIX_CONTESTS } from '../../fixtures/e2e-contests';

/** A seeded contest (tests/fixtures/e2e-contests.ts): its id, first level and online round. */
export type MatrixContest = { id: number; level: number; round: number; judged: number };
export type MatrixContests = { SH: MatrixContest; LG: MatrixContest };

export const placeholderContests = (): MatrixContests => ({
	SH: { id: 0, level: 0, round: 0, judged: 0 },
	LG: { id: 0, level: 0, round: 0, judged: 0 }
});

async function html(request: APIRequestContext, path: string) {
	const response = await request.get(path);
	expect(response.status(), path).toBe(200);
	return response.text();
}

/** Found through the organizer pages, as the contest's own organizer sees them. */
async function contestOf(organizer: APIRequestContext, name: string): Promise<MatrixContest> {
	const list = await html(organizer, '/contests/manage');
	const escaped = name.replace(/[()]/g, '\\$&');
	const id = Number(new RegExp(`href="/contests/manage/(\\d+)"[^>]*>${escaped}<`).exec(list)?.[1]);
	const page = await html(organizer, `/contests/manage/${id}`);
	const level = Number(/\/levels\/(\d+)\/advancement/.exec(page)?.[1]);
	const round = Number(/\/rounds\/(\d+)\/monitor/.exec(page)?.[1]);
	const judged = Number(/\/rounds\/(\d+)\/judging/.exec(page)?.[1]);
	expect([id, level, round, judged].every(Boolean), `${name}: ${id} ${level} ${round}`).toBe(true);
	return { id, level, round, judged };
}

export async function findContests(
	provinceOrganizer: APIRequestContext,
	otherProvinceAdmin: APIRequestContext
): Promise<MatrixContests> {
	return {
		SH: await contestOf(provinceOrganizer, MATRIX_CONTESTS.SH.name),
		LG: await contestOf(otherProvinceAdmin, MATRIX_CONTESTS.LG.name)
	};
}
