import { expect, test, type Browser, type Page } from '@playwright/test';
import { JUDGING } from '../fixtures/e2e-data';
import { signIn } from '../helpers/auth';
import { expectAccessible, PHONE } from '../helpers/narrow';

// The province finals in the hall (issue 14): the organizer builds the situation round (two
// situation cards, a rubric, a panel of three judges), runs the stage while the projector follows
// it live, three judges score two finalists on phones, one phone loses the network and its sheet
// arrives when it is back, the organizer locks the scores and the combined ranking (online round
// weight 1 + situation round weight 2) shows, then the reveal puts the leaderboard on the projector.

const F = JUDGING.finals;
const CARDS = ['Tình huống: đảng viên vắng sinh hoạt', 'Tình huống: khiếu nại đông người'];

async function as(browser: Browser, username: string, phone = false): Promise<Page> {
	const context = await browser.newContext(phone ? { viewport: PHONE } : {});
	const page = await context.newPage();
	await signIn(page, username);
	return page;
}

async function score(judge: Page, content: string, solution: string, comment: string) {
	const sheet = judge.getByTestId('sheet');
	await sheet.getByLabel(/^Nội dung/).fill(content);
	await sheet.getByLabel(/^Giải pháp/).fill(solution);
	await sheet.getByLabel('Nhận xét').fill(comment);
	await sheet.getByRole('button', { name: /phiếu chấm/ }).click();
}

