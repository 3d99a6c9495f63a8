import { describe, expect, it } from 'vitest';
import { SessionEngine } from '@/lib/session/engine';
import { redisStore } from '@/lib/session/stores/redis';
import { storeTransform } from '@/lib/session/transforms/store';
import { storeConfig } from '@/store.config';
import { REDIS_URL, redisTestContext, testPrefix } from '../support/redis';

const SECRET = 'redis-ttl-secret-0123456789abcdefghijklmn';
const redis = redisTestContext();
const stores = redis.stores;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Sessions that live `maxAge` seconds and are renewed once `renewAfter` seconds old. */
function setup(maxAgeSeconds: number, renewAfterSeconds: number) {
  const store = stores.track(redisStore({ url: REDIS_URL, prefix: testPrefix('ttl') }));
  const engine = new SessionEngine({
    secrets: [SECRET],
    store,
    transforms: [storeTransform(storeConfig)],
    account: storeConfig.account,
    maxAgeSeconds,
    renewAfterSeconds,
  });
  return { store, engine };
}

describe('redis store: expiry', () => {
  it('gives each session key the session’s own lifetime', async () => {
    const { store, engine } = setup(8 * 24 * 3600, 24 * 3600);
    const before = Date.now();
    const written = await engine.write(null, { public: { a: '1' } });
    const key = store.keys(written.session.id).session;
    const ttl = await redis.admin.pTTL(key);
    expect(ttl).toBeGreaterThan(written.session.expiresAt - Date.now() - 2000);
    // Bounded by what was left when the write began, not by a reading taken after
    // it: Redis counts a key's time down on its own clock, which on a loaded
    // machine can lag this process's by tens of milliseconds.
    expect(ttl).toBeLessThanOrEqual(written.session.expiresAt - before);
    expect(Number(await redis.admin.hGet(key, 'e'))).toBe(written.session.expiresAt);
  });

  it('renews the key’s lifetime when a returning visitor’s session is due (sliding expiry), even on a read', async () => {
    const { store, engine } = setup(3, 1);
    const written = await engine.write(null, { public: { a: '1' } });
    const token = (await engine.issue(written.session, written.storedVersion)).sessionToken;
    const key = store.keys(written.session.id).session;

    await sleep(1200);
    const before = await redis.admin.pTTL(key);
    expect(before).toBeLessThan(2000);
    const opened = await engine.open(token);
    expect(opened.needsCookie).toBe(true);
    const after = await redis.admin.pTTL(key);
    expect(after).toBeGreaterThan(2700);
    expect(Number(await redis.admin.hGet(key, 'e'))).toBe(opened.session.expiresAt);

    // The renewed cookie outlives the first one's expiry, and so does the session it names.
    const renewed = (await engine.issue(opened.session, opened.storedVersion)).sessionToken;
    await sleep(2200);
    const later = await engine.open(renewed);
    expect(later.origin).toBe('existing');
    expect(later.session.namespaces.public?.a?.value).toBe('1');
  }, 15_000);

  it('lets an unrenewed session lapse: the key is gone and the visitor starts afresh', async () => {
    const { store, engine } = setup(1, 1);
    const written = await engine.write(null, { public: { a: '1' } });
    const token = (await engine.issue(written.session, written.storedVersion)).sessionToken;
    await sleep(1200);
    expect(await redis.admin.exists(store.keys(written.session.id).session)).toBe(0);
    const reopened = await engine.open(token);
    expect(reopened.origin).toBe('expired');
    expect(reopened.session.id).not.toBe(written.session.id);
  }, 10_000);

  it('never shortens a session’s lifetime, and never brings back a removed one, on touch', async () => {
    const { store, engine } = setup(3600, 60);
    const written = await engine.write(null, { public: { a: '1' } });
    const key = store.keys(written.session.id).session;
    const ttl = await redis.admin.pTTL(key);

    await store.touch({ ...written.session, expiresAt: Date.now() + 5_000 });
    expect(await redis.admin.pTTL(key)).toBeGreaterThan(ttl - 1000);

    await store.remove(written.session.id);
    await store.touch({ ...written.session, expiresAt: Date.now() + 60_000 });
    expect(await redis.admin.exists(key)).toBe(0);
  });

  it('keeps a later expiry when a write that read an older one lands after a renewal', async () => {
    const { store } = setup(3600, 60);
    const now = Date.now();
    const base = { id: 's-late', namespaces: {}, active: true, debug: false };
    await store.save({ ...base, version: 1, expiresAt: now + 10_000 }, null);
    await store.touch({ ...base, version: 1, expiresAt: now + 60_000 });
    await store.save({ ...base, version: 2, expiresAt: now + 10_000 }, 1);
    const key = store.keys('s-late').session;
    expect(Number(await redis.admin.hGet(key, 'e'))).toBe(now + 60_000);
    expect(await redis.admin.pTTL(key)).toBeGreaterThan(50_000);
  });

  it('keeps a tombstone exactly as long as the removed session had left', async () => {
    const { store, engine } = setup(600, 60);
    const written = await engine.write(null, { public: { a: '1' } });
    const keys = store.keys(written.session.id);
    const left = await redis.admin.pTTL(keys.session);
    await store.remove(written.session.id);
    const tombstone = await redis.admin.pTTL(keys.tombstone);
    expect(tombstone).toBeGreaterThan(left - 1000);
    expect(tombstone).toBeLessThanOrEqual(left);
  });

  /** A session with a keepAlive value of the store's own beside the account's, as a transform could set it. */
  async function withKeepAlive(engine: SessionEngine, store: ReturnType<typeof setup>['store']) {
    const { session } = await engine.mint({ public: { utm_source: 'mail' } });
    session.namespaces.cookie = { consent: { value: 'analytics', keepAlive: true } };
    await store.save(session, null);
    return { session, token: (await engine.issue(session, session.version)).sessionToken };
  }

  it('carries keepAlive values in the slim cookie, the account id aside (every new session gets it)', async () => {
    const { store, engine } = setup(3600, 60);
    const { token } = await withKeepAlive(engine, store);
    const unsealed = await engine.codec.unseal(token);
    if (unsealed.status !== 'valid') throw new Error(unsealed.status);
    expect(unsealed.payload.ns).toBeUndefined();
    expect(unsealed.payload.ka).toEqual({ cookie: { consent: { value: 'analytics', keepAlive: true } } });

    // Without values of its own, the slim cookie carries none.
    const plain = await engine.write(null, { public: { a: '1' } });
    const slim = await engine.codec.unseal((await engine.issue(plain.session, plain.storedVersion)).sessionToken);
    expect(slim.status === 'valid' && slim.payload.ka).toBeUndefined();
  });

  it('keeps keepAlive values when Redis no longer holds the session its cookie names (lapsed or revoked)', async () => {
    const { store, engine } = setup(3600, 60);
    for (const lose of [(id: string) => redis.admin.del(store.keys(id).session), (id: string) => store.remove(id)]) {
      const { session, token } = await withKeepAlive(engine, store);
      await lose(session.id);
      const fresh = await engine.open(token);
      expect(fresh.origin).toBe('revoked');
      expect(fresh.session.id).not.toBe(session.id);
      expect(fresh.session.namespaces.public).toBeUndefined();
      expect(fresh.session.namespaces.cookie).toEqual({ consent: { value: 'analytics', keepAlive: true } });
      expect(fresh.session.namespaces.account?.id).toEqual({ value: storeConfig.account.id, keepAlive: true });
    }
  });

  it('keeps keepAlive values when the slim cookie itself expires, as the cookie store does', async () => {
    const { store, engine } = setup(1, 1);
    const { session, token } = await withKeepAlive(engine, store);
    await sleep(1200);
    const fresh = await engine.open(token);
    expect(fresh.origin).toBe('expired');
    expect(fresh.session.id).not.toBe(session.id);
    expect(fresh.session.namespaces.cookie?.consent).toEqual({ value: 'analytics', keepAlive: true });
    expect(fresh.session.namespaces.public).toBeUndefined();
  }, 10_000);

  it('gives a tombstone for a session it never held the full session lifetime', async () => {
    const store = stores.track(redisStore({ url: REDIS_URL, prefix: testPrefix('ttl'), maxAgeSeconds: 120 }));
    await store.remove('never-saved');
    const ttl = await redis.admin.pTTL(store.keys('never-saved').tombstone);
    expect(ttl).toBeGreaterThan(118_000);
    expect(ttl).toBeLessThanOrEqual(120_000);
  });
});
