import { expect, test } from '@playwright/test';
import {
  expectSameDocument,
  markDocument,
  plain,
  productCard,
  readSession,
  renderedVariant,
  screenshot,
  segmentCookie,
  valueOf,
  variantOf,
  visit,
} from './support';

test('switching to channel 2 shows USD prices in en-US format', async ({ page, context }) => {
  const first = variantOf(await visit(page, '/products'));
  expect(plain(await productCard(page, 'lounge-chair').getByTestId('price').textContent())).toBe('R$ 2.199,00');
  await markDocument(page);

  await page.getByRole('button', { name: 'US · $' }).click();
  await expect(page.getByRole('button', { name: 'US · $' })).toHaveAttribute('aria-pressed', 'true');
  await expect(productCard(page, 'lounge-chair').getByTestId('price')).toHaveText('$449.00');
  expect(plain(await productCard(page, 'stoneware-mug').getByTestId('price').textContent())).toBe('$18.00');
  await expectSameDocument(page);

  const segment = await segmentCookie(context);
  expect(segment).toMatchObject({ channel: '2', currencyCode: 'USD', currencySymbol: '$', cultureInfo: 'en-US', countryCode: 'USA' });
  expect(valueOf(await readSession(page.request), 'store.channel')).toBe('2');
  const second = await renderedVariant(page);
  expect(second).not.toBe(first);
  await screenshot(page, 'products-usd');

  // A fresh navigation is served the channel-2 variant too.
  const again = await visit(page, '/p/lounge-chair');
  expect(variantOf(again)).toBe(second);
  expect(plain(await page.getByTestId('product-detail').filter({ visible: true }).getByTestId('price').textContent())).toBe('$449.00');

  await page.getByRole('button', { name: 'BR · R$' }).click();
  await expect(page.getByTestId('product-detail').filter({ visible: true }).getByTestId('price')).toHaveText(/2\.199,00/);
  expect((await segmentCookie(context)).currencyCode).toBe('BRL');
});

test('a store link in the footer switches the store when followed, not when Next prefetches it', async ({ page, context }) => {
  const prefetches: { status: number; setsCookie: boolean }[] = [];
  page.on('response', async (response) => {
    const request = response.request();
    if (new URL(request.url()).searchParams.get('sc') !== '2' || (await request.headerValue('next-router-prefetch')) === null) return;
    prefetches.push({ status: response.status(), setsCookie: (await response.headerValue('set-cookie')) !== null });
  });
  await visit(page, '/products');
  const stores = page.getByRole('navigation', { name: 'Stores' });
  await stores.scrollIntoViewIfNeeded();

  // Next prefetches the link once it is in view: the shopper's store must not change.
  await expect.poll(() => prefetches.length, { message: 'Next prefetches the footer link to ?sc=2' }).toBeGreaterThan(0);
  expect(prefetches).toEqual(prefetches.map(() => ({ status: 204, setsCookie: false })));
  expect(valueOf(await readSession(page.request), 'store.channel')).toBe('1');
  expect((await segmentCookie(context)).channel).toBe('1');
  await expect(page.getByTestId('channel')).toHaveText('1');

  await stores.getByRole('link', { name: 'United States ($)' }).click();
  await expect(page.getByTestId('channel')).toHaveText('2');
  await expect(page.getByRole('button', { name: 'US · $' })).toHaveAttribute('aria-pressed', 'true');
  expect(valueOf(await readSession(page.request), 'store.channel')).toBe('2');
  expect((await segmentCookie(context)).currencyCode).toBe('USD');

  // The next page keeps the store the link chose.
  await visit(page, '/products');
  await expect(productCard(page, 'lounge-chair').getByTestId('price')).toHaveText('$449.00');
});

test("the footer's link to the store the shopper is in is an ordinary link: prefetched, and followed without a page load", async ({ page, context }) => {
  const prefetches: number[] = [];
  page.on('response', async (response) => {
    const request = response.request();
    if (new URL(request.url()).searchParams.get('sc') !== '1' || (await request.headerValue('next-router-prefetch')) === null) return;
    prefetches.push(response.status());
  });
  await visit(page, '/products');
  const stores = page.getByRole('navigation', { name: 'Stores' });
  await stores.scrollIntoViewIfNeeded();
  await expect.poll(() => prefetches.length, { message: 'Next prefetches the footer link to ?sc=1' }).toBeGreaterThan(0);
  expect(prefetches.every((status) => status === 200), `prefetch statuses ${prefetches.join(', ')}`).toBe(true);
  const before = await segmentCookie(context);

  await markDocument(page);
  await stores.getByRole('link', { name: 'Brasil (R$)' }).click();
  await expect(page).toHaveURL(/\/\?sc=1$/);
  await expect(page.getByTestId('channel')).toHaveText('1');
  await expectSameDocument(page);
  expect(await segmentCookie(context)).toEqual(before);
});

test("the store switch overrides the store a link put in the page's URL", async ({ page, context }) => {
  await visit(page, '/products?sc=2');
  await expect(productCard(page, 'lounge-chair').getByTestId('price')).toHaveText('$449.00');

  await page.getByRole('button', { name: 'BR · R$' }).click();
  await expect(page.getByRole('button', { name: 'BR · R$' })).toHaveAttribute('aria-pressed', 'true');
  await expect(productCard(page, 'lounge-chair').getByTestId('price')).toHaveText(/2\.199,00/);
  // The link's `sc` is gone from the address: reloading it keeps the shopper's choice.
  expect(new URL(page.url()).search).toBe('');
  expect((await segmentCookie(context)).channel).toBe('1');
  await page.reload();
  await expect(productCard(page, 'lounge-chair').getByTestId('price')).toHaveText(/2\.199,00/);
  expect(valueOf(await readSession(page.request), 'store.channel')).toBe('1');
});
