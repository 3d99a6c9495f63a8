import { describe, expect, it } from 'vitest';
import { SessionEngine } from '@/lib/session/engine';
import { redisStore } from '@/lib/session/stores/redis';
import { VersionConflict } from '@/lib/session/stores/types';
import { builtInTransforms } from '@/lib/session/transforms/defaults';
import { storeConfig } from '@/store.config';
import { REDIS_URL, redisTestContext, testPrefix } from '../support/redis';

const SECRET = 'redis-concurrency-secret-0123456789abcdef';
const redis = redisTestContext();
const stores = redis.stores;

function setup() {
  const store = stores.track(redisStore({ url: REDIS_URL, prefix: testPrefix('concurrency') }));
  const engine = (s = store) =>
    new SessionEngine({
      secrets: [SECRET],
      store: s,
      transforms: builtInTransforms(storeConfig),
      account: storeConfig.account,
      // One key per write, so that each write leaves a trace to count.
      limits: { maxKeysPerNamespace: 400 },
    });
  return { store, engine };
}

describe('redis store: concurrent writes to one session', () => {
  it('keeps every one of 300 parallel writes through one engine, and the version counts them', async () => {
    const { store, engine: make } = setup();
    const engine = make();
    const start = await engine.write(null, { public: { start: 'yes' } });
    const token = (await engine.issue(start.session, start.storedVersion)).sessionToken;
    const writes = 300;
    const results = await Promise.all(Array.from({ length: writes }, (_, i) => engine.write(token, { public: { [`k${i}`]: String(i) } })));

    // Each write saw its own version: no two accepted writes started from the same one.
    const versions = results.map((r) => r.session.version).sort((a, b) => a - b);
    expect(new Set(versions).size).toBe(writes);
    expect(versions[0]).toBe(start.session.version + 1);
    expect(versions.at(-1)).toBe(start.session.version + writes);

    const final = await engine.open(token);
    expect(final.session.version).toBe(start.session.version + writes);
    const kept = Object.keys(final.session.namespaces.public ?? {}).filter((k) => k.startsWith('k'));
    expect(kept).toHaveLength(writes);
    expect(store.keys(start.session.id).session).toContain(`{${start.session.id}}`);
  }, 60_000);

  it('keeps every write when two processes (two engines, one Redis) race on the same session', async () => {
    const { store, engine: make } = setup();
    // A second store on its own connection: another server process, as far as Redis can tell.
    const { RedisConnection } = await import('@/lib/session/stores/redis-connection');
    const otherConnection = new RedisConnection({ url: REDIS_URL });
    const other = redisStore({ prefix: store.prefix, connection: otherConnection });
    const [a, b] = [make(), make(other)];
    const start = await a.write(null, { public: { start: 'yes' } });
    const token = (await a.issue(start.session, start.storedVersion)).sessionToken;
    const perEngine = 40;
    await Promise.all(
      Array.from({ length: perEngine * 2 }, (_, i) => (i % 2 === 0 ? a : b).write(token, { public: { [`p${i % 60}`]: `v${i}` } })),
    );
    const final = await a.open(token);
    expect(final.session.version).toBe(start.session.version + perEngine * 2);
    await otherConnection.close();
  }, 60_000);

  it('never lets the version go down while writes are in flight', async () => {
    const { engine: make } = setup();
    const engine = make();
    const start = await engine.write(null, { public: { n: '0' } });
    const token = (await engine.issue(start.session, start.storedVersion)).sessionToken;
    const seen: number[] = [];
    let writing = true;
    const reader = (async () => {
      while (writing) {
        seen.push((await engine.open(token)).session.version);
        await new Promise((resolve) => setImmediate(resolve));
      }
    })();
    await Promise.all(Array.from({ length: 150 }, (_, i) => engine.write(token, { public: { n: String(i + 1) } })));
    writing = false;
    await reader;
    expect(seen.length).toBeGreaterThan(1);
    for (let i = 1; i < seen.length; i++) expect(seen[i]).toBeGreaterThanOrEqual(seen[i - 1]!);
  }, 60_000);

  it('refuses a save that would lower the version, even from the expected one', async () => {
    const { store } = setup();
    const now = Date.now();
    const base = { namespaces: {}, active: true, debug: false, expiresAt: now + 60_000 };
    await store.save({ id: 's-down', version: 5, ...base }, null);
    await expect(store.save({ id: 's-down', version: 4, ...base }, 5)).rejects.toBeInstanceOf(VersionConflict);
    expect(await redis.admin.hGet(store.keys('s-down').session, 'v')).toBe('5');
  });
});
