import type { MatrixContext } from './context';
import type { MatrixContest } from './context-contests';
import { NOT_FOUND, OK, type Outcome, type Probe, type Rule } from './model';
import { action, endpoint, page, REFUSED_FORM } from './probes';

const MANAGE = '/(organize)/contests/manage';
const CONTEST = `${MANAGE}/[contest]`;
const ROUND = `${CONTEST}/rounds/[round]`;
const LEVEL = `${CONTEST}/levels/[level]`;
/** Refused by the domain (nothing to rank, close or publish yet): past the access checks. */
const CONFLICT: Outcome = { status: 409 };
const organizer: Rule = { role: 'organizer' };
const form = (fields: Record<string, string>) => ({ form: fields });

/** A whole, valid round form (a real change if anyone outside the scope got through). */
const ROUND_EDIT: Record<string, string> = {
	name: 'Vòng sửa trái phép',
	kind: 'online',
	opensAt: '2099-01-05T08:00',
	closesAt: '2099-01-05T10:00',
	durationMinutes: '45',
	attemptsAllowed: '2',
	counting: 'best_then_earliest',
	questionCount: '10',
	weight: '1',
	maxScore: '',
	predictionQuestion: '',
	reviewOpensAt: '',
	rankPreset: 'default',
	multipleScoring: 'all_or_nothing'
};

/** The organizer side of a contest: its pages, actions and endpoints, per seeded contest. */
function contestProbes(c: MatrixContest, rule: Rule, label: string): Probe[] {
	const base = `/contests/manage/${c.id}`;
	const round = `${base}/rounds/${c.round}`;
	const level = `${base}/levels/${c.level}`;
	const extra = { label };
	const batch = `${base}/bank/00000000-0000-4000-8000-000000000000`;
	return [
		page(CONTEST, base, rule, OK, extra),
		action(CONTEST, 'addLevel', base, rule, REFUSED_FORM, {
			...extra,
			deniedBody: form({ name: 'Cấp thi trái phép', unitKind: '' })
		}),
		action(CONTEST, 'roundStatus', base, rule, REFUSED_FORM, {
			...extra,
			body: form({ round: String(c.round), status: 'opened' }),
			deniedBody: form({ round: String(c.round), status: 'scheduled' })
		}),
		page(`${CONTEST}/edit`, `${base}/edit`, rule, OK, extra),
		action(`${CONTEST}/edit`, 'preview', `${base}/edit`, rule, OK, extra),
		action(`${CONTEST}/edit`, 'save', `${base}/edit`, rule, REFUSED_FORM, {
			...extra,
			deniedBody: form({ name: 'Đổi tên trái phép', year: '2099', rules: '', publishNames: 'full' })
		}),
		action(`${CONTEST}/edit`, 'status', `${base}/edit`, rule, REFUSED_FORM, {
			...extra,
			deniedBody: form({ status: 'open' })
		}),
		page(`${CONTEST}/bank`, `${base}/bank`, rule, OK, extra),
		action(`${CONTEST}/bank`, 'upload', `${base}/bank`, rule, REFUSED_FORM, extra),
		// Nobody's import batch: not found for the organizers too.
		page(`${CONTEST}/bank/[batch]`, batch, rule, NOT_FOUND, extra),
		action(`${CONTEST}/bank/[batch]`, 'commit', batch, rule, NOT_FOUND, extra),
		page(`${LEVEL}/registrations`, `${level}/registrations`, rule, OK, extra),
		action(`${LEVEL}/registrations`, 'unit', `${level}/registrations`, rule, REFUSED_FORM, extra),
		action(`${LEVEL}/registrations`, 'list', `${level}/registrations`, rule, REFUSED_FORM, extra),
		page(`${LEVEL}/rounds/new`, `${level}/rounds/new`, rule, OK, extra),
		action(`${LEVEL}/rounds/new`, 'create', `${level}/rounds/new`, rule, REFUSED_FORM, {
			...extra,
			deniedBody: form({ name: 'Vòng trái phép', kind: 'essay', durationMinutes: '30' })
		}),
		page(`${ROUND}/edit`, `${round}/edit`, rule, OK, extra),
		action(`${ROUND}/edit`, 'save', `${round}/edit`, rule, REFUSED_FORM, {
			...extra,
			deniedBody: form(ROUND_EDIT)
		}),
		action(`${ROUND}/edit`, 'extendClose', `${round}/edit`, rule, REFUSED_FORM, {
			...extra,
			deniedBody: form({ closesAt: '2099-01-05T12:00', reason: 'Trái phép' })
		}),
		page(`${ROUND}/monitor`, `${round}/monitor`, rule, OK, extra),
		action(`${ROUND}/monitor`, 'extend', `${round}/monitor`, rule, REFUSED_FORM, {
			...extra,
			deniedBody: form({ candidate: 'ABCDEFGH', minutes: '30', reason: 'Trái phép' })
		}),
		action(`${ROUND}/monitor`, 'close', `${round}/monitor`, rule, REFUSED_FORM, {
			...extra,
			deniedBody: form({ confirm: 'yes' })
		}),
		endpoint(`${ROUND}/monitor/stream`, 'GET', `${round}/monitor/stream?once`, rule, OK, extra),
		page(`${ROUND}/results`, `${round}/results`, rule, OK, extra),
		action(`${ROUND}/results`, 'compute', `${round}/results`, rule, CONFLICT, extra),
		action(`${ROUND}/results`, 'publish', `${round}/results`, rule, CONFLICT, extra),
		endpoint(
			`${ROUND}/results/export/[format]`,
			'GET',
			`${round}/results/export/csv`,
			rule,
			OK,
			extra
		),
		endpoint(
			`${ROUND}/results/export/[format]`,
			'GET',
			`${round}/results/export/xlsx`,
			rule,
			OK,
			extra
		),
		page(`${ROUND}/results/print`, `${round}/results/print`, rule, OK, extra),
		page(`${LEVEL}/advancement`, `${level}/advancement`, rule, OK, extra),
		action(`${LEVEL}/advancement`, 'compute', `${level}/advancement`, rule, CONFLICT, extra),
		action(`${LEVEL}/advancement`, 'adjust', `${level}/advancement`, rule, REFUSED_FORM, {
			...extra,
			deniedBody: form({ registrationId: '1', advance: 'yes', reason: 'Trái phép' })
		}),
		action(`${LEVEL}/advancement`, 'publish', `${level}/advancement`, rule, CONFLICT, extra),
		page(`${LEVEL}/prizes`, `${level}/prizes`, rule, OK, extra),
		action(`${LEVEL}/prizes`, 'bands', `${level}/prizes`, rule, REFUSED_FORM, {
			...extra,
			deniedBody: form({ name: 'Giải trái phép', count: '3' })
		}),
		action(`${LEVEL}/prizes`, 'compute', `${level}/prizes`, rule, CONFLICT, extra),
		action(`${LEVEL}/prizes`, 'override', `${level}/prizes`, rule, REFUSED_FORM, {
			...extra,
			deniedBody: form({ registrationId: '1', bandId: 'none', reason: 'Trái phép' })
		}),
		// An allowed organizer with an unknown candidate number gets the form back (400).
		action(`${LEVEL}/prizes`, 'awardOther', `${level}/prizes`, rule, REFUSED_FORM, {
			...extra,
			deniedBody: form({ candidateCode: 'KHONGCO1', bandId: '1', reason: 'Trái phép' })
		}),
		action(`${LEVEL}/prizes`, 'clearOverride', `${level}/prizes`, rule, REFUSED_FORM, {
			...extra,
			deniedBody: form({ registrationId: '1', reason: 'Trái phép' })
		}),
		action(`${LEVEL}/prizes`, 'publish', `${level}/prizes`, rule, CONFLICT, extra),
		page(`${LEVEL}/certificates`, `${level}/certificates`, rule, OK, extra)
	];
}

