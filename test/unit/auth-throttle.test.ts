import { afterAll, describe, expect, it } from 'vitest';
import { clientKeyFromHeader } from '@/lib/next/auth-route';
import { errorResponse } from '@/lib/next/errors';
import { signInWithPassword } from '@/lib/session/auth';
import {
  DEFAULT_LOGIN_WINDOW_SECONDS,
  LoginThrottle,
  accountCounterKey,
  describeWait,
  inProcessAttemptCounter,
  type AttemptCounter,
} from '@/lib/session/auth-throttle';
import type { CustomerDirectory } from '@/lib/session/customers/types';
import { SessionError } from '@/lib/session/errors';
import { redisAttemptCounter } from '@/lib/session/stores/redis-attempts';
import { RedisConnection } from '@/lib/session/stores/redis-connection';
import { commerceEngine, demoDirectory } from '../support/commerce-engine';
import { deadRedisUrl, REDIS_URL, redisTestContext, testPrefix } from '../support/redis';

const SHOPPER = 'shopper@example.com';
const WINDOW_MS = DEFAULT_LOGIN_WINDOW_SECONDS * 1000;

/** The demo's directory, real PBKDF2 and all, counting how often a password is checked. */
function spyDirectory(): CustomerDirectory & { checks: number } {
  const spy = {
    ...demoDirectory,
    checks: 0,
    async verifyCredentials(email: string, password: string) {
      spy.checks++;
      return demoDirectory.verifyCredentials(email, password);
    },
  };
  return spy;
}

function fakeClock(start = Date.UTC(2030, 0, 1)) {
  let at = start;
  return { now: () => at, advance: (ms: number) => void (at += ms) };
}

