import { CONTEST } from '../../fixtures/e2e-data';
import { OK, redirectTo, UNAUTHORIZED, type Probe, type Rule } from './model';
import { action, endpoint, page, REFUSED_FORM } from './probes';

const signedIn: Rule = { user: true };
const candidate: Rule = { owner: CONTEST.candidate };
/** Actions send the signed-out to sign in without a way back. */
const SIGN_IN = redirectTo(/^\/login$/);

/** The candidate's contest pages: only a registered candidate sees a round (others get 404). */
export function contestProbes(): Probe[] {
	const open = `/contests/rounds/${CONTEST.current.open}`;
	const closed = `/contests/rounds/${CONTEST.current.closed}`;
	return [
		page('/(contest)/contests', '/contests', signedIn),
		action('/(contest)/contests', 'register', '/contests', signedIn, REFUSED_FORM, {
			anonymous: SIGN_IN
		}),
		page('/(contest)/contests/rounds/[id]', open, candidate),
		// Starting the open round (or resuming the candidate's attempt) leads to the attempt page.
		action(
			'/(contest)/contests/rounds/[id]',
			'start',
			open,
			candidate,
			redirectTo(/^\/attempts\/[0-9a-f-]{36}$/),
			{
				anonymous: SIGN_IN
			}
		),
		action('/(contest)/contests/rounds/[id]', 'prediction', open, candidate, REFUSED_FORM, {
			anonymous: SIGN_IN
		}),
		// An empty report is refused (400) for the candidate; nobody else finds the round.
		action('/(contest)/contests/rounds/[id]', 'incident', open, candidate, REFUSED_FORM, {
			anonymous: SIGN_IN,
			deniedBody: { form: { problem: 'connection', message: 'Trái phép' } }
		}),
		endpoint('/(contest)/contests/rounds/[id]/clock', 'GET', `${open}/clock`, candidate, OK, {
			anonymous: UNAUTHORIZED
		}),
		page('/(contest)/contests/rounds/[id]/result', `${closed}/result`, candidate),
		page('/(contest)/results/[contest]', `/results/${CONTEST.current.id}`, { public: true })
	];
}
