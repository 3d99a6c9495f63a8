import { expect, test } from '@playwright/test';
import { BUYER, OPERATOR, plain, productCard, readSession, renderedVariant, screenshot, segmentCookie, signIn, valueOf, variantOf, visit } from './support';

const IMPERSONATE_KEY = 'vtex-impersonated-customer-email';

test('the operator impersonates the B2B buyer, sees B2B prices, and stops back to their own view', async ({ page, context, browser }) => {
  // The variant the buyer gets when signing in themselves, in a browser of their own.
  const buyerContext = await browser.newContext();
  const buyerPage = await buyerContext.newPage();
  await signIn(buyerPage, BUYER, '/operator');
  const buyerVariant = variantOf(await visit(buyerPage, '/operator'));
  await buyerContext.close();

  await signIn(page, OPERATOR, '/operator');
  const operatorVariant = variantOf(await visit(page, '/operator'));
  expect(operatorVariant).not.toBe(buyerVariant);
  const operatorSession = await readSession(page.request);
  const panel = page.getByTestId('operator-panel').filter({ visible: true });
  await expect(panel).toBeVisible();
  const preview = productCard(page, 'stoneware-mug');
  expect(plain(await preview.getByTestId('price').textContent())).toBe('R$ 89,90');

  await page.getByLabel('Customer email').filter({ visible: true }).fill(BUYER.email);
  await page.getByRole('button', { name: 'Start impersonating' }).click();
  await expect(page.getByTestId('impersonating').filter({ visible: true })).toContainText(`You are acting as Beatriz Almeida (${BUYER.email})`);
  // The price table changed the variant: the provider re-rendered the page for it.
  await expect(preview.getByTestId('price')).toHaveText(/64,90/);
  await expect(preview).toContainText('B2B Gold price');
  await expect(page.getByTestId('account-name').filter({ visible: true })).toHaveText(BUYER.firstName);
  await screenshot(page, 'operator-impersonating');

  // Acting as the buyer is the buyer's variant: the same cached pages they see.
  await expect.poll(() => renderedVariant(page)).toBe(buyerVariant);
  const acting = await readSession(page.request);
  expect(acting.id, 'starting to impersonate gives the session a new id').not.toBe(operatorSession.id);
  expect(valueOf(acting, 'impersonate.storeUserEmail')).toBe(BUYER.email);
  expect(valueOf(acting, 'profile.email')).toBe(BUYER.email);
  expect((await segmentCookie(context)).priceTables).toBe('b2b-gold');

  expect(variantOf(await visit(page, '/p/stoneware-mug'))).toBe(buyerVariant);
  expect(plain(await page.getByTestId('product-detail').filter({ visible: true }).getByTestId('price').textContent())).toBe('R$ 64,90');

  await visit(page, '/operator');
  await page.getByRole('button', { name: 'Stop impersonating' }).click();
  await expect(page.getByLabel('Customer email').filter({ visible: true })).toBeVisible();
  await expect(preview.getByTestId('price')).toHaveText(/89,90/);
  await expect(page.getByTestId('account-name').filter({ visible: true })).toHaveText(OPERATOR.firstName);

  const back = await readSession(page.request);
  expect(back.id, 'stopping gives the session a new id again').not.toBe(acting.id);
  expect(valueOf(back, 'impersonate.storeUserEmail')).toBeUndefined();
  expect(valueOf(back, 'profile.email')).toBe(OPERATOR.email);
  expect((await segmentCookie(context)).priceTables).toBeNull();
  await expect.poll(() => renderedVariant(page)).toBe(operatorVariant);
  expect(variantOf(await visit(page, '/operator'))).toBe(operatorVariant);
});

test('a visitor cannot impersonate: the key is ignored and the page says so', async ({ page, context }) => {
  await visit(page, '/operator');
  await expect(page.getByTestId('operator-denied').filter({ visible: true })).toContainText('Operators only');
  await expect(page.getByLabel('Customer email').filter({ visible: true })).toHaveCount(0);

  // Even straight through the Sessions API, the way a crafty script would.
  const response = await page.request.patch('/api/sessions?items=*', { data: { public: { [IMPERSONATE_KEY]: { value: BUYER.email } } } });
  expect(response.ok()).toBe(true);
  const session = await readSession(page.request);
  expect(valueOf(session, 'profile.isAuthenticated')).toBe('false');
  expect(valueOf(session, 'profile.email')).toBeUndefined();
  expect(valueOf(session, 'impersonate.storeUserId')).toBeUndefined();
  expect((await segmentCookie(context)).priceTables).toBeNull();

  await visit(page, '/p/stoneware-mug');
  expect(plain(await page.getByTestId('product-detail').filter({ visible: true }).getByTestId('price').textContent())).toBe('R$ 89,90');
});
