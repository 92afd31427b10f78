import { JUDGING } from '../../fixtures/e2e-data';
import type { MatrixContext } from './context';
import type { MatrixContest } from './context-contests';
import { NOT_FOUND, OK, UNAUTHORIZED, type Outcome, type Probe, type Rule } from './model';
import { action, endpoint, page, REFUSED_FORM } from './probes';

// Judged rounds (issue 14): the organizer's pages per seeded contest, and the judge's pages.
const CONTEST = '/(organize)/contests/manage/[contest]';
const ROUND = `${CONTEST}/rounds/[round]`;
const JUDGE = '/(contest)/contests/judge';
/** Refused by the domain (nobody on stage, nothing locked): past the access checks. */
const CONFLICT: Outcome = { status: 409 };
const form = (fields: Record<string, string>) => ({ form: fields });

function organizerProbes(c: MatrixContest, rule: Rule, label: string): Probe[] {
	const base = `/contests/manage/${c.id}`;
	const round = `${base}/rounds/${c.judged}`;
	const extra = { label };
	return [
		page(`${CONTEST}/situations`, `${base}/situations`, rule, OK, extra),
		action(`${CONTEST}/situations`, 'add', `${base}/situations`, rule, REFUSED_FORM, {
			...extra,
			deniedBody: form({
				title: 'Tình huống trái phép',
				body: 'Nội dung',
				guidingPoints: '',
				criteria: ''
			})
		}),
		action(`${CONTEST}/situations`, 'retire', `${base}/situations`, rule, REFUSED_FORM, {
			...extra,
			deniedBody: form({ card: '1' })
		}),
		page(`${ROUND}/judging`, `${round}/judging`, rule, OK, extra),
		action(`${ROUND}/judging`, 'settings', `${round}/judging`, rule, REFUSED_FORM, {
			...extra,
			deniedBody: form({
				aggregation: 'mean',
				disagreementThreshold: '1',
				projectorScores: 'live',
				prepSeconds: '60',
				answerSeconds: '60'
			})
		}),
		action(`${ROUND}/judging`, 'rubric', `${round}/judging`, rule, REFUSED_FORM, {
			...extra,
			deniedBody: form({ rubric: 'Trái phép | 10' })
		}),
		// A file-less form is refused (400); a real rubric file from anybody else is not saved.
		action(`${ROUND}/judging`, 'importRubric', `${round}/judging`, rule, REFUSED_FORM, {
			...extra,
			deniedBody: {
				multipart: {
					file: {
						name: 'thang-diem.csv',
						mimeType: 'text/csv',
						buffer: Buffer.from('Tiêu chí,Điểm tối đa\nTrái phép,10\n', 'utf8')
					}
				}
			}
		}),
		action(`${ROUND}/judging`, 'addJudge', `${round}/judging`, rule, REFUSED_FORM, {
			...extra,
			deniedBody: form({ username: 'giamkhao1' })
		}),
		action(`${ROUND}/judging`, 'removeJudge', `${round}/judging`, rule, REFUSED_FORM, extra),
		action(`${ROUND}/judging`, 'allowOwnUnit', `${round}/judging`, rule, REFUSED_FORM, extra),
		page(`${ROUND}/stage`, `${round}/stage`, rule, OK, extra),
		action(`${ROUND}/stage`, 'current', `${round}/stage`, rule, REFUSED_FORM, extra),
		action(`${ROUND}/stage`, 'next', `${round}/stage`, rule, CONFLICT, extra),
		action(`${ROUND}/stage`, 'draw', `${round}/stage`, rule, CONFLICT, extra),
		action(`${ROUND}/stage`, 'timer', `${round}/stage`, rule, REFUSED_FORM, {
			...extra,
			deniedBody: form({ kind: 'answer' })
		}),
		action(`${ROUND}/stage`, 'stop', `${round}/stage`, rule, CONFLICT, extra),
		action(`${ROUND}/stage`, 'lock', `${round}/stage`, rule, REFUSED_FORM, {
			...extra,
			deniedBody: form({ confirm: 'yes' })
		}),
		action(`${ROUND}/stage`, 'reveal', `${round}/stage`, rule, CONFLICT, extra),
		page(`${ROUND}/projector`, `${round}/projector`, rule, OK, extra),
		endpoint(`${ROUND}/projector/stream`, 'GET', `${round}/projector/stream?once`, rule, OK, extra)
	];
}

export function judgingProbes(ctx: MatrixContext): Probe[] {
	const { SH, LG } = ctx.contests;
	const sh: Rule = { role: 'organizer', at: 'SH' };
	const judgeRound = `/contests/judge/${JUDGING.matrixRound}`;
	/** Only the judge on the round's panel; anyone else (an admin too) finds nothing. */
	const panelJudge: Rule = { owner: 'giamkhao1' };
	return [
		...organizerProbes(SH, sh, "the demo province's contest"),
		...organizerProbes(LG, { role: 'organizer', at: 'LG' }, "another province's contest"),
		// An online round has no judging pages.
		page(
			`${ROUND}/judging`,
			`/contests/manage/${SH.id}/rounds/${SH.round}/judging`,
			sh,
			NOT_FOUND,
			{
				label: 'an online round'
			}
		),
		page(JUDGE, '/contests/judge', { role: 'judge' }),
		page(`${JUDGE}/[round]`, judgeRound, panelJudge),
		// The sheet as a plain form post (no JavaScript): an empty form is refused (400) for the
		// panel's judge; a real sheet from anybody else finds nothing.
		action(`${JUDGE}/[round]`, 'score', judgeRound, panelJudge, REFUSED_FORM, {
			deniedBody: form({ registrationId: '1', 'p-1': '1', comment: 'Trái phép' })
		}),
		// An invalid sheet is refused (400) for the panel's judge; a valid one from anybody else: 404.
		endpoint(`${JUDGE}/[round]/scores`, 'POST', `${judgeRound}/scores`, panelJudge, REFUSED_FORM, {
			body: { json: {} },
			deniedBody: { json: { registrationId: 1, points: {}, comment: 'Trái phép' } },
			anonymous: UNAUTHORIZED
		})
	];
}
