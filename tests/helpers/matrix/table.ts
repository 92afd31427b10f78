import type { MatrixContext } from './context';
import type { Probe } from './model';
import { contestProbes } from './table-contests';
import { orgsProbes } from './table-orgs';
import { accountProbes, learnProbes } from './table-learn';
import { adminProbes, peopleProbes } from './table-people';
import { organizeProbes } from './table-organize';
import { judgingProbes } from './table-judging';
import { qualificationProbes } from './table-qualification';
import { cohortProbes } from './table-cohorts';

/**
 * The access matrix: for every page, form action and endpoint under src/routes, where its
 * parameters point and who may do what. A new route fails tests/auth/access-matrix.spec.ts until
 * it has its entries here.
 */
export function matrixProbes(ctx: MatrixContext): Probe[] {
	return [
		...accountProbes(),
		...learnProbes(ctx),
		...orgsProbes(ctx),
		...peopleProbes(ctx),
		...adminProbes(ctx),
		...contestProbes(),
		...organizeProbes(ctx),
		...judgingProbes(ctx),
		...qualificationProbes(ctx),
		...cohortProbes(ctx)
	];
}
