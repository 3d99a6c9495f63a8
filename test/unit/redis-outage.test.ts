import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SessionEngine } from '@/lib/session/engine';
import { isSessionError, SessionError } from '@/lib/session/errors';
import { errorResponse } from '@/lib/next/errors';
import { redisStore } from '@/lib/session/stores/redis';
import { RedisConnection, type RedisConnectionOptions } from '@/lib/session/stores/redis-connection';
import { storeTransform } from '@/lib/session/transforms/store';
import { storeConfig } from '@/store.config';
import { deadRedisUrl, startPrivateRedis, startSlowProxy, type AdminClient, type PrivateRedis } from '../support/redis';

const SECRET = 'redis-outage-secret-0123456789abcdefghijk';
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const connections: RedisConnection[] = [];
const logged: string[] = [];
const unhandled: unknown[] = [];
const onUnhandled = (error: unknown) => unhandled.push(error);
let redis: PrivateRedis;
let admin: AdminClient;

beforeAll(async () => {
  process.on('unhandledRejection', onUnhandled);
  process.on('uncaughtException', onUnhandled);
  redis = await startPrivateRedis();
  admin = await redis.admin();
});
afterAll(async () => {
  // The server first: a failure in the rest must not leave it running.
  await redis?.stop();
  if (admin?.isOpen) admin.destroy();
  for (const connection of connections) await connection.close();
  process.off('unhandledRejection', onUnhandled);
  process.off('uncaughtException', onUnhandled);
});

function setup(options: RedisConnectionOptions) {
  const connection = new RedisConnection({ connectTimeoutMs: 400, commandTimeoutMs: 300, log: (_, message) => logged.push(message), ...options });
  connections.push(connection);
  const store = redisStore({ connection, prefix: 'outage:' });
  const engine = new SessionEngine({ secrets: [SECRET], store, transforms: [storeTransform(storeConfig)], account: storeConfig.account });
  return { store, engine, connection };
}

async function unavailable(promise: Promise<unknown>): Promise<SessionError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  if (!isSessionError(error)) throw new Error(`expected a SessionError, got ${String(error)}`);
  expect(error.status).toBe(503);
  expect(error.code).toBe('store_unavailable');
  return error;
}

async function storedVersion(key: string): Promise<string | null> {
  return (await admin.hGet(key, 'v')) ?? null;
}

describe('redis store: when Redis is away', () => {
  it('answers 503 store_unavailable, quickly, when nothing listens, and never crashes the process', async () => {
    const { engine } = setup({ url: await deadRedisUrl() });
    let started = Date.now();
    const error = await unavailable(engine.write(null, { public: { a: '1' } }));
    expect(Date.now() - started).toBeLessThan(1500);
    expect(error.message).toMatch(/session store is unavailable.*nothing was changed/i);

    const response = errorResponse(error);
    expect(response.status).toBe(503);
    expect(await response.json()).toEqual({ error: { code: 'store_unavailable', message: error.message } });

    // Once the outage is known, requests fail at once instead of each waiting.
    started = Date.now();
    await unavailable(engine.write(null, { public: { a: '2' } }));
    await unavailable(engine.open((await engine.issue((await engine.mint()).session, 1)).sessionToken));
    // Both together take less than the one connect timeout (400 ms) either would wait for.
    expect(Date.now() - started).toBeLessThan(400);

    await sleep(300);
    expect(unhandled).toEqual([]);
    expect(logged.filter((m) => /Redis unavailable/.test(m)).length).toBeGreaterThanOrEqual(1);
  });

  it('recovers by itself when Redis comes back, with no half-written session', async () => {
    const { store, engine } = setup({ url: redis.url });
    const written = await engine.write(null, { public: { a: '1' } });
    const token = (await engine.issue(written.session, written.storedVersion)).sessionToken;
    const key = store.keys(written.session.id).session;

    await redis.kill();
    await unavailable(engine.write(token, { public: { a: '2' } }));
    await unavailable(engine.open(token));

    await redis.start();
    // The test's own client does not reconnect; the store's must.
    if (admin.isOpen) admin.destroy();
    admin = await redis.admin();
    expect(await storedVersion(key)).toBe(String(written.session.version));
    // The same engine, store and connection: no restart.
    const deadline = Date.now() + 5000;
    let again;
    for (;;) {
      try {
        again = await engine.write(token, { public: { a: '3' } });
        break;
      } catch (error) {
        if (!isSessionError(error) || Date.now() > deadline) throw error;
        await sleep(50);
      }
    }
    expect(again.session.version).toBe(written.session.version + 1);
    expect((await engine.open(token)).session.namespaces.public?.a?.value).toBe('3');
    expect(logged).toContain('Redis is back');
    expect(unhandled).toEqual([]);
  }, 20_000);

  it('answers 503 while Redis is paused, and a write it gave up on does not land afterwards', async () => {
    const { store, engine } = setup({ url: redis.url });
    const written = await engine.write(null, { public: { a: '1' } });
    const token = (await engine.issue(written.session, written.storedVersion)).sessionToken;
    const key = store.keys(written.session.id).session;

    // Paused between the read and the write of one update: the worst moment.
    const loaded = await store.load({ id: written.session.id, v: written.session.version, exp: written.session.expiresAt, seg: {} as never });
    await admin.sendCommand(['CLIENT', 'PAUSE', '800', 'ALL']);
    const started = Date.now();
    await unavailable(store.save({ ...loaded!.session, version: loaded!.session.version + 1 }, loaded!.storedVersion));
    expect(Date.now() - started).toBeLessThan(700);
    await unavailable(engine.write(token, { public: { a: 'during' } }));

    await sleep(1000);
    expect(await storedVersion(key)).toBe(String(written.session.version));
    const after = await engine.write(token, { public: { a: '2' } });
    expect(after.session.version).toBe(written.session.version + 1);
    expect((await engine.open(token)).session.namespaces.public?.a?.value).toBe('2');
  }, 20_000);

  it('dates every write, the first included, when Redis is slow from the start: a write answered 503 never lands', async () => {
    const proxy = await startSlowProxy(redis.port);
    try {
      // Every round trip takes 200 ms: well within the timeout, but never quick.
      proxy.delay({ toRedis: 100, toClient: 100 });
      const { store, engine } = setup({ url: proxy.url, connectTimeoutMs: 3000, commandTimeoutMs: 1000 });
      const written = await engine.write(null, { public: { a: '1' } });
      const key = store.keys(written.session.id).session;
      expect(await storedVersion(key)).toBe(String(written.session.version));

      // Now a write reaches Redis only after the client has stopped waiting for it.
      proxy.delay({ toRedis: 1500 });
      const late = { ...written.session, version: written.session.version + 1, namespaces: { public: { a: { value: 'late' } } } };
      await unavailable(store.save(late, written.session.version));
      await sleep(1200);
      expect(await storedVersion(key)).toBe(String(written.session.version));

      // A new connection whose every command arrives too late: its very first write too.
      const { store: fresh } = setup({ url: proxy.url, connectTimeoutMs: 3000, commandTimeoutMs: 1000 });
      proxy.delay({ toRedis: 1200, toClient: 0 });
      const first = { id: 'slow-from-the-start', version: 1, namespaces: {}, active: true, debug: false, expiresAt: Date.now() + 60_000 };
      await unavailable(fresh.save(first, null));
      await sleep(1500);
      expect(await admin.exists(fresh.keys(first.id).session)).toBe(0);
    } finally {
      await proxy.close();
    }
  }, 30_000);
});
