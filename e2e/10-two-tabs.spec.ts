import { expect, test } from '@playwright/test';
import { PAULISTA, SEGMENT_COOKIE, cookieValue, decodeSegment, expectSameDocument, markDocument, picker, productCard, renderedVariant, visit } from './support';

/** The segment cookie as the page's own scripts read it. */
const segmentSeenBy = (page: import('@playwright/test').Page, name: string) =>
  page.evaluate((cookie) => document.cookie.split('; ').find((part) => part.startsWith(`${cookie}=`))?.slice(cookie.length + 1) ?? null, name);

test('a session update in one tab shows in another tab of the same browser', async ({ context }) => {
  const first = await context.newPage();
  const second = await context.newPage();
  await visit(first, '/products');
  await visit(second, '/p/potted-monstera');
  const secondVariant = await renderedVariant(second);
  await expect(second.getByTestId('product-detail').filter({ visible: true }).locator('[data-availability]')).toHaveText('Enter a postal code to check delivery');
  await markDocument(second);
  const segmentBefore = await segmentSeenBy(second, SEGMENT_COOKIE);

  const firstBefore = await renderedVariant(first);
  await picker(first).enter('BRA', PAULISTA);
  await expect(productCard(first, 'potted-monstera').locator('[data-availability]')).toHaveText('Not available in your region');
  // The badge can follow the session in the browser before the page's refresh to its
  // new variant lands: wait for that render, not only the badge.
  await expect.poll(() => renderedVariant(first)).not.toBe(firstBefore);
  const firstVariant = await renderedVariant(first);

  // The other tab hears of the change and follows, without being reloaded by anyone.
  await expect(picker(second).status).toHaveText(new RegExp(`^Delivering to ${PAULISTA}`));
  await expect(second.getByTestId('product-detail').filter({ visible: true }).locator('[data-availability]')).toHaveText('Not available in your region');
  await expect(second.getByTestId('banner-sp-local').filter({ visible: true })).toBeVisible();
  expect(await renderedVariant(second)).not.toBe(secondVariant);
  // Both tabs are on the same new variant, and the second one's scripts read the new segment cookie.
  expect(await renderedVariant(second)).toBe(firstVariant);
  const segmentAfter = await segmentSeenBy(second, SEGMENT_COOKIE);
  expect(segmentAfter).not.toBe(segmentBefore);
  expect(segmentAfter).toBe(await cookieValue(context, SEGMENT_COOKIE));
  expect(Buffer.from(decodeSegment(segmentAfter!).regionId!, 'base64').toString()).toBe('SW#1;sp-centro;sp-express');
  await expectSameDocument(second);
});

test('a tab opened from a store link follows when the shopper switches back in another tab, without switching the session again', async ({ context }) => {
  const first = await context.newPage();
  await visit(first, '/products');
  const second = await context.newPage();
  await visit(second, '/products?sc=2');
  await expect(productCard(second, 'lounge-chair').getByTestId('price')).toHaveText('$449.00');

  // Back in the first tab, the next page is the US store's; the shopper picks Brazil again.
  await visit(first, '/products');
  await expect(productCard(first, 'lounge-chair').getByTestId('price')).toHaveText('$449.00');
  await first.getByRole('button', { name: 'BR · R$' }).click();
  await expect(productCard(first, 'lounge-chair').getByTestId('price')).toHaveText(/2\.199,00/);

  // The second tab follows, and its URL no longer names the US store: refreshing it must not switch back.
  await expect(productCard(second, 'lounge-chair').getByTestId('price')).toHaveText(/2\.199,00/);
  expect(new URL(second.url()).search).toBe('');
  expect(decodeSegment((await cookieValue(context, SEGMENT_COOKIE))!).channel).toBe('1');
  await first.reload();
  await expect(productCard(first, 'lounge-chair').getByTestId('price')).toHaveText(/2\.199,00/);
});
