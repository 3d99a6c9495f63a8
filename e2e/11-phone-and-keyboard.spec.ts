import { expect, test } from '@playwright/test';
import { screenshot, visit } from './support';

const PAGES = ['/', '/products', '/p/trail-backpack', '/login', '/account', '/session'];

test.describe('on a phone', () => {
  test.use({ viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true });

  test('every key page fits the screen without sideways scrolling', async ({ page }) => {
    for (const path of PAGES) {
      await visit(page, path);
      await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      expect(overflow, `${path} is wider than the screen`).toBeLessThanOrEqual(0);
    }
    await visit(page, '/products');
    await screenshot(page, 'phone-products');
  });
});

test('keyboard users can skip to the content and always see where focus is', async ({ page }) => {
  await visit(page, '/products');
  await page.keyboard.press('Tab');
  const skip = page.getByRole('link', { name: 'Skip to content' });
  await expect(skip).toBeFocused();
  await expect(skip).toBeInViewport();

  // Every stop along the header shows a focus ring.
  for (let stop = 0; stop < 12; stop++) {
    await page.keyboard.press('Tab');
    const outline = await page.evaluate(() => {
      const element = document.activeElement as HTMLElement | null;
      if (!element || element === document.body) return null;
      const style = getComputedStyle(element);
      return { tag: element.tagName, width: parseFloat(style.outlineWidth), style: style.outlineStyle };
    });
    expect(outline, `tab stop ${stop} lands on something`).not.toBeNull();
    expect(outline!.style, `${outline!.tag} at tab stop ${stop} shows focus`).not.toBe('none');
    expect(outline!.width).toBeGreaterThanOrEqual(2);
  }
});
