import { expect, test } from '@playwright/test';
import {
	foreignText,
	openSessions,
	placeholderContext,
	prepareContext,
	snapshot
} from '../helpers/matrix/context';
import { ACTORS } from '../helpers/matrix/model';
import { listRouteParts, unreadRouteFiles } from '../helpers/matrix/routes';
import { MatrixRun } from '../helpers/matrix/run';
import { matrixProbes } from '../helpers/matrix/table';

// Reliability properties 24–26: every route answers every actor as the access model says, for
// parameters in the actor's own scope, a sibling's, the parent's and another province's; refused
// writes change nothing; no response carries a hash, a token or data outside the actor's scope.

test('every page, form action and endpoint under src/routes has an entry in the access matrix', () => {
	const key = (p: { route: string; part: string }) => `${p.route} ${p.part}`;
	const inMatrix = new Set(matrixProbes(placeholderContext()).map(key));
	const inRoutes = new Set(listRouteParts().map(key));
	expect(
		[...inRoutes].filter((k) => !inMatrix.has(k)),
		'routes without an access decision: add them to tests/helpers/matrix/table*.ts'
	).toEqual([]);
	expect(
		[...inMatrix].filter((k) => !inRoutes.has(k)),
		'matrix entries for no route'
	).toEqual([]);
	expect(unreadRouteFiles(), 'route files the listing cannot read').toEqual([]);
});

test('access matrix: actors × scopes × routes answer as the model says and leak nothing', async ({
	browser,
	baseURL
}) => {
	// Every actor × every route: minutes on a loaded machine; a cap, not a speed goal.
	test.setTimeout(900_000);
	const origin = new URL(baseURL!).origin;
	const sessions = await openSessions(browser, origin);
	const ctx = await prepareContext(sessions, origin);
	const probes = matrixProbes(ctx);
	const run = new MatrixRun(sessions, origin, (actor) => foreignText(actor, ctx));

	const before = await snapshot(sessions, ctx);
	for (const probe of probes.filter((p) => !p.last)) await run.run(probe);
	expect
		.soft(await snapshot(sessions, ctx), 'what refused requests must not change')
		.toEqual(before);
	for (const probe of probes.filter((p) => p.last)) await run.run(probe);

	const routes = new Set(probes.map((p) => p.route)).size;
	test.info().annotations.push({
		type: 'matrix',
		description:
			`${routes} routes, ${probes.length} probes × ${ACTORS.length} actors: ` +
			`${run.requests} responses, ${run.assertions} assertions`
	});
	console.log(test.info().annotations.at(-1)!.description);
	expect(run.mismatches).toEqual([]);
});
