import { expect, test } from '@playwright/test';
import { BUYER, plain, productCard, renderedVariant, segmentCookie, signIn, variantOf, visit } from './support';

const PAGES = ['/', '/products', '/p/lounge-chair', '/c/kitchen', '/p/stoneware-mug', '/products', '/'];

test('a B2B buyer and a visitor browsing the same pages in turn never see each other’s prices', async ({ browser }) => {
  const buyerContext = await browser.newContext();
  const visitorContext = await browser.newContext();
  try {
    const buyer = await buyerContext.newPage();
    const visitor = await visitorContext.newPage();
    await signIn(buyer, BUYER, '/');
    await visit(visitor, '/');
    expect((await segmentCookie(buyerContext)).priceTables).toBe('b2b-gold');
    expect((await segmentCookie(visitorContext)).priceTables).toBeNull();

    const codes = { buyer: new Set<string>(), visitor: new Set<string>() };
    for (const [index, path] of PAGES.entries()) {
      // Alternate who goes first, so each one's render is the other's potential cache hit.
      const order = index % 2 === 0 ? [buyer, visitor] : [visitor, buyer];
      for (const page of order) {
        const response = await visit(page, path);
        const who = page === buyer ? 'buyer' : 'visitor';
        const code = variantOf(response);
        expect(await renderedVariant(page)).toBe(code);
        codes[who].add(code);

        const prices = page.locator('[data-price-table]').filter({ visible: true });
        const count = await prices.count();
        expect(count, `${path} shows prices`).toBeGreaterThan(0);
        const tables = await prices.evaluateAll((nodes) => nodes.map((node) => node.getAttribute('data-price-table')));
        expect(new Set(tables), `${who} on ${path}`).toEqual(new Set([who === 'buyer' ? 'b2b-gold' : 'public']));
      }
      // The same product side by side: the buyer's price is lower than the visitor's.
      if (path === '/p/stoneware-mug') {
        expect(plain(await buyer.getByTestId('product-detail').filter({ visible: true }).getByTestId('price').textContent())).toBe('R$ 64,90');
        expect(plain(await visitor.getByTestId('product-detail').filter({ visible: true }).getByTestId('price').textContent())).toBe('R$ 89,90');
      }
      if (path === '/products') {
        expect(plain(await productCard(buyer, 'lounge-chair').getByTestId('price').textContent())).toBe('R$ 1.749,00');
        expect(plain(await productCard(visitor, 'lounge-chair').getByTestId('price').textContent())).toBe('R$ 2.199,00');
      }
    }
    // One variant each, never shared.
    expect(codes.buyer.size).toBe(1);
    expect(codes.visitor.size).toBe(1);
    expect([...codes.buyer][0]).not.toBe([...codes.visitor][0]);
  } finally {
    await buyerContext.close();
    await visitorContext.close();
  }
});

test("a link to the B2B buyer's variant path shows a visitor the store's 404 page, and none of the buyer's prices", async ({ browser }) => {
  const buyerContext = await browser.newContext();
  const visitorContext = await browser.newContext();
  try {
    const buyer = await buyerContext.newPage();
    await signIn(buyer, BUYER, '/');
    const code = variantOf(await visit(buyer, '/p/stoneware-mug'));

    const visitor = await visitorContext.newPage();
    await visit(visitor, '/');
    const before = await segmentCookie(visitorContext);
    for (const path of [`/${code}/p/stoneware-mug`, `/${code}/c/kitchen.json`]) {
      const response = await visitor.goto(path);
      expect(response?.status(), path).toBe(404);
      expect(response?.headers()['content-type'], path).toMatch(/^text\/html/);
      await expect(visitor.getByRole('heading', { name: 'We could not find that page' })).toBeVisible();
      expect(await visitor.locator('[data-price-table]').count(), path).toBe(0);
      expect(await visitor.content(), path).not.toContain('b2b-gold');
    }
    // The visitor's own session is untouched, and the store goes on as before.
    expect(await segmentCookie(visitorContext)).toEqual(before);
    await visitor.getByRole('link', { name: 'Go to the store' }).click();
    await expect(visitor.locator('[data-price-table="public"]').first()).toBeVisible();
  } finally {
    await buyerContext.close();
    await visitorContext.close();
  }
});
