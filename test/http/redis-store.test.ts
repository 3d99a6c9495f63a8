import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TokenCodec } from '@/lib/session/token';
import { redisStore, type RedisSessionStore } from '@/lib/session/stores/redis';
import { CookieJar } from '../support/cookie-jar';
import { DIST_DIR, startServer, TEST_SECRET, type RunningServer } from '../support/next-server';
import { adminClient, deadRedisUrl, dropKeys, REDIS_URL, RUN_PREFIX, testPrefix, type AdminClient } from '../support/redis';

const JSON_HEADERS = { 'content-type': 'application/json' };
const codec = new TokenCodec({ secrets: [TEST_SECRET] });

function body(values: Record<string, string>) {
  return JSON.stringify({ public: Object.fromEntries(Object.entries(values).map(([k, v]) => [k, { value: v }])) });
}

type SessionBody = { id: string; namespaces: Record<string, Record<string, { value: string }>> };

describe('Sessions API over HTTP with the Redis store (next start)', () => {
  let server: RunningServer;
  let admin: AdminClient;
  let store: RedisSessionStore;
  const prefix = testPrefix('http');
  const url = (path: string) => `${server.url}${path}`;

  beforeAll(async () => {
    admin = await adminClient();
    server = await startServer({ SESSION_STORE: 'redis', REDIS_URL, REDIS_PREFIX: prefix });
    // The test's view of the same keys, to revoke behind the server's back.
    store = redisStore({ url: REDIS_URL, prefix });
  });
  afterAll(async () => {
    await server?.stop();
    await store?.close();
    if (!admin) return;
    await dropKeys(admin, RUN_PREFIX);
    await admin.close();
  });

  const patch = (jar: CookieJar, values: Record<string, string>) => jar.fetch(url('/api/sessions'), { method: 'PATCH', headers: JSON_HEADERS, body: body(values) });
  async function read(jar: CookieJar, items = '*'): Promise<SessionBody> {
    const response = await jar.fetch(url(`/api/sessions?items=${items}`));
    expect(response.status).toBe(200);
    return (await response.json()) as SessionBody;
  }
  async function payloadOf(jar: CookieJar) {
    const unsealed = await codec.unseal(jar.get('vtex_session'));
    if (unsealed.status !== 'valid') throw new Error(`vtex_session is ${unsealed.status}`);
    return unsealed.payload;
  }

  it('keeps the vtex_session cookie small, whatever the session holds', async () => {
    const jar = new CookieJar();
    const created = await jar.fetch(url('/api/sessions'), { method: 'POST', headers: JSON_HEADERS, body: body({ utm_source: 'newsletter' }) });
    expect(created.status).toBe(201);
    const small = jar.get('vtex_session')!.length;
    // Three writes of 20 long values each: some 36 KB of session, nine times a cookie's limit.
    for (let round = 0; round < 3; round++) {
      const values = Object.fromEntries(Array.from({ length: 20 }, (_, i) => [`note${round}_${i}`, `${round}-${i}-`.padEnd(600, 'x')]));
      expect((await patch(jar, values)).status).toBe(200);
    }
    const cookie = jar.get('vtex_session')!;
    expect(cookie.length).toBeLessThan(1024);
    expect(Math.abs(cookie.length - small)).toBeLessThan(40);
    const payload = await payloadOf(jar);
    expect(payload.ns).toBeUndefined();
    expect(payload.seg?.utm_source).toBe('newsletter');

    const session = await read(jar);
    expect(Object.keys(session.namespaces.public!)).toHaveLength(61);
    const stored = await admin.hGet(store.keys(session.id).session, 'd');
    expect(stored!.length).toBeGreaterThan(36_000);
    console.info(`[redis-store] vtex_session: ${small} bytes new, ${cookie.length} bytes holding ${stored!.length} bytes of session`);
  });

  it('keeps the slim cookie near 700 bytes for a visitor and for a B2B buyer with a region and campaigns', async () => {
    const visitor = new CookieJar();
    // Nothing to keep from the URL: the page sets no cookie, and the provider's first call starts the session.
    const page = await visitor.fetch(url('/'));
    await page.arrayBuffer();
    expect(page.headers.getSetCookie()).toEqual([]);
    // A read without a cookie starts a session that names its template (no Redis write); the next API access stores it.
    expect((await visitor.fetch(url('/api/sessions'))).status).toBe(200);
    expect((await payloadOf(visitor)).pristine).toBeDefined();
    expect((await visitor.fetch(url('/api/sessions'))).status).toBe(200);
    expect((await payloadOf(visitor)).ns).toBeUndefined();
    expect((await payloadOf(visitor)).pristine).toBeUndefined();

    const buyer = new CookieJar();
    await firstVisit(buyer, '?utm_campaign=blackfriday&utm_source=newsletter');
    expect((await patch(buyer, { country: 'BRA', postalCode: '04538-132' })).status).toBe(200);
    const login = await buyer.fetch(url('/api/auth/login'), { method: 'POST', headers: JSON_HEADERS, body: JSON.stringify({ email: 'buyer@b2b.example', password: 'demo' }) });
    expect(login.status).toBe(200);
    const segment = (await payloadOf(buyer)).seg!;
    expect(segment).toMatchObject({ priceTables: 'b2b-gold', campaigns: 'b2b-vip,blackfriday,sp-local', utm_campaign: 'blackfriday' });
    expect(segment.regionId).toBeTruthy();

    const sizes = { visitor: visitor.get('vtex_session')!.length, buyer: buyer.get('vtex_session')!.length };
    console.info(`[redis-store] slim vtex_session: visitor ${sizes.visitor} bytes, B2B buyer with region and campaigns ${sizes.buyer} bytes`);
    // README, "Running with Redis", quotes this range.
    for (const size of Object.values(sizes)) {
      expect(size).toBeGreaterThanOrEqual(600);
      expect(size).toBeLessThanOrEqual(800);
    }
  });

  it('writes through PATCH, raising the stored version, and reads them back', async () => {
    const jar = new CookieJar();
    expect((await patch(jar, { postalCode: '05408-000' })).status).toBe(200);
    const first = await payloadOf(jar);
    expect((await patch(jar, { utm_campaign: 'bf' })).status).toBe(200);
    const second = await payloadOf(jar);
    expect(second.id).toBe(first.id);
    expect(second.v).toBe(first.v + 1);
    expect(await admin.hGet(store.keys(first.id).session, 'v')).toBe(String(second.v));
    const session = await read(jar, 'public.postalCode,public.utm_campaign');
    expect(session.namespaces.public).toEqual({ postalCode: { value: '05408-000' }, utm_campaign: { value: 'bf' } });
  });

  it('loses none of 200 parallel PATCHes to one session', async () => {
    const jar = new CookieJar();
    expect((await patch(jar, { start: 'yes' })).status).toBe(200);
    const start = await payloadOf(jar);
    const cookie = jar.header();
    const writes = 200;
    const statuses = await Promise.all(
      Array.from({ length: writes }, async (_, i) => {
        const response = await fetch(url('/api/sessions'), {
          method: 'PATCH',
          headers: { ...JSON_HEADERS, cookie },
          body: body({ [`k${i % 50}`]: `v${i}` }),
        });
        await response.arrayBuffer();
        return response.status;
      }),
    );
    expect(statuses.every((s) => s === 200)).toBe(true);
    expect(await admin.hGet(store.keys(start.id).session, 'v')).toBe(String(start.v + writes));
    const session = await read(jar, 'public.*');
    expect(Object.keys(session.namespaces.public!).filter((k) => k.startsWith('k'))).toHaveLength(50);
  });

  it('makes a revoked session a fresh visitor on its next request', async () => {
    const jar = new CookieJar();
    expect((await patch(jar, { utm_source: 'mail', postalCode: '05408-000' })).status).toBe(200);
    const before = await read(jar);
    await store.remove(before.id);

    const response = await jar.fetch(url('/api/sessions?items=*'));
    expect(response.status).toBe(200);
    const after = (await response.json()) as SessionBody;
    expect(after.id).not.toBe(before.id);
    expect(after.namespaces.public).toBeUndefined();
    expect(response.headers.getSetCookie().some((c) => c.startsWith('vtex_session='))).toBe(true);
    // And writes through the old cookie build on the fresh session, not the revoked one.
    expect((await patch(jar, { country: 'USA' })).status).toBe(200);
    expect((await read(jar, 'public.*')).namespaces.public).toEqual({ country: { value: 'USA' } });
  });

  /**
   * A page that mints: the visitor's old cookie no longer opens (deferral never applies
   * to one), so the middleware mints a new session into a cookie that carries its namespaces.
   */
  async function firstVisit(jar: CookieJar, query: string) {
    jar.set('vtex_session', 'Fe26.2**stale');
    const page = await jar.fetch(url(`/${query}`));
    expect(page.status).toBe(200);
    await page.arrayBuffer();
    return payloadOf(jar);
  }

  it('stores a session the middleware minted on its first API read, and answers with the slim cookie', async () => {
    const jar = new CookieJar();
    const minted = await firstVisit(jar, '?utm_source=partner&utm_campaign=summer&sc=2');
    expect(minted.ns?.public?.utm_source?.value).toBe('partner');
    expect(await admin.exists(store.keys(minted.id).session)).toBe(0);

    // What the SessionProvider does on every page with JavaScript.
    const first = await jar.fetch(url('/api/sessions'));
    expect(first.status).toBe(200);
    const stored = JSON.parse((await admin.hGet(store.keys(minted.id).session, 'd'))!);
    expect(stored.ns.public).toMatchObject({ utm_source: { value: 'partner' }, utm_campaign: { value: 'summer' } });
    expect(stored.ns.store.channel.value).toBe('2');
    const cookie = first.headers.getSetCookie().find((c) => c.startsWith('vtex_session='));
    expect(cookie).toBeDefined();
    const slim = jar.get('vtex_session')!;
    expect(slim.length).toBeLessThan(1024);
    const payload = await payloadOf(jar);
    expect(payload.id).toBe(minted.id);
    expect(payload.ns).toBeUndefined();
    expect(payload.seg?.channel).toBe('2');

    // A returning visitor from now on: nothing to set.
    const again = await jar.fetch(url('/api/sessions?items=public.utm_source'));
    expect(again.status).toBe(200);
    expect(again.headers.getSetCookie()).toEqual([]);
    expect(((await again.json()) as SessionBody).namespaces.public).toEqual({ utm_source: { value: 'partner' } });
    // Pages read the slim cookie's segment, without I/O.
    const page = await jar.fetch(url('/'));
    expect(page.status).toBe(200);
    await page.arrayBuffer();
    expect(jar.get('vtex_session')).toBe(slim);
  });

  it("stores a first visit from a link at once: the provider's first read, with the page's query, writes its inputs", async () => {
    const jar = new CookieJar();
    const { page } = await jar.visit(server.url, '/?utm_source=partner&utm_campaign=summer&sc=2');
    expect(page.headers.getSetCookie()).toEqual([]);
    const payload = await payloadOf(jar);
    // Written, so stored: the cookie is the slim one, and Redis holds the inputs.
    expect(payload.ns).toBeUndefined();
    expect(payload.seg).toMatchObject({ channel: '2', utm_campaign: 'summer' });
    const stored = JSON.parse((await admin.hGet(store.keys(payload.id).session, 'd'))!);
    expect(stored.ns.public).toMatchObject({ utm_source: { value: 'partner' }, utm_campaign: { value: 'summer' }, sc: { value: '2' } });
    // The next page, without the query, is on the link's variant, from the cookie alone.
    const next = await jar.fetch(url('/'));
    await next.arrayBuffer();
    expect(next.headers.get('x-segment-variant')).toBe(page.headers.get('x-segment-variant'));
    expect(next.headers.getSetCookie()).toEqual([]);
  });

  it('a first read whose only URL input the store refuses is a plain read: its template by reference, nothing stored', async () => {
    const jar = new CookieJar();
    const read = await jar.fetch(url('/api/sessions?items=store.channel&sc=99'));
    expect(read.status).toBe(200);
    expect(((await read.json()) as SessionBody).namespaces.store?.channel?.value).toBe('1');
    const payload = await payloadOf(jar);
    expect(payload.pristine).toBeDefined();
    expect(await admin.exists(store.keys(payload.id).session)).toBe(0);
  });

  it('stores one session when a page fires parallel first reads and a write', async () => {
    const jar = new CookieJar();
    const minted = await firstVisit(jar, '?utm_campaign=winter');
    const cookie = jar.header();
    const responses = await Promise.all([
      fetch(url('/api/sessions'), { method: 'PATCH', headers: { ...JSON_HEADERS, cookie }, body: body({ utm_source: 'push' }) }),
      ...Array.from({ length: 8 }, () => fetch(url('/api/sessions?items=public.*'), { headers: { cookie } })),
    ]);
    for (const response of responses) expect(response.status).toBe(200);
    for (const response of responses.slice(1)) {
      const read = (await response.json()) as SessionBody;
      expect(read.id).toBe(minted.id);
      expect(read.namespaces.public?.utm_campaign?.value).toBe('winter');
    }
    expect(await admin.hGet(store.keys(minted.id).session, 'v')).toBe(String(minted.v + 1));
    const stored = JSON.parse((await admin.hGet(store.keys(minted.id).session, 'd'))!);
    expect(stored.ns.public).toMatchObject({ utm_campaign: { value: 'winter' }, utm_source: { value: 'push' } });
  });

  it('makes a visitor whose session Redis no longer holds a fresh one, keeping the keepAlive account id', async () => {
    const jar = new CookieJar();
    expect((await patch(jar, { utm_source: 'mail' })).status).toBe(200);
    const before = await payloadOf(jar);
    // The key lapsed (its TTL is renewed by API access only; pages never touch Redis).
    await admin.del(store.keys(before.id).session);
    const session = await read(jar);
    expect(session.id).not.toBe(before.id);
    expect(session.namespaces.public).toBeUndefined();
    expect(session.namespaces.account?.id).toEqual({ value: expect.any(String), keepAlive: true });
  });

  it('materialises a session the middleware minted on its first write, keeping its UTMs and channel', async () => {
    const jar = new CookieJar();
    const minted = await firstVisit(jar, '?utm_source=partner&utm_campaign=summer&sc=2');
    expect(minted.ns?.public?.utm_source?.value).toBe('partner');
    expect(await admin.exists(store.keys(minted.id).session)).toBe(0);

    expect((await patch(jar, { postalCode: '10001' })).status).toBe(200);
    const written = await payloadOf(jar);
    expect(written.id).toBe(minted.id);
    expect(written.ns).toBeUndefined();
    const session = await read(jar, 'public.*,store.channel');
    expect(session.namespaces.public).toMatchObject({ utm_source: { value: 'partner' }, utm_campaign: { value: 'summer' }, postalCode: { value: '10001' } });
    expect(session.namespaces.store?.channel?.value).toBe('2');
    expect(await admin.exists(store.keys(minted.id).session)).toBe(1);
  });
});

