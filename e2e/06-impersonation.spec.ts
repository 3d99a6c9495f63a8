import { expect, test } from '@playwright/test';
import { BUYER, OPERATOR, plain, productCard, readSession, screenshot, segmentCookie, signIn, valueOf, visit } from './support';

const IMPERSONATE_KEY = 'vtex-impersonated-customer-email';

test('the operator impersonates the B2B buyer, sees B2B prices, and stops back to their own view', async ({ page, context }) => {
  await signIn(page, OPERATOR, '/operator');
  const panel = page.getByTestId('operator-panel');
  await expect(panel).toBeVisible();
  const preview = productCard(page, 'stoneware-mug');
  expect(plain(await preview.getByTestId('price').textContent())).toBe('R$ 89,90');

  await page.getByLabel('Customer email').fill(BUYER.email);
  await page.getByRole('button', { name: 'Start impersonating' }).click();
  await expect(page.getByTestId('impersonating')).toContainText(`You are acting as Beatriz Almeida (${BUYER.email})`);
  // The price table changed the variant: the provider re-rendered the page for it.
  await expect(preview.getByTestId('price')).toHaveText(/64,90/);
  await expect(preview).toContainText('B2B Gold price');
  await expect(page.getByTestId('account-name')).toHaveText(BUYER.firstName);
  await screenshot(page, 'operator-impersonating');

  const acting = await readSession(page.request);
  expect(valueOf(acting, 'impersonate.storeUserEmail')).toBe(BUYER.email);
  expect(valueOf(acting, 'profile.email')).toBe(BUYER.email);
  expect((await segmentCookie(context)).priceTables).toBe('b2b-gold');

  await visit(page, '/p/stoneware-mug');
  expect(plain(await page.getByTestId('product-detail').getByTestId('price').textContent())).toBe('R$ 64,90');

  await visit(page, '/operator');
  await page.getByRole('button', { name: 'Stop impersonating' }).click();
  await expect(page.getByLabel('Customer email')).toBeVisible();
  await expect(preview.getByTestId('price')).toHaveText(/89,90/);
  await expect(page.getByTestId('account-name')).toHaveText(OPERATOR.firstName);

  const back = await readSession(page.request);
  expect(valueOf(back, 'impersonate.storeUserEmail')).toBeUndefined();
  expect(valueOf(back, 'profile.email')).toBe(OPERATOR.email);
  expect((await segmentCookie(context)).priceTables).toBeNull();
});

test('a visitor cannot impersonate: the key is ignored and the page says so', async ({ page, context }) => {
  await visit(page, '/operator');
  await expect(page.getByTestId('operator-denied')).toContainText('Operators only');
  await expect(page.getByLabel('Customer email')).toHaveCount(0);

  // Even straight through the Sessions API, the way a crafty script would.
  const response = await page.request.patch('/api/sessions?items=*', { data: { public: { [IMPERSONATE_KEY]: { value: BUYER.email } } } });
  expect(response.ok()).toBe(true);
  const session = await readSession(page.request);
  expect(valueOf(session, 'profile.isAuthenticated')).toBe('false');
  expect(valueOf(session, 'profile.email')).toBeUndefined();
  expect(valueOf(session, 'impersonate.storeUserId')).toBeUndefined();
  expect((await segmentCookie(context)).priceTables).toBeNull();

  await visit(page, '/p/stoneware-mug');
  expect(plain(await page.getByTestId('product-detail').getByTestId('price').textContent())).toBe('R$ 89,90');
});
