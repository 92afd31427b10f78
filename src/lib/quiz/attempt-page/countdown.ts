import { formatRemaining, type ServerClock } from '../server-clock';
import type { AttemptMessages } from './messages';

/**
 * Ticks the server-rendered countdown (`[data-countdown]`) on the server's clock: red in the
 * last minute, announced at 5 and 1 minutes left, and `onTimeUp` once when it reaches zero.
 * Returns the stop function.
 */
export function startCountdown(
	box: HTMLElement,
	deadline: string,
	clock: ServerClock,
	t: AttemptMessages,
	onTimeUp: () => void
): () => void {
	const timer = box.querySelector<HTMLElement>('[role="timer"]');
	const announce = box.querySelector<HTMLElement>('[data-countdown-announce]');
	let fired = false;
	let announced = Number.POSITIVE_INFINITY;
	const tick = () => {
		const remaining = clock.remaining(deadline);
		if (timer) timer.textContent = formatRemaining(remaining);
		box.classList.toggle('low', remaining <= 60_000);
		for (const [minutes, text] of [
			[5, t.minutesLeft5],
			[1, t.minutesLeft1]
		] as const) {
			const at = minutes * 60_000;
			if (remaining <= at && announced > at && remaining > 0) {
				announced = at;
				if (announce) announce.textContent = text;
			}
		}
		if (remaining <= 0 && !fired) {
			fired = true;
			onTimeUp();
		}
	};
	tick();
	const interval = setInterval(tick, 250);
	return () => clearInterval(interval);
}
