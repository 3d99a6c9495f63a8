import { expect, test } from '@playwright/test';
import { CHANNEL_1_DEFAULTS } from '../test/support/segments';
import {
  SEGMENT_COOKIE,
  SESSION_COOKIE,
  VARIANT_HEADER,
  deferred,
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

test('a first visit\'s page sets no cookie; the provider\'s first call sets both, on the channel defaults, and the page comes from the variant cache', async ({ page, context, browser }) => {
  // The provider's first call is what starts the session: watched from before the page loads.
  const started = page.waitForResponse((response) => new URL(response.url()).pathname === '/api/sessions' && response.request().method() === 'GET');
  const first = await visit(page, '/');
  // Nothing to keep from the URL: no Set-Cookie on the page, which stays private to the visitor's browser.
  expect(deferred(first)).toBe(true);
  expect((await first.allHeaders())['set-cookie']).toBeUndefined();
  expect(first.headers()['cache-control']).toBe('private, no-cache');
  const call = await started;
  expect((await call.allHeaders())['set-cookie'], 'the Sessions API sets both cookies').toMatch(/vtex_session=[^]*vtex_segment=|vtex_segment=[^]*vtex_session=/);
  expect(call.headers()['cache-control']).toContain('no-store');

  const cookies = await context.cookies();
  const session = cookies.find((cookie) => cookie.name === SESSION_COOKIE);
  const segmentToken = cookies.find((cookie) => cookie.name === SEGMENT_COOKIE);
  expect(session, 'vtex_session is set').toBeTruthy();
  expect(session!.httpOnly).toBe(true);
  expect(session!.sameSite).toBe('Lax');
  expect(segmentToken, 'vtex_segment is set').toBeTruthy();
  expect(segmentToken!.httpOnly, 'page scripts may read the segment').toBe(false);
  // VTEX's wire format: standard base64 with the padding stripped.
  expect(segmentToken!.value).toMatch(/^[A-Za-z0-9+/]+$/);

  expect(await segmentCookie(context)).toEqual(CHANNEL_1_DEFAULTS);

  const code = variantOf(first);
  expect(await renderedVariant(page)).toBe(code);

  // What the shopper sees: Brazilian prices, no region yet, nobody signed in.
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  expect(plain(await productCard(page, 'stoneware-mug').getByTestId('price').textContent())).toBe('R$ 89,90');
  await expect(productCard(page, 'stoneware-mug')).toContainText('Enter a postal code to check delivery');
  await expect(page.getByRole('link', { name: 'Sign in' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'BR · R$' })).toHaveAttribute('aria-pressed', 'true');
  await expect(page.getByRole('button', { name: 'B2B · R$' }), 'the private channel is not offered to visitors').toHaveCount(0);

  const api = await readSession(page.request);
  expect(valueOf(api, 'store.channel')).toBe('1');
  expect(valueOf(api, 'profile.isAuthenticated')).toBe('false');
  await screenshot(page, 'home');

  // A returning visitor sends the same cookie: no new one comes back.
  const again = await page.request.get('/');
  expect(again.headers()['set-cookie']).toBeUndefined();
  expect(again.headers()[VARIANT_HEADER]).toBe(code);

  // Another new visitor shares the segment, so gets the same variant, served from Next's cache.
  const stranger = await browser.newContext();
  try {
    const response = await stranger.request.get('/');
    expect(response.status()).toBe(200);
    expect(response.headers()[VARIANT_HEADER]).toBe(code);
    expect(response.headers()['x-nextjs-cache']).toMatch(/HIT|STALE/);
    expect(response.headers()['set-cookie'], 'their page sets no cookie either').toBeUndefined();
    expect((await stranger.request.get('/api/sessions')).status()).toBe(200);
    const theirs = (await stranger.cookies()).find((cookie) => cookie.name === SESSION_COOKIE);
    expect(theirs?.value, 'their first call starts a session of their own').toBeTruthy();
    expect(theirs!.value).not.toBe(session!.value);
  } finally {
    await stranger.close();
  }
});
