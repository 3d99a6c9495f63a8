import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CookieJar } from '../support/cookie-jar';
import { startServer, type RunningServer } from '../support/next-server';
import { adminClient, dropKeys, REDIS_URL, RUN_PREFIX, testPrefix, type AdminClient } from '../support/redis';

// Servers of this file's own: locking the demo accounts must not disturb other test files.

const JSON_HEADERS = { 'content-type': 'application/json' };
const FORM_HEADERS = { 'content-type': 'application/x-www-form-urlencoded' };
const WINDOW_SECONDS = 15 * 60;

function login(server: RunningServer, email: string, password: string, jar = new CookieJar()) {
  return jar.fetch(`${server.url}/api/auth/login`, { method: 'POST', headers: JSON_HEADERS, body: JSON.stringify({ email, password }) });
}

function formLogin(server: RunningServer, email: string, password: string) {
  const form = new URLSearchParams({ email, password, redirect: '/account', error_redirect: '/login?redirect=%2Faccount' });
  return fetch(`${server.url}/api/auth/login`, { method: 'POST', headers: FORM_HEADERS, body: form.toString(), redirect: 'manual' });
}

async function expectInvalidCredentials(response: Response) {
  expect(response.status).toBe(401);
  expect((await response.json()).error.code).toBe('invalid_credentials');
}

async function expectTooManyAttempts(response: Response) {
  expect(response.status).toBe(429);
  expect(response.headers.get('content-type')).toMatch(/application\/json/);
  expect(response.headers.get('cache-control')).toBe('private, no-store');
  expect(response.headers.getSetCookie()).toEqual([]);
  const retryAfter = Number(response.headers.get('retry-after'));
  expect(retryAfter).toBeGreaterThan(WINDOW_SECONDS - 60);
  expect(retryAfter).toBeLessThanOrEqual(WINDOW_SECONDS);
  expect(await response.json()).toEqual({
    error: { code: 'too_many_attempts', message: 'Too many sign-in attempts for this account. Try again in 15 minutes.' },
  });
}

describe('sign-in throttle over HTTP (cookie store, next start)', () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startServer({ SESSION_STORE: 'cookie' });
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('five wrong passwords are 401s; the sixth attempt, even with the right password, is a 429 with Retry-After', async () => {
    for (let i = 1; i <= 5; i++) await expectInvalidCredentials(await login(server, 'shopper@example.com', `guess-${i}`));
    const jar = new CookieJar();
    await expectTooManyAttempts(await login(server, 'Shopper@Example.com ', 'demo', jar));
    expect(jar.get('vtex_session')).toBeUndefined();

    // Another account still signs in.
    const buyer = new CookieJar();
    const response = await login(server, 'buyer@b2b.example', 'demo', buyer);
    expect(response.status).toBe(200);
    const session = await (await buyer.fetch(`${server.url}/api/sessions?items=profile.email`)).json();
    expect(session.namespaces.profile.email.value).toBe('buyer@b2b.example');
  });

  it('an email no account has is limited the same way, so a 429 says nothing about who exists', async () => {
    for (let i = 0; i < 5; i++) await expectInvalidCredentials(await login(server, 'nobody@example.com', 'demo'));
    await expectTooManyAttempts(await login(server, 'nobody@example.com', 'demo'));
  });

  it('the no-JS form is sent back with auth_error=too_many_attempts, and the sign-in page says when to retry', async () => {
    for (let i = 0; i < 5; i++) {
      const refused = await formLogin(server, 'operator@store.example', 'wrong');
      expect(refused.status).toBe(303);
      expect(refused.headers.get('location')).toBe('/login?redirect=%2Faccount&auth_error=invalid_credentials');
    }
    const locked = await formLogin(server, 'operator@store.example', 'demo');
    expect(locked.status).toBe(303);
    expect(locked.headers.getSetCookie()).toEqual([]);
    const location = new URL(locked.headers.get('location')!, server.url);
    expect(location.pathname).toBe('/login');
    expect(location.searchParams.get('auth_error')).toBe('too_many_attempts');
    expect(location.searchParams.get('redirect')).toBe('/account');
    const retryAfter = Number(location.searchParams.get('retry_after'));
    expect(retryAfter).toBeGreaterThan(WINDOW_SECONDS - 60);
    expect(retryAfter).toBeLessThanOrEqual(WINDOW_SECONDS);

    const page = await fetch(location);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toMatch(/role="alert"[^>]*>Too many sign-in attempts for this account\. Try again in 15 minutes\.</);
    // Without a wait it still explains the refusal.
    const bare = await (await fetch(`${server.url}/login?auth_error=too_many_attempts&retry_after=junk`)).text();
    expect(bare).toContain('Too many sign-in attempts for this account. Wait a while, then try again.');
  });
});

describe('sign-in throttle shared by two servers through Redis (SESSION_STORE=redis)', () => {
  let a: RunningServer;
  let b: RunningServer;
  let admin: AdminClient;
  const prefix = testPrefix('throttle-http');

  beforeAll(async () => {
    admin = await adminClient();
    const env = { SESSION_STORE: 'redis', REDIS_URL, REDIS_PREFIX: prefix };
    [a, b] = await Promise.all([startServer(env), startServer(env)]);
  });
  afterAll(async () => {
    await Promise.all([a?.stop(), b?.stop()]);
    if (!admin) return;
    await dropKeys(admin, RUN_PREFIX);
    await admin.close();
  });

  it('counts attempts on either server against one limit, in Redis under the prefix with the window as TTL', async () => {
    for (const server of [a, b, a, b, a]) await expectInvalidCredentials(await login(server, 'shopper@example.com', 'wrong'));
    const key = `${prefix}attempts:${encodeURIComponent('account:shopper@example.com')}`;
    expect(await admin.get(key)).toBe('5');
    const ttl = await admin.pTTL(key);
    expect(ttl).toBeGreaterThan((WINDOW_SECONDS - 60) * 1000);
    expect(ttl).toBeLessThanOrEqual(WINDOW_SECONDS * 1000);

    await expectTooManyAttempts(await login(b, 'shopper@example.com', 'demo'));
    await expectTooManyAttempts(await login(a, 'shopper@example.com', 'demo'));
  });

  it('a successful sign-in on one server clears the count for both', async () => {
    for (const server of [a, b, a, b]) await expectInvalidCredentials(await login(server, 'buyer@b2b.example', 'wrong'));
    expect((await login(b, 'buyer@b2b.example', 'demo')).status).toBe(200);
    expect(await admin.exists(`${prefix}attempts:${encodeURIComponent('account:buyer@b2b.example')}`)).toBe(0);
    for (let i = 0; i < 5; i++) await expectInvalidCredentials(await login(a, 'buyer@b2b.example', 'wrong'));
    await expectTooManyAttempts(await login(b, 'buyer@b2b.example', 'demo'));
  });
});
