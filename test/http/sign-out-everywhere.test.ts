import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { redisStore } from '@/lib/session/stores/redis';
import { startServer, type RunningServer } from '../support/next-server';
import { CookieJar } from '../support/cookie-jar';
import { REDIS_URL, RUN_PREFIX, redisTestContext, type AdminClient } from '../support/redis';

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

describe('signing in and out with the Redis store, and sign out everywhere (POST /api/auth/logout?everywhere=1)', () => {
  // Drops this run's keys afterwards.
  const context = redisTestContext();
  const prefix = `${RUN_PREFIX}everywhere:`;
  // Only for its key names; the server under test does the work.
  const keys = context.stores.track(redisStore({ url: REDIS_URL, prefix }));
  const sessionKey = (id: string) => keys.keys(id).session;
  let admin: AdminClient;
  beforeAll(() => {
    admin = context.admin;
  });
  let redis: RunningServer;
  let cookie: RunningServer;
  beforeAll(async () => {
    [redis, cookie] = await Promise.all([
      startServer({ SESSION_STORE: 'redis', REDIS_URL, REDIS_PREFIX: prefix }),
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

  it('with Redis, sign-in moves the session to a new id and deletes the old key', async () => {
    const jar = new CookieJar();
    await jar.fetch(`${redis.url}/api/sessions`, { method: 'PATCH', headers: JSON_HEADERS, body: '{"public":{"utm_source":{"value":"mail"}}}' });
    const visitor = (await (await jar.fetch(`${redis.url}/api/sessions`)).json()).id as string;
    expect(await admin.exists(sessionKey(visitor))).toBe(1);
    const planted = jar.get('vtex_session')!;

    const response = await jar.fetch(`${redis.url}/api/auth/login`, { method: 'POST', headers: JSON_HEADERS, body: JSON.stringify({ email: 'buyer@b2b.example', password: 'demo' }) });
    expect(response.status).toBe(200);
    const buyer = (await (await jar.fetch(`${redis.url}/api/sessions`)).json()).id as string;
    expect(buyer).not.toBe(visitor);
    expect(await admin.exists(sessionKey(visitor))).toBe(0);
    expect(await admin.exists(sessionKey(buyer))).toBe(1);
    // The pre-login cookie is worthless now (no session fixation).
    const attacker = new CookieJar();
    attacker.set('vtex_session', planted);
    expect(await profile(redis, attacker)).toEqual({ profile: { isAuthenticated: { value: 'false' } } });
  });

  it('with Redis, the cookie from before sign-out is a fresh visitor, and its key is gone', async () => {
    const jar = await signIn(redis);
    const signedIn = (await (await jar.fetch(`${redis.url}/api/sessions`)).json()).id as string;
    const before = jar.get('vtex_session')!;
    expect(await admin.exists(sessionKey(signedIn))).toBe(1);

    const response = await jar.fetch(`${redis.url}/api/auth/logout`, { method: 'POST', headers: JSON_HEADERS, body: '{}' });
    expect(response.status).toBe(200);
    expect(jar.get('vtex_session')).not.toBe(before);
    expect(await admin.exists(sessionKey(signedIn))).toBe(0);
    expect((await profile(redis, jar)).profile).toEqual({ isAuthenticated: { value: 'false' } });

    // Someone who kept the old cookie (a shared computer, a stolen cookie) is nobody.
    const replay = new CookieJar();
    replay.set('vtex_session', before);
    const read = await replay.fetch(`${redis.url}/api/sessions?items=profile.isAuthenticated,authentication.storeUserId`);
    expect(read.status).toBe(200);
    const session = await read.json();
    expect(session.id).not.toBe(signedIn);
    expect(session.namespaces).toEqual({ profile: { isAuthenticated: { value: 'false' } } });
    expect(await admin.exists(sessionKey(signedIn))).toBe(0);
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
