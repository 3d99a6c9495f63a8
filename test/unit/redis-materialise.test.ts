import { NextRequest } from 'next/server';
import { describe, expect, it } from 'vitest';
import { createSessionMiddleware } from '@/lib/next/middleware';
import { TokenCodec } from '@/lib/session/token';
import { SessionEngine } from '@/lib/session/engine';
import { redisStore } from '@/lib/session/stores/redis';
import { RedisConnection } from '@/lib/session/stores/redis-connection';
import { builtInTransforms } from '@/lib/session/transforms/defaults';
import { storeConfig } from '@/store.config';
import { REDIS_URL, redisTestContext, testPrefix } from '../support/redis';

const SECRET = 'redis-materialise-secret-0123456789abcdef';
const redis = redisTestContext();
const stores = redis.stores;

function setup(prefix = testPrefix('materialise'), connection?: RedisConnection) {
  const store = stores.track(redisStore({ url: REDIS_URL, prefix, connection }));
  const engine = new SessionEngine({ secrets: [SECRET], store, transforms: builtInTransforms(storeConfig), account: storeConfig.account });
  return { store, engine };
}

/** What the middleware does: mint from the URL's UTMs and `sc`, and seal it all into the cookie. */
async function middlewareToken(engine: SessionEngine) {
  const { session } = await engine.mint({ public: { utm_source: 'newsletter', utm_campaign: 'blackfriday', sc: '2' }, skipIO: true });
  return { session, token: (await engine.issue(session, null)).sessionToken };
}

