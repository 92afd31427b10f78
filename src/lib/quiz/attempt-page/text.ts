import type { SyncStatus } from '../attempt-sync';
import type { AttemptMessages } from './messages';

/** A message with its `{name}` placeholders filled: `fill('{count} left', { count: 3 })`. */
export function fill(message: string, values: Record<string, string | number>): string {
	return message.replace(/\{(\w+)\}/g, (all, name: string) =>
		name in values ? String(values[name]) : all
	);
}

/** The navigator's label of question n: "Câu 2, đã trả lời, đánh dấu xem lại". */
export function questionLabel(
	t: AttemptMessages,
	n: number,
	item: { answered: boolean; flagged: boolean }
): string {
	return [
		fill(t.questionN, { n }),
		item.answered ? t.stateAnswered : t.stateUnanswered,
		item.flagged ? t.stateFlagged : null
	]
		.filter(Boolean)
		.join(', ');
}

/**
 * What the save status says (`text`), and what screen readers hear (`problem`: only trouble,
 * never every routine save). `closed` has its own line.
 */
export function saveStatusText(
	t: AttemptMessages,
	status: SyncStatus,
	unsaved: number
): { text: string; problem: string } {
	switch (status) {
		case 'saved':
			return { text: t.saved, problem: '' };
		case 'pending':
		case 'saving':
			return { text: t.saving, problem: '' };
		case 'offline':
		case 'no_reply': {
			const text = fill(status === 'offline' ? t.offline : t.noReply, { count: unsaved });
			return { text, problem: text };
		}
		case 'signed_out':
			return { text: t.signedOut, problem: t.signedOut };
		case 'closed':
			return { text: t.closed, problem: '' };
	}
}
