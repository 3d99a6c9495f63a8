import { expect, test } from '@playwright/test';
import {
  BUYER,
  SESSION_COOKIE,
  cookieValue,
  plain,
  productCard,
  readSession,
  renderedVariant,
  screenshot,
  segmentCookie,
  signIn,
  valueOf,
  variantOf,
  visit,
} from './support';

test('the B2B buyer signs in to B2B prices and the b2b-vip banner, and signs out to public prices in a new session', async ({ page, context }) => {
  const visitor = variantOf(await visit(page, '/products'));
  expect(await renderedVariant(page)).toBe(visitor);
  const visitorSegment = await segmentCookie(context);
  expect(visitorSegment).toMatchObject({ priceTables: null, campaigns: null });
  const anonymous = await readSession(page.request);
  expect(plain(await productCard(page, 'gooseneck-kettle').getByTestId('price').textContent())).toBe('R$ 349,00');

  await signIn(page, BUYER, '/products');
  const card = productCard(page, 'gooseneck-kettle');
  expect(plain(await card.getByTestId('price').textContent())).toBe('R$ 279,00');
  await expect(card).toContainText('B2B Gold price');
  await expect(page.getByTestId('banner-b2b-vip').filter({ visible: true })).toBeVisible();

  const signedIn = await readSession(page.request);
  expect(signedIn.id, 'signing in rotates the session id').not.toBe(anonymous.id);
  expect(valueOf(signedIn, 'profile.isAuthenticated')).toBe('true');
  expect(valueOf(signedIn, 'profile.email')).toBe(BUYER.email);
  const segment = await segmentCookie(context);
  expect(segment.priceTables).toBe('b2b-gold');
  expect(segment.campaigns).toContain('b2b-vip');
  // The buyer's prices are a variant of their own, and the page on screen is it.
  const buyer = variantOf(await visit(page, '/products'));
  expect(buyer).not.toBe(visitor);
  expect(await renderedVariant(page)).toBe(buyer);

  // The private B2B channel opens to this price table.
  await page.getByRole('button', { name: 'B2B · R$' }).click();
  await expect(page.getByRole('button', { name: 'B2B · R$' })).toHaveAttribute('aria-pressed', 'true');
  expect(await segmentCookie(context)).toMatchObject({ channel: '3', channelPrivacy: 'private', priceTables: 'b2b-gold' });

  await visit(page, '/p/gooseneck-kettle');
  await expect(page.getByTestId('product-detail').filter({ visible: true })).toContainText('B2B Gold price');
  expect(plain(await page.getByTestId('product-detail').filter({ visible: true }).getByTestId('price').textContent())).toBe('R$ 279,00');
  await screenshot(page, 'product-b2b');

  await visit(page, '/account');
  await expect(page.getByTestId('account-email').filter({ visible: true })).toHaveText(BUYER.email);
  const tokenBefore = await cookieValue(context, SESSION_COOKIE);

  await Promise.all([
    page.waitForURL((url) => url.pathname === '/'),
    page.getByTestId('account-details').filter({ visible: true }).getByRole('button', { name: 'Sign out' }).click(),
  ]);
  await expect(page.getByRole('link', { name: 'Sign in' })).toBeVisible();
  await expect(page.getByTestId('banner-b2b-vip').filter({ visible: true })).toHaveCount(0);
  expect(plain(await productCard(page, 'stoneware-mug').getByTestId('price').textContent())).toBe('R$ 89,90');
  await expect(page.locator('[data-price-table="b2b-gold"]').filter({ visible: true })).toHaveCount(0);

  const signedOut = await readSession(page.request);
  expect(signedOut.id, 'signing out starts a new session id').not.toBe(signedIn.id);
  expect(valueOf(signedOut, 'profile.isAuthenticated')).toBe('false');
  expect(await cookieValue(context, SESSION_COOKIE)).not.toBe(tokenBefore);
  const after = await segmentCookie(context);
  expect(after.priceTables).toBeNull();
  expect(after.campaigns).toBeNull();
  // Signed out, the private channel is closed again: back to the default one.
  expect(after).toMatchObject({ channel: '1', channelPrivacy: 'public' });
  await expect(page.getByRole('button', { name: 'B2B · R$' })).toHaveCount(0);
  // Back on the visitor's variant: the same cached pages as before signing in.
  expect(await renderedVariant(page)).toBe(visitor);
  expect(variantOf(await visit(page, '/products'))).toBe(visitor);
});

test('a wrong password keeps the shopper signed out and says why', async ({ page }) => {
  await visit(page, '/login?redirect=%2Faccount');
  await page.getByLabel('Email').filter({ visible: true }).fill(BUYER.email);
  await page.getByLabel('Password').filter({ visible: true }).fill('not-the-password');
  await Promise.all([page.waitForURL(/auth_error=invalid_credentials/), page.getByRole('button', { name: 'Sign in' }).click()]);
  await expect(page.locator('#sign-in-error').filter({ visible: true })).toHaveText('That email and password do not match an account.');
  expect(valueOf(await readSession(page.request), 'profile.isAuthenticated')).toBe('false');
});

test('a hostile redirect on the sign-in page is dropped, and signing in still works', async ({ page, baseURL }) => {
  // A tab inside "/\t/evil.example" is stripped by browsers, leaving "//evil.example": another site.
  await visit(page, `/login?redirect=${encodeURIComponent('/\t/evil.example/')}`);
  await expect(page.locator('form[action="/api/auth/login"] input[name=redirect]')).toHaveValue('/account');
  await page.getByLabel('Email').filter({ visible: true }).fill(BUYER.email);
  await page.getByLabel('Password').filter({ visible: true }).fill(BUYER.password);
  await Promise.all([page.waitForURL((url) => url.pathname === '/account'), page.getByRole('button', { name: 'Sign in' }).click()]);
  expect(new URL(page.url()).origin).toBe(new URL(baseURL!).origin);
  await expect(page.getByTestId('account-email').filter({ visible: true })).toHaveText(BUYER.email);
});