describe('redis store: sessions minted by the middleware', () => {
  it('stores it on its first read, with what the middleware put in it, and then issues the slim cookie', async () => {
    const { store, engine } = setup();
    const minted = await middlewareToken(engine);
    const opened = await engine.open(minted.token);
    expect(opened.origin).toBe('existing');
    expect(opened.session.id).toBe(minted.session.id);
    expect(opened.storedVersion).toBe(minted.session.version);
    expect(opened.needsCookie).toBe(true);
    expect(opened.session.namespaces.public?.utm_source?.value).toBe('newsletter');

    const key = store.keys(minted.session.id).session;
    const stored = JSON.parse((await redis.admin.hGet(key, 'd'))!);
    expect(stored.ns.public.utm_campaign.value).toBe('blackfriday');
    expect(stored.ns.store.channel.value).toBe('2');
    expect(Number(await redis.admin.hGet(key, 'e'))).toBe(minted.session.expiresAt);
    const ttl = await redis.admin.pTTL(key);
    expect(ttl).toBeGreaterThan(minted.session.expiresAt - Date.now() - 2000);

    const tokens = await engine.issue(opened.session, opened.storedVersion);
    const slim = await engine.codec.unseal(tokens.sessionToken);
    expect(slim.status === 'valid' && slim.payload.ns).toBeUndefined();
    expect(slim.status === 'valid' && slim.payload.seg?.channel).toBe('2');
    // The slim cookie is a returning visitor: nothing more to send.
    expect((await engine.open(tokens.sessionToken)).needsCookie).toBe(false);
  });

  it('stores a first visit\'s pristine token (its host\'s template, by reference) with the template\'s namespaces', async () => {
    const { store, engine } = setup();
    const middleware = createSessionMiddleware({ config: storeConfig, transforms: builtInTransforms(storeConfig), secrets: () => [SECRET], production: false, firstVisits: 'mint' });
    const response = await middleware(new NextRequest('http://localhost:3000/', { headers: { 'sec-fetch-mode': 'navigate' } }));
    const token = /^vtex_session=([^;]+)/.exec(response.headers.getSetCookie()[0]!)![1]!;
    const sealed = await new TokenCodec({ secrets: [SECRET], cacheSize: 0 }).unseal(token);
    if (sealed.status !== 'valid' || !sealed.payload.pristine) throw new Error('a first visit without inputs seals a reference');

    const opened = await engine.open(token, { host: 'localhost:3000' });
    expect(opened.origin).toBe('existing');
    expect(opened.session.id).toBe(sealed.payload.id);
    expect(opened.needsCookie).toBe(true);
    const stored = JSON.parse((await redis.admin.hGet(store.keys(sealed.payload.id).session, 'd'))!);
    const { session: fresh } = await engine.mint({ host: 'localhost:3000', skipIO: true });
    expect(stored.ns).toEqual(JSON.parse(JSON.stringify(fresh.namespaces)));
    // A write through the same token keeps the stored session.
    const written = await engine.write(token, { public: { postalCode: '01310-100' } }, { host: 'localhost:3000' });
    expect(written.session.id).toBe(sealed.payload.id);
    expect(written.session.version).toBe(sealed.payload.v + 1);
    expect(written.session.namespaces.store?.channel?.value).toBe('1');
    expect(written.session.namespaces.checkout?.regionId?.value).toBeTruthy();
  });

  it('stores one session when first reads race from two processes', async () => {
    const prefix = testPrefix('materialise');
    const { store, engine: a } = setup(prefix);
    const other = new RedisConnection({ url: REDIS_URL });
    const { engine: b } = setup(prefix, other);
    const minted = await middlewareToken(a);
    const reads = await Promise.all(Array.from({ length: 20 }, (_, i) => (i % 2 ? a : b).open(minted.token)));
    for (const read of reads) {
      expect(read.session.id).toBe(minted.session.id);
      expect(read.storedVersion).toBe(minted.session.version);
    }
    expect(await redis.admin.hGet(store.keys(minted.session.id).session, 'v')).toBe(String(minted.session.version));
    await other.close();
  });

  it('never overwrites a write that landed before the first read', async () => {
    const prefix = testPrefix('materialise');
    const { store, engine: writer } = setup(prefix);
    const other = new RedisConnection({ url: REDIS_URL });
    const { engine: reader } = setup(prefix, other);
    const minted = await middlewareToken(writer);
    // Reads and writes through the same middleware token, from two processes at once.
    const [written, ...reads] = await Promise.all([
      writer.write(minted.token, { public: { postalCode: '10001' } }),
      ...Array.from({ length: 10 }, () => reader.open(minted.token)),
    ]);
    expect(written.session.version).toBe(minted.session.version + 1);
    for (const read of reads) expect([minted.session.version, minted.session.version + 1]).toContain(read.storedVersion);
    const final = await reader.open(minted.token);
    expect(final.storedVersion).toBe(minted.session.version + 1);
    expect(final.session.namespaces.public?.postalCode?.value).toBe('10001');
    expect(final.session.namespaces.public?.utm_source?.value).toBe('newsletter');
    expect(await redis.admin.hGet(store.keys(minted.session.id).session, 'v')).toBe(String(minted.session.version + 1));
    await other.close();
  });

  it('never stores again a session revoked before its first access', async () => {
    const { store, engine } = setup();
    const minted = await middlewareToken(engine);
    await store.remove(minted.session.id);
    const opened = await engine.open(minted.token);
    expect(opened.origin).toBe('revoked');
    expect(opened.session.id).not.toBe(minted.session.id);
    expect(await redis.admin.exists(store.keys(minted.session.id).session)).toBe(0);
  });

  it('materialises it on the first write, keeping the UTMs and the channel', async () => {
    const { store, engine } = setup();
    const minted = await middlewareToken(engine);
    const written = await engine.write(minted.token, { public: { postalCode: '10001', country: 'USA' } });
    expect(written.session.id).toBe(minted.session.id);
    expect(written.session.version).toBe(minted.session.version + 1);

    const key = store.keys(minted.session.id).session;
    const stored = JSON.parse((await redis.admin.hGet(key, 'd'))!);
    expect(stored.ns.public.utm_source.value).toBe('newsletter');
    expect(stored.ns.public.utm_campaign.value).toBe('blackfriday');
    expect(stored.ns.public.postalCode.value).toBe('10001');
    expect(stored.ns.store.channel.value).toBe('2');
    expect(await redis.admin.hGet(key, 'v')).toBe(String(written.session.version));

    // From now on the cookie names the session and carries its segment, nothing more.
    const tokens = await engine.issue(written.session, written.storedVersion);
    const payload = await engine.codec.unseal(tokens.sessionToken);
    expect(payload.status === 'valid' && payload.payload.ns).toBeUndefined();
    expect(payload.status === 'valid' && payload.payload.seg?.channel).toBe('2');
    expect(tokens.segment.utm_campaign).toBe('blackfriday');
  });

  it('prefers what the store holds over an older token that still carries namespaces', async () => {
    const { engine } = setup();
    const minted = await middlewareToken(engine);
    await engine.write(minted.token, { public: { postalCode: '10001' } });
    const reopened = await engine.open(minted.token);
    expect(reopened.storedVersion).toBe(minted.session.version + 1);
    expect(reopened.session.namespaces.public?.postalCode?.value).toBe('10001');
  });

  it('materialises once when first writes race from two processes, losing none of them', async () => {
    const prefix = testPrefix('materialise');
    const { engine: a } = setup(prefix);
    const other = new RedisConnection({ url: REDIS_URL });
    const { engine: b } = setup(prefix, other);
    const minted = await middlewareToken(a);
    const writes = 60;
    await Promise.all(Array.from({ length: writes }, (_, i) => (i % 2 ? a : b).write(minted.token, { public: { [`w${i}`]: 'x' } })));
    const final = await a.open(minted.token);
    expect(final.session.id).toBe(minted.session.id);
    expect(final.session.version).toBe(minted.session.version + writes);
    for (let i = 0; i < writes; i++) expect(final.session.namespaces.public?.[`w${i}`]?.value).toBe('x');
    expect(final.session.namespaces.public?.utm_source?.value).toBe('newsletter');
    await other.close();
  }, 30_000);
});
