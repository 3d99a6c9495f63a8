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
