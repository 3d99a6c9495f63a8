import { expect, test } from '@playwright/test';
import { PAULISTA, plain, productCard, readSession, screenshot, segmentCookie, valueOf, visit } from './support';

test.use({ javaScriptEnabled: false });

test('the region picker works with JavaScript disabled', async ({ page, context }) => {
  await visit(page, '/products');
  const region = page.locator('.region-picker');
  await expect(page.getByTestId('region-current')).toHaveText('No delivery region yet: enter a postal code to see what we deliver to you.');
  await expect(productCard(page, 'burr-grinder').locator('[data-availability]')).toHaveText('Enter a postal code to check delivery');

  await region.getByLabel('Country').selectOption('BRA');
  await region.getByLabel('Postal code').fill(PAULISTA);
  // A real form post: the route writes the session and answers 303 back to this page.
  const [post] = await Promise.all([
    page.waitForResponse((response) => response.url().endsWith('/api/sessions/form')),
    region.getByRole('button', { name: 'Apply' }).click(),
  ]);
  expect(post.status()).toBe(303);
  await page.waitForURL((url) => url.pathname === '/products');

  await expect(page.getByTestId('region-current')).toHaveText(
    'Your region is served by Demo Store, Mercado Centro SP, and Paulista Express',
  );
  await expect(productCard(page, 'burr-grinder').locator('[data-availability]')).toHaveText('Not available in your region');
  await expect(productCard(page, 'oak-cutting-board').locator('[data-availability]')).toHaveText('Delivers to your region');
  await expect(page.getByTestId('banner-sp-local')).toBeVisible();
  await screenshot(page, 'products-no-javascript');

  const segment = await segmentCookie(context);
  expect(Buffer.from(segment.regionId!, 'base64').toString()).toBe('SW#1;sp-centro;sp-express');
  const session = await readSession(page.request);
  expect(valueOf(session, 'public.postalCode')).toBe(PAULISTA);
});

test('the channel switch works with JavaScript disabled', async ({ page, context }) => {
  await visit(page, '/p/lounge-chair');
  await page.getByRole('button', { name: 'US · $' }).click();
  await page.waitForURL((url) => url.pathname === '/p/lounge-chair' && url.searchParams.get('sc') === '2');
  expect(plain(await page.getByTestId('product-detail').getByTestId('price').textContent())).toBe('$449.00');
  expect((await segmentCookie(context)).currencyCode).toBe('USD');
});
