import AxeBuilder from '@axe-core/playwright';
import { expect, type Locator, type Page } from '@playwright/test';

/** The phone width the issue measured on. */
export const PHONE = { width: 360, height: 740 };

/**
 * Nothing on the page reaches past the screen's right edge: neither the document (sideways
 * scrolling) nor anything inside a scroll box (a table column one has to find by swiping).
 * `scrollsInside` names boxes that may scroll sideways on purpose (a lesson's own tables).
 */
export async function expectFitsScreen(page: Page, scrollsInside?: string) {
	const found = await page.evaluate((allowed) => {
		const view = document.documentElement.clientWidth;
		const past = [...document.querySelectorAll('body *')]
			.filter((el) => {
				if (allowed && el.closest(allowed)) return false;
				const box = el.getBoundingClientRect();
				return box.width > 1 && box.right > view + 0.5;
			})
			.slice(0, 5)
			.map((el) => `${el.tagName.toLowerCase()} ${Math.round(el.getBoundingClientRect().right)}px`);
		return { document: document.documentElement.scrollWidth, view, past };
	}, scrollsInside);
	expect(found.past, `${page.url()}: elements past the ${found.view} px screen`).toEqual([]);
	expect(found.document, page.url()).toBeLessThanOrEqual(found.view);
}

/** The element lies wholly inside the viewport, left to right. */
export async function expectWithinWidth(locator: Locator) {
	const box = await locator.boundingBox();
	const width = locator.page().viewportSize()!.width;
	expect(box, 'element has a box').not.toBeNull();
	expect(box!.x).toBeGreaterThanOrEqual(0);
	expect(box!.x + box!.width).toBeLessThanOrEqual(width + 0.5);
}

/** No accessibility violations in the page as laid out now (the phone layout included). */
export async function expectAccessible(page: Page) {
	const { violations } = await new AxeBuilder({ page }).analyze();
	expect(violations.map((v) => `${page.url()}: ${v.id} ${v.nodes[0]?.target}`)).toEqual([]);
}
