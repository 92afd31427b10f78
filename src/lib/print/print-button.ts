// The print button of pages served without the client app (`csr = false`), such as a person's
// page with an activation-code slip: the only script such a page loads. Bundled on its own by
// Vite (`?worker&url` in the page). The buttons are rendered `hidden` (without JavaScript the
// browser's own print command does the same), and shown here once they can work.
function wire() {
	for (const button of document.querySelectorAll<HTMLButtonElement>('button[data-print]')) {
		button.hidden = false;
		button.addEventListener('click', () => window.print());
	}
}

if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', wire);
else wire();
