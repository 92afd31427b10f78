import type { SessionUser } from '../../auth/session';
import type { Db } from '../../db/client';
import type { Position } from '../../db/schema';
import { buildProvince } from '../../orgs/test-fixtures';
import { createPersonWithAccount } from '../../people/people';
import { actorWith } from '../../testing/actors';
import { commitBankImport, previewBankImport } from '../bank';
import {
	addLevel,
	addRound,
	createContest,
	setContestStatus,
	setRoundStatus,
	type RoundInput
} from '../manage';

/** A Markdown bank of `n` questions; every stem, option and explanation carries `canary`. */
export function markdownBank(n: number, canary: string, topic = 'chung') {
	return Array.from({ length: n }, (_, i) => {
		const q = i + 1;
		return [
			`## cau-${q} {topic=${topic} difficulty=${(q % 3) + 1}}`,
			'',
			`Câu hỏi mật số ${q} ${canary}-STEM`,
			'',
			`- [x] Đáp án đúng ${q} ${canary}-KEY`,
			`- [ ] Phương án sai ${q}`,
			`- [ ] Phương án khác ${q}`,
			'',
			`Giải thích: Vì sao ${q} ${canary}-EXPL`,
			''
		].join('\n');
	}).join('\n');
}

export const bytes = (text: string) => new TextEncoder().encode(text);

export function roundInput(over: Partial<RoundInput> = {}): RoundInput {
	const opensAt = new Date(Date.now() + 60 * 60_000);
	return {
		name: 'Vòng thi trực tuyến',
		kind: 'online',
		opensAt,
		closesAt: new Date(opensAt.getTime() + 60 * 60_000),
		durationSeconds: 600,
		attemptsAllowed: 1,
		counting: 'best_then_earliest',
		rankOrder: ['correct_desc', 'time_asc', 'prediction_asc', 'submitted_asc'],
		weight: 1,
		questionCount: 5,
		draw: [],
		multipleScoring: 'all_or_nothing',
		maxScore: null,
		predictionQuestion: null,
		reviewOpensAt: null,
		...over
	};
}

export async function candidateIn(
	db: Db,
	orgUnitId: number,
	fullName: string,
	position: Position = 'secretary'
) {
	const made = await createPersonWithAccount(db, { orgUnitId, fullName, position }, null);
	return {
		userId: made.userId,
		username: made.username,
		personId: made.person.id
	};
}

/**
 * A province with an open contest organized by it: one level, one scheduled online round with
 * the given settings, a bank of `bankSize` questions carrying `canary`, and an organizer.
 */
export async function contestWorld(
	db: Db,
	options: {
		round?: Partial<RoundInput>;
		kind?: 'hoi_thi' | 'open';
		bankSize?: number;
		canary?: string;
		selfRegistration?: boolean;
	} = {}
) {
	const province = await buildProvince(db);
	const organizer: SessionUser = await actorWith(db, [
		{ role: 'organizer', unit: province.province }
	]);
	const created = await createContest(db, organizer, {
		name: 'Hội thi Bí thư chi bộ giỏi',
		year: 2026,
		kind: options.kind ?? 'hoi_thi',
		orgUnitId: province.province.id,
		rules: '# Thể lệ\n\nMỗi thí sinh làm bài một lần.',
		publishNames: 'full',
		selfRegistration: options.selfRegistration ?? false
	});
	if (!created.ok) throw new Error(created.error);
	const contestId = created.id;
	const level = await addLevel(db, organizer, contestId, { name: 'Cấp xã', unitKind: 'commune' });
	if (!level.ok) throw new Error(level.error);
	const round = await addRound(db, organizer, level.id, roundInput(options.round));
	if (!round.ok) throw new Error(`${round.error} ${round.problems}`);
	const canary = options.canary ?? 'CANARYBANK';
	const preview = await previewBankImport(db, organizer, {
		contestId,
		file: { name: 'ngan-hang.md', bytes: bytes(markdownBank(options.bankSize ?? 10, canary)) },
		format: 'markdown'
	});
	if (!preview.ok) throw new Error(preview.error);
	const committed = await commitBankImport(db, organizer, preview.batchId);
	if (!committed.ok) throw new Error(committed.error);
	await setRoundStatus(db, organizer, round.id, 'scheduled', new Date(0));
	await setContestStatus(db, organizer, contestId, 'open');
	return { province, organizer, contestId, levelId: level.id, roundId: round.id, canary };
}