export function organizeProbes(ctx: MatrixContext): Probe[] {
	const { SH, LG } = ctx.contests;
	const sh: Rule = { role: 'organizer', at: 'SH' };
	const lg: Rule = { role: 'organizer', at: 'LG' };
	return [
		page(MANAGE, '/contests/manage', organizer),
		page(`${MANAGE}/new`, '/contests/manage/new', organizer),
		action(`${MANAGE}/new`, 'preview', '/contests/manage/new', organizer, OK),
		action(`${MANAGE}/new`, 'create', '/contests/manage/new', organizer, REFUSED_FORM),
		...contestProbes(SH, sh, "the demo province's contest"),
		...contestProbes(LG, lg, "another province's contest"),
		// A round or level of another contest, through one's own contest: found nowhere.
		page(
			`${ROUND}/monitor`,
			`/contests/manage/${SH.id}/rounds/${LG.round}/monitor`,
			sh,
			NOT_FOUND,
			{
				label: "own contest, another province's round"
			}
		),
		page(`${LEVEL}/prizes`, `/contests/manage/${SH.id}/levels/${LG.level}/prizes`, sh, NOT_FOUND, {
			label: "own contest, another province's level"
		}),
		endpoint(
			`${ROUND}/results/export/[format]`,
			'GET',
			`/contests/manage/${SH.id}/rounds/${SH.round}/results/export/pdf`,
			sh,
			NOT_FOUND,
			{ label: 'an unknown format' }
		)
	];
}
