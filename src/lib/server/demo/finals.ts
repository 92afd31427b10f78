import { and, asc, eq, notInArray } from 'drizzle-orm';
import type { Db } from '../db/client';
import { contestRounds, people, users } from '../db/schema';
import { setContestStatus } from '../contests/manage';
import { addCard } from '../judging/cards';
import { addJudge } from '../judging/panel';
import { saveRubric } from '../judging/rubric';
import {
	contestWithLevel,
	ok,
	provinceOrganizer,
	registerUsernames,
	roundInput,
	scheduledRound
} from './contests';

/** The demo finals: the demo judges score this round; the demo secretaries are finalists. */
export const DEMO_FINALS = {
	contest: 'Hội thi Bí thư chi bộ giỏi tỉnh Sơn Hà (chung khảo, dữ liệu mẫu)',
	level: 'Chung khảo tỉnh',
	round: 'Xử lý tình huống',
	/** Written in the app by the finalists (open 60 days from seeding), judged by candidate code. */
	essay: 'Bài viết',
	judges: ['giamkhao1', 'giamkhao2'],
	finalists: ['bithu.dongchua', 'bithu.tdp1']
} as const;

const CARDS = [
	{
		title: 'Đảng viên nhiều lần vắng sinh hoạt chi bộ',
		body: 'Một đảng viên của chi bộ **ba tháng liền** vắng sinh hoạt, lý do “bận làm ăn xa”. Là bí thư chi bộ, đồng chí xử lý thế nào?',
		guidingPoints: '- Gặp gỡ, nắm rõ hoàn cảnh\n- Đưa ra chi bộ xem xét\n- Báo cáo cấp ủy cấp trên'
	},
	{
		title: 'Người dân phản ánh về công trình của thôn',
		body: 'Nhiều hộ dân phản ánh con đường bê tông của thôn mới làm đã xuống cấp và đề nghị công khai chi phí. Đồng chí lãnh đạo chi bộ giải quyết ra sao?',
		guidingPoints: '- Lắng nghe, ghi nhận\n- Kiểm tra, công khai\n- Báo cáo, kiến nghị cấp trên'
	},
	{
		title: 'Mâu thuẫn giữa hai hộ gia đình',
		body: 'Hai hộ liền kề tranh chấp lối đi chung, một bên là đảng viên. Đồng chí xử lý tình huống này thế nào?',
		guidingPoints: '- Hòa giải ở cơ sở\n- Đảng viên gương mẫu\n- Đúng pháp luật'
	}
];

const DAY = 24 * 3600_000;

/** The finals' essay round: open from a day before seeding for 60 days, one hour per candidate. */
async function seedEssayRound(
	db: Db,
	organizer: Awaited<ReturnType<typeof provinceOrganizer>>['organizer'],
	provincePath: string,
	levelId: number
) {
	const now = Date.now();
	const roundId = await scheduledRound(
		db,
		organizer,
		levelId,
		roundInput(DEMO_FINALS.essay, {
			kind: 'essay',
			opensAt: new Date(now - DAY),
			closesAt: new Date(now + 60 * DAY),
			durationSeconds: 3600,
			questionCount: 1,
			maxScore: 100,
			essayPrompt:
				'Từ thực tiễn chi bộ nơi đồng chí sinh hoạt, hãy trình bày **những giải pháp nâng cao chất lượng sinh hoạt chi bộ** trong giai đoạn hiện nay.'
		})
	);
	const [round] = await db.select().from(contestRounds).where(eq(contestRounds.id, roundId));
	ok(
		await saveRubric(db, organizer.id, round, [
			{ name: 'Nội dung', maxPoints: 60, descriptors: 'Đúng chủ trương, sát thực tiễn' },
			{ name: 'Giải pháp', maxPoints: 30, descriptors: 'Cụ thể, khả thi' },
			{ name: 'Hình thức', maxPoints: 10, descriptors: 'Bố cục rõ, mạch lạc' }
		]),
		'essay rubric'
	);
	for (const judge of DEMO_FINALS.judges) {
		ok(await addJudge(db, organizer.id, round, provincePath, judge), `essay judge ${judge}`);
	}
}

/**
 * A province finals the demo judges can score from their navigation (Chấm thi): an essay round the
 * finalists write in the app (open now), a situation round with a situation bank, the rubric of the example (content 40, solution 30, delivery 20,
 * time 10), giamkhao1 and giamkhao2 on the panel, and three finalists (the two demo secretaries
 * and one more cell secretary). The contest is open; the organizer (btc.tinh) runs
 * the hall from the round's stage page.
 */
export async function seedDemoFinals(db: Db): Promise<void> {
	const { organizer, province } = await provinceOrganizer(db);
	const { contestId, levelId } = await contestWithLevel(db, organizer, province, {
		name: DEMO_FINALS.contest,
		rules:
			'Vòng chung khảo gồm phần **xử lý tình huống**: mỗi thí sinh bốc thăm một tình huống, chuẩn bị và trình bày; ban giám khảo chấm theo thang điểm.',
		level: DEMO_FINALS.level
	});
	const roundId = await scheduledRound(
		db,
		organizer,
		levelId,
		roundInput(DEMO_FINALS.round, { kind: 'situation', questionCount: 1, maxScore: 100 })
	);
	const [round] = await db.select().from(contestRounds).where(eq(contestRounds.id, roundId));
	for (const card of CARDS) {
		ok(await addCard(db, organizer.id, contestId, { ...card, criteria: '' }), 'card');
	}
	ok(
		await saveRubric(db, organizer.id, round, [
			{ name: 'Nội dung', maxPoints: 40, descriptors: 'Đúng chủ trương, đủ ý, sâu sắc' },
			{ name: 'Giải pháp', maxPoints: 30, descriptors: 'Cụ thể, khả thi' },
			{ name: 'Trình bày', maxPoints: 20, descriptors: 'Rõ ràng, tự tin' },
			{ name: 'Thời gian', maxPoints: 10, descriptors: 'Đúng thời gian quy định' }
		]),
		'rubric'
	);
	for (const judge of DEMO_FINALS.judges) {
		ok(await addJudge(db, organizer.id, round, province.path, judge), `judge ${judge}`);
	}
	await seedEssayRound(db, organizer, province.path, levelId);
	const [third] = await db
		.select({ username: users.username })
		.from(users)
		.innerJoin(people, eq(people.id, users.personId))
		.where(
			and(eq(people.position, 'secretary'), notInArray(users.username, [...DEMO_FINALS.finalists]))
		)
		.orderBy(asc(people.id))
		.limit(1);
	await registerUsernames(db, organizer, levelId, [...DEMO_FINALS.finalists, third.username]);
	ok(await setContestStatus(db, organizer, contestId, 'open'), 'open');
}
