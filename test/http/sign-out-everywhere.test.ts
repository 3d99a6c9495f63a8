import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../support/next-server';
import { CookieJar } from '../support/cookie-jar';
import { REDIS_URL, RUN_PREFIX, redisTestContext } from '../support/redis';

const JSON_HEADERS = { 'content-type': 'application/json' };

async function signIn(server: RunningServer): Promise<CookieJar> {
  const jar = new CookieJar();
  const response = await jar.fetch(`${server.url}/api/auth/login`, {
    method: 'POST',
    headers: JSON_HEADERS,
    body: JSON.stringify({ email: 'buyer@b2b.example', password: 'demo' }),
  });
  expect(response.status).toBe(200);
  return jar;
}

async function profile(server: RunningServer, jar: CookieJar) {
  return (await (await jar.fetch(`${server.url}/api/sessions?items=profile.isAuthenticated,profile.email,public.utm_source`)).json()).namespaces;
}

describe('sign out everywhere (POST /api/auth/logout?everywhere=1)', () => {
  // Drops this run's keys afterwards.
  redisTestContext();
  let redis: RunningServer;
  let cookie: RunningServer;
  beforeAll(async () => {
    [redis, cookie] = await Promise.all([
      startServer({ SESSION_STORE: 'redis', REDIS_URL, REDIS_PREFIX: `${RUN_PREFIX}everywhere:` }),
      startServer({ SESSION_STORE: 'cookie' }),
    ]);
  });
  afterAll(async () => {
    await Promise.all([redis?.stop(), cookie?.stop()]);
  });

  it('with Redis, ends the user’s sessions on every device and keeps this device’s public inputs', async () => {
    const laptop = await signIn(redis);
    const phone = await signIn(redis);
    await laptop.fetch(`${redis.url}/api/sessions`, { method: 'PATCH', headers: JSON_HEADERS, body: '{"public":{"utm_source":{"value":"mail"}}}' });
    expect((await profile(redis, phone)).profile.isAuthenticated.value).toBe('true');

    const response = await laptop.fetch(`${redis.url}/api/auth/logout?everywhere=1`, { method: 'POST', headers: JSON_HEADERS, body: '{}' });
    expect(response.status).toBe(200);
    expect((await profile(redis, laptop))).toMatchObject({ profile: { isAuthenticated: { value: 'false' } }, public: { utm_source: { value: 'mail' } } });
    expect((await profile(redis, phone)).profile).toEqual({ isAuthenticated: { value: 'false' } });
  });

  it('asks a visitor to sign in first, and says plainly when the store cannot do it, changing nothing', async () => {
    const visitor = new CookieJar();
    const refused = await visitor.fetch(`${redis.url}/api/auth/logout?everywhere=1`, { method: 'POST', headers: JSON_HEADERS, body: '{}' });
    expect(refused.status).toBe(401);
    expect((await refused.json()).error.code).toBe('not_signed_in');

    const jar = await signIn(cookie);
    const response = await jar.fetch(`${cookie.url}/api/auth/logout?everywhere=1`, { method: 'POST', headers: JSON_HEADERS, body: '{}' });
    expect(response.status).toBe(501);
    expect((await response.json()).error.code).toBe('revocation_unsupported');
    expect(response.headers.getSetCookie()).toEqual([]);
    expect((await profile(cookie, jar)).profile.isAuthenticated.value).toBe('true');
  });
});
