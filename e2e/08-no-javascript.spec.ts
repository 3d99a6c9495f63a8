import { expect, test, type Page } from '@playwright/test';
import {
  BUYER,
  OUTSIDE_EVERY_REGION,
  PAULISTA,
  SEGMENT_COOKIE,
  SESSION_COOKIE,
  cookieValue,
  plain,
  productCard,
  readSession,
  screenshot,
  segmentCookie,
  valueOf,
  variantOf,
  visit as visitWithScripts,
} from './support';

test.use({ javaScriptEnabled: false });

/** No provider runs here, so a first visit's page starts no session: the form post does. */
const visit = (page: Page, url: string) => visitWithScripts(page, url, { scripts: false });

const NO_REGION_LINE = 'No delivery region yet: no postal code entered, or no seller delivers to yours.';

/** Fills the header's picker and posts it for real; resolves with the form route's answer. */
async function post(page: Page, country: 'BRA' | 'USA', postalCode: string) {
  const region = page.locator('.region-picker').filter({ visible: true });
  await region.getByLabel('Country').selectOption(country);
  await region.getByLabel('Postal code').fill(postalCode);
  const [answer] = await Promise.all([
    page.waitForResponse((response) => response.url().endsWith('/api/sessions/form')),
    region.getByRole('button', { name: 'Apply' }).click(),
  ]);
  expect(answer.status()).toBe(303);
  return answer;
}

test('the region picker works with JavaScript disabled', async ({ page, context }) => {
  const first = await visit(page, '/products');
  const region = page.locator('.region-picker').filter({ visible: true });
  // Rendered on the server with this page's path: going back needs no Referer.
  await expect(region.locator('input[type=hidden][name=redirect]')).toHaveValue('/products');
  await expect(page.getByTestId('region-current').filter({ visible: true })).toHaveText(NO_REGION_LINE);
  await expect(productCard(page, 'burr-grinder').locator('[data-availability]')).toHaveText('Enter a postal code to check delivery');

  // A real form post: the route writes the session and answers 303 back to this page.
  const answer = await post(page, 'BRA', PAULISTA);
  expect(answer.headers().location).toBe('/products');
  await page.waitForURL((url) => url.pathname === '/products');

  await expect(page.getByTestId('region-current').filter({ visible: true })).toHaveText(
    'Your region is served by Demo Store, Mercado Centro SP, and Paulista Express',
  );
  await expect(productCard(page, 'burr-grinder').locator('[data-availability]')).toHaveText('Not available in your region');
  await expect(productCard(page, 'oak-cutting-board').locator('[data-availability]')).toHaveText('Delivers to your region');
  await expect(page.getByTestId('banner-sp-local').filter({ visible: true })).toBeVisible();
  await screenshot(page, 'products-no-javascript');

  const segment = await segmentCookie(context);
  expect(Buffer.from(segment.regionId!, 'base64').toString()).toBe('SW#1;sp-centro;sp-express');
  const session = await readSession(page.request);
  expect(valueOf(session, 'public.postalCode')).toBe(PAULISTA);
  const after = await visit(page, '/products');
  expect(variantOf(after), 'the region moved the shopper to another variant').not.toBe(variantOf(first));
});

test('a malformed code shows the error on the region page, keeps what was typed and changes nothing', async ({ page, context }) => {
  const before = await visit(page, '/c/kitchen');
  const cookies = { session: await cookieValue(context, SESSION_COOKIE), segment: await cookieValue(context, SEGMENT_COOKIE) };

  await post(page, 'USA', '1310-10');
  await page.waitForURL((url) => url.pathname === '/region');
  const region = page.getByTestId('region-page').filter({ visible: true });
  const field = region.getByLabel('Postal code');
  await expect(field).toHaveValue('1310-10');
  await expect(region.getByLabel('Country')).toHaveValue('USA');
  await expect(field).toHaveAttribute('aria-invalid', 'true');
  await expect(field).toHaveAccessibleDescription('“1310-10” is not a valid postal code for United States');
  await expect(page.getByText('Your delivery region was not changed.').filter({ visible: true })).toBeVisible();
  // One picker on the page: the header's steps aside.
  await expect(page.locator('.region-picker').filter({ visible: true })).toHaveCount(1);
  await screenshot(page, 'region-page-malformed');

  expect(await cookieValue(context, SESSION_COOKIE)).toBe(cookies.session);
  expect(await cookieValue(context, SEGMENT_COOKIE)).toBe(cookies.segment);
  expect(valueOf(await readSession(page.request), 'public.postalCode')).toBeUndefined();

  // The way back is the page the shopper was on, on the same variant.
  await expect(page.getByTestId('region-back').filter({ visible: true })).toHaveAttribute('href', '/c/kitchen');
  const [back] = await Promise.all([page.waitForResponse((r) => new URL(r.url()).pathname === '/c/kitchen'), page.getByTestId('region-back').filter({ visible: true }).click()]);
  expect(variantOf(back)).toBe(variantOf(before));
});