test('organizer builds and runs the judged finals; judges score on phones, one offline; lock and combined ranking', async ({
	browser
}) => {
	test.setTimeout(180_000);
	const organizer = await as(browser, 'btc.tinh');

	// The situation bank.
	await organizer.goto('/contests/manage');
	await organizer.getByRole('link', { name: F.contest }).click();
	await expect(organizer).toHaveURL(/\/contests\/manage\/\d+$/);
	const contestUrl = organizer.url();
	await organizer.getByRole('link', { name: 'Ngân hàng tình huống' }).click();
	for (const title of CARDS) {
		await organizer.getByLabel('Tiêu đề').fill(title);
		await organizer
			.getByLabel('Nội dung tình huống')
			.fill(`**${title}** — đồng chí xử lý thế nào?`);
		await organizer.getByLabel('Gợi ý chấm (ý chính cần có)').fill('Đúng Điều lệ; có giải pháp');
		await organizer.getByRole('button', { name: 'Thêm tình huống' }).click();
		await expect(organizer.getByRole('status')).toContainText(title);
	}
	await expect(organizer.locator('[data-card]')).toHaveCount(2);

	// Rubric and panel.
	await organizer.goto(contestUrl);
	await organizer
		.getByRole('row', { name: new RegExp(F.situation) })
		.getByRole('link', { name: 'Chấm thi' })
		.click();
	await expect(organizer).toHaveURL(/\/judging$/);
	const roundId = Number(/rounds\/(\d+)\/judging/.exec(organizer.url())?.[1]);
	expect(roundId).toBeGreaterThan(0);
	await organizer
		.getByLabel('Tiêu chí (mỗi dòng một tiêu chí)')
		.fill('Nội dung | 60 | Đúng, đủ, sâu\nGiải pháp | 40 | Khả thi');
	await organizer.getByRole('button', { name: 'Lưu thang điểm' }).click();
	await expect(organizer.getByRole('status')).toContainText('tổng 100 điểm');
	for (const judge of JUDGING.judges) {
		await organizer.getByLabel(/^Giám khảo \(tài khoản/).selectOption(judge);
		await organizer.getByRole('button', { name: 'Thêm vào ban giám khảo' }).click();
		await expect(organizer.locator(`[data-judge="${judge}"]`)).toBeVisible();
	}

	// The projector (another screen) and the control page.
	const projector = await organizer.context().newPage();
	await projector.goto(organizer.url().replace(/judging$/, 'projector'));
	await expect(projector.getByText('Xin chờ thí sinh tiếp theo')).toBeVisible();
	await organizer.getByRole('link', { name: 'Điều hành tại hội trường' }).click();
	await expect(organizer).toHaveURL(/\/stage$/);

	// Judges sign in on phones.
	const judges = await Promise.all(JUDGING.judges.map((j) => as(browser, j, true)));
	for (const judge of judges) await judge.goto(`/contests/judge/${roundId}`);

	// Finalist 1: on stage, draws a card, prepares.
	await organizer.getByRole('button', { name: 'Thí sinh tiếp theo' }).click();
	await expect(projector.getByTestId('finalist')).toContainText(F.finalists[0]);
	await organizer.getByRole('button', { name: 'Bốc thăm tình huống' }).click();
	await expect(projector.getByTestId('card')).toBeVisible();
	const firstCard = (await projector.getByTestId('card').locator('h2').textContent())!.trim();
	expect(CARDS).toContain(firstCard);
	await organizer.getByRole('button', { name: 'Bắt đầu chuẩn bị' }).click();
	await expect(projector.getByTestId('timer')).toContainText('Chuẩn bị');
	await organizer.getByRole('button', { name: 'Dừng giờ, mời chấm' }).click();

	// Two judges score online; the third phone has lost the network.
	for (const judge of judges) {
		await judge.reload();
		await expect(judge.getByTestId('sheet')).toContainText(F.finalists[0]);
	}
	await expectAccessible(judges[0]);
	await score(judges[0], '50', '30', 'Nắm vững Điều lệ');
	await score(judges[1], '45', '30', '');
	await expect(judges[0].getByTestId('queue')).toHaveText('Mọi phiếu đã gửi.');
	await expect(judges[0].getByTestId('sheet')).toContainText('Điểm bạn đã chấm: 80');
	await judges[2].context().setOffline(true);
	await score(judges[2], '40', '30', 'Cần ví dụ cụ thể');
	await expect(judges[2].getByTestId('queue')).toContainText('Mất kết nối: 1 phiếu');
	// Scores are shown once all are in: two of three so far, no totals.
	await expect(projector.getByTestId('scores')).toContainText('2/3');
	await expect(projector.getByTestId('round-score')).toHaveCount(0);
	// The network is back: the queued sheet arrives.
	await judges[2].context().setOffline(false);
	await expect(judges[2].getByTestId('queue')).toHaveText('Mọi phiếu đã gửi.', { timeout: 15_000 });
	await expect(projector.getByTestId('scores')).toContainText('3/3');
	await expect(projector.getByTestId('round-score')).toHaveText('75');

	// Finalist 2 draws the other card (no repeat in the round).
	await organizer.getByRole('button', { name: 'Thí sinh tiếp theo' }).click();
	await expect(projector.getByTestId('finalist')).toContainText(F.finalists[1]);
	await organizer.getByRole('button', { name: 'Bốc thăm tình huống' }).click();
	await expect(projector.getByTestId('card').locator('h2')).toHaveText(
		CARDS.find((c) => c !== firstCard)!
	);
	const marks = [
		['55', '40'],
		['50', '40'],
		['60', '40']
	];
	for (const [i, judge] of judges.entries()) {
		await judge.reload();
		await expect(judge.getByTestId('sheet')).toContainText(F.finalists[1]);
		await score(judge, marks[i][0], marks[i][1], '');
		await expect(judge.getByTestId('queue')).toHaveText('Mọi phiếu đã gửi.');
	}
	await expect(projector.getByTestId('round-score')).toHaveText('95');
	// A judge corrects a sheet before the lock (the change is kept in the log).
	await score(judges[1], '50', '39', 'Sửa điểm');
	await expect(judges[1].getByTestId('sheet')).toContainText('(lần 2)');

	// The organizer sees every sheet, locks, and the combined ranking shows.
	await organizer.reload();
	await expect(organizer.locator(`tr[data-candidate] td[data-score]`).first()).toHaveText('75');
	await organizer.getByLabel('Tôi xác nhận khóa điểm').check();
	await organizer.getByRole('button', { name: 'Khóa điểm' }).click();
	const combined = organizer.getByTestId('combined');
	await expect(combined).toBeVisible();
	// 0.8 + 2 × 94.67/100 = 2.69 ahead of 0.9 + 2 × 0.75 = 2.4.
	await expect(combined.locator('tbody tr').nth(0)).toContainText(F.finalists[1]);
	await expect(combined.locator('tbody tr').nth(1)).toContainText(F.finalists[0]);
	await expect(combined.locator('tbody tr').nth(1)).toContainText('2,4');

	// After the lock a correction is refused; the judge sees the panel's totals.
	await judges[0].reload();
	await expect(judges[0].getByText('Điểm vòng này đã khóa')).toBeVisible();
	await expect(judges[0].getByTestId('sheet').getByRole('button')).toBeDisabled();

	await organizer.getByRole('button', { name: 'Công bố kết quả lên màn chiếu' }).click();
	const board = projector.getByTestId('leaderboard');
	await expect(board).toBeVisible();
	await expect(board.locator('li').nth(0)).toContainText(F.finalists[1]);
	await expect(board.locator('li').nth(1)).toContainText(F.finalists[0]);
});
