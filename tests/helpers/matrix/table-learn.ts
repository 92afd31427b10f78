import { ATTEMPT_OWNER, type MatrixContext } from './context';
import { ANONYMOUS, OK, redirectTo, UNAUTHORIZED, type Probe, type Rule } from './model';
import { action, endpoint, page, REFUSED_FORM } from './probes';

const anyone: Rule = { public: true };
const signedIn: Rule = { user: true };
const MODULE = '/learn/sinh-hoat-chi-bo';
const LESSON = `${MODULE}/chuan-bi-sinh-hoat`;
/** Changes to the caller's own progress and attempts: only by the attempt's owner, whom no other
 * browser spec signs in as, so that their progress and quiz pages stay as those specs expect. */
const ownerOnly = [ANONYMOUS, ATTEMPT_OWNER];
/** Attempt actions send the signed-out to sign in without a way back (the form is gone anyway). */
const SIGN_IN = redirectTo(/^\/login$/);

/** Sign-in, account, home and language. */
export function accountProbes(): Probe[] {
	return [
		page('/', '/', anyone),
		page('/language', '/language', anyone, redirectTo(/^\/$/)),
		// Scale-out and operations (issue 15): the load balancer's check, open to anyone.
		endpoint('/healthz', 'GET', '/healthz', anyone, OK),
		action('/language', 'default', '/language', anyone, redirectTo(/^\/$/), {
			body: { form: { locale: 'vi', redirectTo: '/' } }
		}),
		page('/(auth)/login', '/login', signedIn, redirectTo(/^\/$/), { anonymous: OK }),
		// Signed in, the refused form's page sends the visitor home.
		action('/(auth)/login', 'default', '/login', signedIn, redirectTo(/^\/$/), {
			anonymous: REFUSED_FORM
		}),
		page('/(auth)/activate', '/activate', anyone),
		action('/(auth)/activate', 'default', '/activate', anyone, REFUSED_FORM),
		page('/(auth)/logout', '/logout', anyone, redirectTo(/^\/$/)),
		// Ends each actor's session: after everything else.
		action('/(auth)/logout', 'default', '/logout', anyone, redirectTo(/^\/login\?loggedOut=1$/), {
			last: true
		}),
		page('/(account)/account', '/account', signedIn),
		action('/(account)/account', 'password', '/account', signedIn, REFUSED_FORM),
		action(
			'/(account)/account',
			'language',
			'/account',
			signedIn,
			redirectTo(/^\/account\?languageSaved=1$/),
			{
				body: { form: { locale: 'vi' } }
			}
		)
	];
}

/** Learning, quizzes and attempts (one attempt of ATTEMPT_OWNER's, open all along). */
export function learnProbes(ctx: MatrixContext): Probe[] {
	const attempt = `/attempts/${ctx.attempt}`;
	const owner: Rule = { owner: ATTEMPT_OWNER };
	const toAttempt = redirectTo(new RegExp(`^${attempt}(\\?|$)`));
	return [
		page('/(learn)/learn', '/learn', signedIn),
		page('/(learn)/learn/[module]', MODULE, signedIn),
		page('/(learn)/learn/[module]/[lesson]', LESSON, signedIn),
		action(
			'/(learn)/learn/[module]/[lesson]',
			'complete',
			LESSON,
			signedIn,
			redirectTo(/#lesson-end$/),
			{
				actors: ownerOnly
			}
		),
		// An empty beacon records nothing.
		endpoint(
			'/(learn)/learn/[module]/[lesson]/progress',
			'POST',
			`${LESSON}/progress`,
			signedIn,
			{
				status: 204
			},
			{ body: { json: {} }, anonymous: UNAUTHORIZED }
		),
		endpoint(
			'/(learn)/learn/[module]/images/[...path]',
			'GET',
			`${MODULE}/images/so-do.png`,
			signedIn,
			OK
		),
		page('/(learn)/learn/[module]/quiz', `${MODULE}/quiz`, signedIn),
		// The owner's start resumes the open attempt.
		action('/(learn)/learn/[module]/quiz', 'start', `${MODULE}/quiz`, signedIn, toAttempt, {
			actors: ownerOnly
		}),
		page('/(learn)/review', '/review', signedIn),
		// Nobody has a mistake due yet.
		action('/(learn)/review', 'start', '/review', signedIn, { status: 409 }),
		page('/(learn)/search', '/search?q=chi%20bo', signedIn),
		page('/(learn)/situations', '/situations', signedIn),
		page('/(learn)/situations/[situation]', '/situations/vang-sinh-hoat', signedIn),
		page('/(learn)/content-review', '/content-review', { role: 'trainer' }),
		page('/(learn)/attempts/[id]', attempt, owner),
		action('/(learn)/attempts/[id]', 'save', attempt, owner, toAttempt, { anonymous: SIGN_IN }),
		// The owner's submit without confirmation only asks to confirm; a confirmed one from anybody
		// else must not finish the attempt (the snapshot reads its status afterwards).
		action('/(learn)/attempts/[id]', 'submit', attempt, owner, toAttempt, {
			deniedBody: { form: { confirmed: '1' } },
			anonymous: SIGN_IN
		}),
		endpoint('/(learn)/attempts/[id]/answers', 'POST', `${attempt}/answers`, owner, OK, {
			body: { json: { saves: [] } },
			anonymous: UNAUTHORIZED
		}),
		endpoint('/(learn)/attempts/[id]/clock', 'GET', `${attempt}/clock`, owner, OK, {
			anonymous: UNAUTHORIZED
		}),
		page('/(learn)/attempts/[id]/result', `${attempt}/result`, owner, toAttempt)
	];
}