describe('Sessions API over HTTP with Redis unreachable (next start)', () => {
  let server: RunningServer;
  const url = (path: string) => `${server.url}${path}`;

  beforeAll(async () => {
    server = await startServer({ SESSION_STORE: 'redis', REDIS_URL: await deadRedisUrl(), REDIS_CONNECT_TIMEOUT_MS: '500' });
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('answers API writes with a 503 JSON error, and keeps answering', async () => {
    for (const method of ['POST', 'PATCH', 'POST']) {
      const started = Date.now();
      const response = await fetch(url('/api/sessions'), { method, headers: JSON_HEADERS, body: body({ postalCode: '05408-000' }) });
      expect(response.status).toBe(503);
      expect(response.headers.get('content-type')).toMatch(/application\/json/);
      expect(response.headers.get('cache-control')).toBe('private, no-store');
      expect(response.headers.getSetCookie()).toEqual([]);
      const error = (await response.json()) as { error: { code: string; message: string } };
      expect(error.error.code).toBe('store_unavailable');
      expect(error.error.message).toMatch(/session store is unavailable/i);
      expect(Date.now() - started).toBeLessThan(2000);
    }
    // A read that needs the store fails the same way; a new visitor's needs none.
    const token = await codec.seal({ id: 'kept-in-redis', v: 3, exp: Date.now() + 60_000, seg: {} as never });
    const read = await fetch(url('/api/sessions?items=*'), { headers: { cookie: `vtex_session=${token}` } });
    expect(read.status).toBe(503);
    expect(((await read.json()) as { error: { code: string } }).error.code).toBe('store_unavailable');
    expect((await fetch(url('/api/sessions?items=*'))).status).toBe(200);
    expect(server.output()).not.toMatch(/uncaught|unhandled/i);
  });

  it('still serves pages from the cookie alone', async () => {
    // A first visit needs no store: its page is deferred.
    const first = await fetch(url('/?utm_source=partner'));
    expect(first.status).toBe(200);
    await first.arrayBuffer();
    // A visitor whose cookie no longer opens gets a session minted on the page, carrying its namespaces.
    const jar = new CookieJar();
    jar.set('vtex_session', 'Fe26.2**stale');
    const response = await jar.fetch(url('/?utm_source=partner'));
    expect(response.status).toBe(200);
    await response.arrayBuffer();
    expect(jar.get('vtex_session')).toBeTruthy();
    expect(jar.get('vtex_session')).not.toBe('Fe26.2**stale');
    const again = await jar.fetch(url('/'));
    expect(again.status).toBe(200);
  });
});

describe('the Edge middleware bundle', () => {
  it('holds nothing of the Redis client (the store is imported on demand, by Node routes only)', () => {
    const dist = path.resolve(__dirname, '../..', DIST_DIR);
    const manifest = JSON.parse(readFileSync(path.join(dist, 'server/middleware-manifest.json'), 'utf8')) as {
      middleware: Record<string, { files: string[] }>;
    };
    const files = Object.values(manifest.middleware).flatMap((entry) => entry.files);
    expect(files.length).toBeGreaterThan(0);
    for (const file of files) {
      const code = readFileSync(path.join(dist, file), 'utf8');
      expect(code).not.toMatch(/ClientOfflineError|RedisSocket|vtex-sessions\.redis-connections|redis\.replicate_commands/);
    }
  });
});