async function refusal(attempt: Promise<unknown>): Promise<SessionError> {
  const error = await attempt.then(
    () => null,
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(SessionError);
  return error as SessionError;
}

describe('login throttle (in process)', () => {
  it('refuses the sixth attempt with a 429 before the password is checked, even the right password', async () => {
    const engine = commerceEngine();
    const directory = spyDirectory();
    const throttle = new LoginThrottle();
    for (let i = 1; i <= 5; i++) {
      const error = await refusal(signInWithPassword(engine, directory, null, { email: SHOPPER, password: `wrong-${i}` }, { throttle }));
      expect([error.status, error.code]).toEqual([401, 'invalid_credentials']);
      expect(directory.checks).toBe(i);
    }
    const sixth = await refusal(signInWithPassword(engine, directory, null, { email: SHOPPER, password: 'demo' }, { throttle }));
    expect([sixth.status, sixth.code]).toEqual([429, 'too_many_attempts']);
    expect(sixth.message).toBe('Too many sign-in attempts for this account. Try again in 15 minutes.');
    expect(sixth.retryAfterSeconds).toBeGreaterThan(DEFAULT_LOGIN_WINDOW_SECONDS - 60);
    expect(sixth.retryAfterSeconds).toBeLessThanOrEqual(DEFAULT_LOGIN_WINDOW_SECONDS);
    // No PBKDF2 was spent on the refused attempt.
    expect(directory.checks).toBe(5);

    // Another account is not affected.
    const buyer = await signInWithPassword(engine, directory, null, { email: 'buyer@b2b.example', password: 'demo' }, { throttle });
    expect(buyer.session.namespaces.authentication?.storeUserId?.value).toBe('c-1001');
  });

  it('clears the account count on a successful sign-in', async () => {
    const engine = commerceEngine();
    const directory = spyDirectory();
    const throttle = new LoginThrottle();
    const attempt = (password: string) => signInWithPassword(engine, directory, null, { email: SHOPPER, password }, { throttle });
    for (let i = 0; i < 4; i++) expect((await refusal(attempt('wrong'))).status).toBe(401);
    const signedIn = await attempt('demo');
    expect(signedIn.session.namespaces.profile?.email?.value).toBe(SHOPPER);
    // A fresh five after the success, not one.
    for (let i = 0; i < 5; i++) expect((await refusal(attempt('wrong'))).status).toBe(401);
    expect((await refusal(attempt('demo'))).status).toBe(429);
    expect(directory.checks).toBe(10);
  });

  it('counts an email however it is spelt: trimmed and lower-cased', async () => {
    const throttle = new LoginThrottle({ maxAttempts: 3 });
    for (const email of ['shopper@example.com', '  Shopper@Example.COM ', 'SHOPPER@EXAMPLE.COM\t']) await throttle.admit(email);
    const error = await refusal(throttle.admit('shopper@example.com '));
    expect(error.code).toBe('too_many_attempts');
    expect(accountCounterKey(' A@B.Example ')).toBe('account:a@b.example');
  });

  it('lets the account in again when its window ends, and the window does not grow with more attempts', async () => {
    const clock = fakeClock();
    const throttle = new LoginThrottle({ now: clock.now });
    for (let i = 0; i < 5; i++) await throttle.admit(SHOPPER);
    clock.advance(60_000);
    expect((await refusal(throttle.admit(SHOPPER))).retryAfterSeconds).toBe(DEFAULT_LOGIN_WINDOW_SECONDS - 60);
    clock.advance(WINDOW_MS - 60_000 - 1_000);
    // Hammering the locked account does not push its window out.
    for (let i = 0; i < 20; i++) expect((await refusal(throttle.admit(SHOPPER))).retryAfterSeconds).toBe(1);
    expect((await refusal(throttle.admit(SHOPPER))).message).toBe('Too many sign-in attempts for this account. Try again in 1 second.');
    clock.advance(1_000);
    for (let i = 0; i < 5; i++) await throttle.admit(SHOPPER);
    expect((await refusal(throttle.admit(SHOPPER))).retryAfterSeconds).toBe(DEFAULT_LOGIN_WINDOW_SECONDS);
  });

  it('takes its limits and window from options', async () => {
    const clock = fakeClock();
    const throttle = new LoginThrottle({ maxAttempts: 2, windowSeconds: 30, now: clock.now });
    await throttle.admit(SHOPPER);
    await throttle.admit(SHOPPER);
    const error = await refusal(throttle.admit(SHOPPER));
    expect([error.retryAfterSeconds, error.message]).toEqual([30, 'Too many sign-in attempts for this account. Try again in 30 seconds.']);
    clock.advance(30_000);
    await throttle.admit(SHOPPER);
    expect(() => new LoginThrottle({ maxAttempts: 0 })).toThrow(/maxAttempts/);
    expect(() => new LoginThrottle({ windowSeconds: 1.5 })).toThrow(/windowSeconds/);
  });

  it('limits a client key across accounts, without counting a refused client against the account', async () => {
    const throttle = new LoginThrottle({ maxClientAttempts: 3 });
    for (const email of ['a@x.example', 'b@x.example', 'c@x.example']) await throttle.admit(email, '203.0.113.7');
    const error = await refusal(throttle.admit(SHOPPER, '203.0.113.7'));
    expect(error.message).toBe('Too many sign-in attempts from this client. Try again in 15 minutes.');
    // The refused client spent none of the shopper's five attempts.
    for (let i = 1; i <= 5; i++) await throttle.admit(SHOPPER, `198.51.100.${i}`);
    expect((await refusal(throttle.admit(SHOPPER, '198.51.100.6'))).message).toMatch(/for this account/);
    // Without a client key only the account limit applies.
    await throttle.admit('d@x.example');
  });

  it('keeps memory bounded: the least recently used keys are forgotten first', async () => {
    const counter = inProcessAttemptCounter({ maxKeys: 100 });
    const throttle = new LoginThrottle({ counter });
    for (let i = 0; i < 5; i++) await throttle.admit(SHOPPER);
    for (let i = 0; i < 1_000; i++) {
      await throttle.admit(`user${i}@spray.example`);
      // The locked account is being tried too, so it stays recent and stays locked.
      if (i % 50 === 0) expect((await refusal(throttle.admit(SHOPPER))).status).toBe(429);
    }
    expect(counter.size).toBe(100);
  });

  it('does not check the password when the counter cannot count (no silent opening of the limit)', async () => {
    const broken: AttemptCounter = {
      increment: async () => {
        throw new SessionError(503, 'store_unavailable', 'The session store is unavailable');
      },
      clear: async () => {},
    };
    const directory = spyDirectory();
    const error = await refusal(
      signInWithPassword(commerceEngine(), directory, null, { email: SHOPPER, password: 'demo' }, { throttle: new LoginThrottle({ counter: broken }) }),
    );
    expect(error.status).toBe(503);
    expect(directory.checks).toBe(0);
  });

  it('says how long to wait the way a person reads it', () => {
    expect([1, 2, 59, 60, 61, 900].map(describeWait)).toEqual(['1 second', '2 seconds', '59 seconds', '1 minute', '2 minutes', '15 minutes']);
  });

  it('answers a refusal as JSON {error:{code,message}} with Retry-After', async () => {
    const throttle = new LoginThrottle({ maxAttempts: 1 });
    await throttle.admit(SHOPPER);
    const response = errorResponse(await refusal(throttle.admit(SHOPPER)));
    expect(response.status).toBe(429);
    expect(response.headers.get('retry-after')).toBe(String(DEFAULT_LOGIN_WINDOW_SECONDS));
    expect(response.headers.get('cache-control')).toBe('private, no-store');
    expect(await response.json()).toEqual({
      error: { code: 'too_many_attempts', message: 'Too many sign-in attempts for this account. Try again in 15 minutes.' },
    });
    // Errors without a wait carry no Retry-After.
    expect(errorResponse(new SessionError(401, 'invalid_credentials', 'no')).headers.get('retry-after')).toBeNull();
  });
});

describe('login throttle with the Redis counter (real Redis)', () => {
  const redis = redisTestContext();
  const connections: RedisConnection[] = [];
  afterAll(async () => {
    for (const connection of connections) await connection.close();
  });
  /** A counter on a connection of its own: another server, as far as Redis can tell. */
  function server(prefix: string) {
    const connection = new RedisConnection({ url: REDIS_URL });
    connections.push(connection);
    return redisAttemptCounter({ connection, prefix });
  }

  it('shares one count between two servers', async () => {
    const prefix = testPrefix('attempts');
    const a = new LoginThrottle({ counter: server(prefix) });
    const b = new LoginThrottle({ counter: server(prefix) });
    for (const throttle of [a, b, a, b, a]) await throttle.admit(SHOPPER);
    const error = await refusal(b.admit(' Shopper@Example.com'));
    expect([error.status, error.code]).toEqual([429, 'too_many_attempts']);
    expect(error.retryAfterSeconds).toBeGreaterThan(DEFAULT_LOGIN_WINDOW_SECONDS - 5);
    expect(error.retryAfterSeconds).toBeLessThanOrEqual(DEFAULT_LOGIN_WINDOW_SECONDS);
    // A success on one server clears the count for both.
    await a.succeeded(SHOPPER);
    await b.admit(SHOPPER);
  });

  it('keeps each count under its prefix with the window as its TTL, and clears it', async () => {
    const prefix = testPrefix('attempts');
    const counter = server(prefix);
    const key = counter.key(accountCounterKey('{slot}@example.com'));
    expect(key).toBe(`${prefix}account%3A%7Bslot%7D%40example.com`);
    expect(await counter.increment(accountCounterKey('{slot}@example.com'), 60_000)).toEqual({ count: 1, resetsInMs: 60_000 });
    expect(await redis.admin.get(key)).toBe('1');
    const ttl = await redis.admin.pTTL(key);
    expect(ttl).toBeGreaterThan(59_000);
    expect(ttl).toBeLessThanOrEqual(60_000);
    // A later attempt does not renew the window.
    await new Promise((resolve) => setTimeout(resolve, 50));
    const second = await counter.increment(accountCounterKey('{slot}@example.com'), 60_000);
    expect(second.count).toBe(2);
    expect(second.resetsInMs).toBeLessThan(60_000);
    await counter.clear(accountCounterKey('{slot}@example.com'));
    expect(await redis.admin.exists(key)).toBe(0);
  });

  it('counts parallel attempts from two servers exactly once each (atomic increments)', async () => {
    const prefix = testPrefix('attempts');
    const [a, b] = [server(prefix), server(prefix)];
    const windows = await Promise.all(Array.from({ length: 40 }, (_, i) => (i % 2 ? a : b).increment('account:race@example.com', 60_000)));
    expect(windows.map((w) => w.count).sort((x, y) => x - y)).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
    // Forty guesses at once against a limit of five: exactly five get through.
    const throttleA = new LoginThrottle({ counter: a });
    const throttleB = new LoginThrottle({ counter: b });
    const outcomes = await Promise.allSettled(Array.from({ length: 40 }, (_, i) => (i % 2 ? throttleA : throttleB).admit('burst@example.com')));
    expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(5);
  });

  it('gives a key found without a TTL one, so nothing locks an account for ever', async () => {
    const prefix = testPrefix('attempts');
    const counter = server(prefix);
    const key = counter.key('account:stuck@example.com');
    await redis.admin.set(key, '9');
    const window = await counter.increment('account:stuck@example.com', 30_000);
    expect(window).toEqual({ count: 10, resetsInMs: 30_000 });
    expect(await redis.admin.pTTL(key)).toBeGreaterThan(29_000);
  });

  it('answers 503 without checking the password when Redis is down', async () => {
    const connection = new RedisConnection({ url: await deadRedisUrl(), connectTimeoutMs: 300, log: () => {} });
    connections.push(connection);
    const directory = spyDirectory();
    const throttle = new LoginThrottle({ counter: redisAttemptCounter({ connection, prefix: testPrefix('attempts') }) });
    const error = await refusal(signInWithPassword(commerceEngine(), directory, null, { email: SHOPPER, password: 'demo' }, { throttle }));
    expect([error.status, error.code]).toEqual([503, 'store_unavailable']);
    expect(directory.checks).toBe(0);
  });
});

describe('clientKeyFromHeader (behind a trusted proxy)', () => {
  const request = (value?: string) => new Request('http://localhost/api/auth/login', { method: 'POST', headers: value === undefined ? {} : { 'x-forwarded-for': value } });

  it('takes the entry the trusted proxies added, not what the client wrote before it', () => {
    const oneProxy = clientKeyFromHeader('x-forwarded-for');
    expect(oneProxy(request('203.0.113.7'))).toBe('203.0.113.7');
    expect(oneProxy(request('1.2.3.4, 203.0.113.7'))).toBe('203.0.113.7');
    const twoProxies = clientKeyFromHeader('x-forwarded-for', 2);
    expect(twoProxies(request('spoofed, 203.0.113.7, 10.0.0.2'))).toBe('203.0.113.7');
    expect(twoProxies(request('10.0.0.2'))).toBeNull();
    expect(oneProxy(request())).toBeNull();
  });
});