test('a code no seller serves says so on the region page; the variant stays a new visitor’s', async ({ page, context, browser }) => {
  const fresh = await browser.newContext({ javaScriptEnabled: false });
  const newVisitor = variantOf(await visit(await fresh.newPage(), '/products'));
  await fresh.close();

  await visit(page, '/products');
  const tokenBefore = await cookieValue(context, SESSION_COOKIE);
  await post(page, 'BRA', OUTSIDE_EVERY_REGION);
  await page.waitForURL((url) => url.pathname === '/region' && url.searchParams.get('from') === '/products');
  const region = page.getByTestId('region-page').filter({ visible: true });
  await expect(region.getByRole('status')).toHaveText(`No seller delivers to ${OUTSIDE_EVERY_REGION} yet`);
  await expect(region.getByLabel('Postal code')).toHaveValue(OUTSIDE_EVERY_REGION);
  await expect(region.getByLabel('Postal code')).not.toHaveAttribute('aria-invalid', 'true');
  await screenshot(page, 'region-page-no-seller');

  // The write happened: new cookies, the code in the session, no region.
  expect(await cookieValue(context, SESSION_COOKIE)).not.toBe(tokenBefore);
  expect((await segmentCookie(context)).regionId).toBeNull();
  expect(valueOf(await readSession(page.request), 'public.postalCode')).toBe(OUTSIDE_EVERY_REGION);

  await page.getByTestId('region-back').filter({ visible: true }).click();
  await page.waitForURL((url) => url.pathname === '/products');
  const back = await visit(page, '/products');
  expect(variantOf(back)).toBe(newVisitor);
  // The cached page cannot know the code: its line holds for both kinds of shopper.
  await expect(page.getByTestId('region-current').filter({ visible: true })).toHaveText(NO_REGION_LINE);
});

test('a hostile way back from the region page is dropped', async ({ page }) => {
  await visit(page, '/region?from=%2F%2Fevil.example%2F');
  await expect(page.getByTestId('region-back').filter({ visible: true })).toHaveAttribute('href', '/');
  await expect(page.getByTestId('region-page').filter({ visible: true }).locator('input[name=redirect]')).toHaveValue('/');
});

test('the channel switch works with JavaScript disabled', async ({ page, context }) => {
  await visit(page, '/p/lounge-chair');
  await page.getByRole('button', { name: 'US · $' }).click();
  await page.waitForURL((url) => url.pathname === '/p/lounge-chair' && url.searchParams.get('sc') === '2');
  expect(plain(await page.getByTestId('product-detail').filter({ visible: true }).getByTestId('price').textContent())).toBe('$449.00');
  expect((await segmentCookie(context)).currencyCode).toBe('USD');
  // The next page, without the query, keeps the channel: no script started a session, so the switch was minted on its page.
  await visit(page, '/p/lounge-chair');
  expect(plain(await page.getByTestId('product-detail').filter({ visible: true }).getByTestId('price').textContent())).toBe('$449.00');
});

test('signing in works with JavaScript disabled: the header links to the sign-in form, which posts for real', async ({ page, context }) => {
  const visitor = variantOf(await visit(page, '/products'));
  expect(plain(await productCard(page, 'gooseneck-kettle').getByTestId('price').textContent())).toBe('R$ 349,00');

  await Promise.all([
    page.waitForURL((url) => url.pathname === '/login' && url.searchParams.get('redirect') === '/products'),
    page.getByRole('banner').getByRole('link', { name: 'Sign in' }).click(),
  ]);
  await page.getByLabel('Email').filter({ visible: true }).fill(BUYER.email);
  await page.getByLabel('Password').filter({ visible: true }).fill(BUYER.password);
  await Promise.all([page.waitForURL((url) => url.pathname === '/products'), page.getByRole('button', { name: 'Sign in' }).click()]);

  // The page is the buyer's variant, so its prices are B2B ones without any script.
  expect(plain(await productCard(page, 'gooseneck-kettle').getByTestId('price').textContent())).toBe('R$ 279,00');
  const segment = await segmentCookie(context);
  expect(segment).toMatchObject({ priceTables: 'b2b-gold' });
  expect(segment.campaigns).toContain('b2b-vip');
  const buyer = variantOf(await visit(page, '/products'));
  expect(buyer).not.toBe(visitor);
  expect(await cookieValue(context, SESSION_COOKIE)).toBeTruthy();
});
