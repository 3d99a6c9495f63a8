import { describe, expect, it } from 'vitest';
import { SessionEngine } from '@/lib/session/engine';
import { isSessionError } from '@/lib/session/errors';
import { cookieStore } from '@/lib/session/stores/cookie';
import { memoryStore } from '@/lib/session/stores/memory';
import { redisStore, type RedisSessionStore } from '@/lib/session/stores/redis';
import { signOutEverywhere } from '@/lib/session/stores/revoke';
import { VersionConflict } from '@/lib/session/stores/types';
import { storeTransform } from '@/lib/session/transforms/store';
import { storeConfig } from '@/store.config';
import { REDIS_URL, redisTestContext, testPrefix } from '../support/redis';

const SECRET = 'redis-revocation-secret-0123456789abcdefg';
const redis = redisTestContext();
const stores = redis.stores;

function setup(identityKeys?: string[]) {
  const store = stores.track(redisStore({ url: REDIS_URL, prefix: testPrefix('revoke') }));
  // Only the store transform: sign-in here is the engine's own authentication
  // namespace, without the profile lookup the demo adds.
  const engine = new SessionEngine({ secrets: [SECRET], store, transforms: [storeTransform(storeConfig)], account: storeConfig.account, identityKeys });
  return { store, engine };
}

/** A device's session signed in as `user` (sign-in rotates the id, as lib/session/auth does). */
async function signedIn(engine: SessionEngine, user: string, device: string) {
  const anonymous = await engine.write(null, { public: { device } });
  const token = (await engine.issue(anonymous.session, anonymous.storedVersion)).sessionToken;
  const result = await engine.write(token, { authentication: { storeUserId: user } }, { rotateId: true });
  return { id: result.session.id, token: (await engine.issue(result.session, result.storedVersion)).sessionToken };
}

async function isFresh(engine: SessionEngine, token: string, id: string) {
  const opened = await engine.open(token);
  return opened.origin === 'revoked' && opened.session.id !== id && opened.session.namespaces.authentication === undefined;
}

describe('redis store: revocation', () => {
  it('turns a removed session’s cookie into a fresh visitor, and writes through it start a new session', async () => {
    const { store, engine } = setup();
    const written = await engine.write(null, { public: { utm_source: 'mail' } });
    const token = (await engine.issue(written.session, written.storedVersion)).sessionToken;
    await engine.revoke(written.session.id);
    expect(await isFresh(engine, token, written.session.id)).toBe(true);

    const again = await engine.write(token, { public: { postalCode: '10001' } });
    expect(again.session.id).not.toBe(written.session.id);
    expect(again.session.namespaces.public?.utm_source).toBeUndefined();
    expect(await redis.admin.exists(store.keys(written.session.id).session)).toBe(0);
  });

  it('refuses to bring a revoked id back from a token that still carries its namespaces', async () => {
    const { store, engine } = setup();
    const { session: minted } = await engine.mint({ public: { utm_campaign: 'spring' } });
    const token = (await engine.issue(minted, null)).sessionToken;
    await store.remove(minted.id);
    expect(await store.load({ id: minted.id, v: minted.version, exp: minted.expiresAt, ns: minted.namespaces })).toBeNull();
    const written = await engine.write(token, { public: { postalCode: '10001' } });
    expect(written.session.id).not.toBe(minted.id);
    expect(written.session.namespaces.public?.utm_campaign).toBeUndefined();
    expect(await redis.admin.exists(store.keys(minted.id).session)).toBe(0);
  });

  it('refuses a write that read the session just before it was revoked', async () => {
    const { store } = setup();
    const now = Date.now();
    const session = { id: 's-race', version: 1, namespaces: { public: { a: { value: '1' } } }, active: true, debug: false, expiresAt: now + 60_000 };
    // Read from a middleware token (which stores it), revoked, then the write lands.
    expect((await store.load({ id: 's-race', v: 1, exp: session.expiresAt, ns: session.namespaces }))?.storedVersion).toBe(1);
    await store.remove('s-race');
    await expect(store.save({ ...session, version: 2 }, 1)).rejects.toBeInstanceOf(VersionConflict);
    await expect(store.save({ ...session, version: 2 }, null)).rejects.toBeInstanceOf(VersionConflict);
    expect(await redis.admin.exists(store.keys('s-race').session)).toBe(0);
  });

  it('signs a user out everywhere: every device’s session, and no one else’s', async () => {
    const { store, engine } = setup();
    const devices = await Promise.all(['phone', 'laptop', 'tablet'].map((device) => signedIn(engine, 'ana', device)));
    const other = await signedIn(engine, 'bruno', 'phone');
    const anonymous = await engine.write(null, { public: { device: 'kiosk' } });

    expect(await signOutEverywhere(store, 'ana')).toBe(3);
    for (const device of devices) expect(await isFresh(engine, device.token, device.id)).toBe(true);
    expect((await engine.open(other.token)).session.namespaces.authentication?.storeUserId?.value).toBe('bruno');
    expect(await redis.admin.exists(store.keys(anonymous.session.id).session)).toBe(1);
    // Done once; the index is empty now.
    expect(await signOutEverywhere(store, 'ana')).toBe(0);
    expect(await redis.admin.exists(store.userKey('ana'))).toBe(0);
  });

  it('leaves alone a session that has signed out (or in as someone else) since it was indexed', async () => {
    // An engine told not to rotate ids on identity changes (the default does): the
    // index must still not sign out a session that now belongs to someone else.
    const { store, engine } = setup([]);
    const ana = await signedIn(engine, 'ana', 'shared-pc');
    // Same id, now someone else's: an index entry may outlive a change of user.
    const switched = await engine.write(ana.token, { authentication: { storeUserId: 'carla' } });
    expect(switched.session.id).toBe(ana.id);
    expect(await redis.admin.zScore(store.userKey('ana'), ana.id)).not.toBeNull();
    expect(await signOutEverywhere(store, 'ana')).toBe(0);
    expect((await engine.open(ana.token)).session.namespaces.authentication?.storeUserId?.value).toBe('carla');
    expect(await signOutEverywhere(store, 'carla')).toBe(1);
  });

  it('keeps the user index no longer than the user’s longest session', async () => {
    const { store, engine } = setup();
    const ana = await signedIn(engine, 'ana', 'phone');
    const indexTtl = await redis.admin.pTTL(store.userKey('ana'));
    const sessionTtl = await redis.admin.pTTL(store.keys(ana.id).session);
    expect(Math.abs(indexTtl - sessionTtl)).toBeLessThan(1000);
    expect(await redis.admin.zScore(store.userKey('ana'), ana.id)).toBeGreaterThan(Date.now());
  });

  it('keys a user index by a hash tag that user ids cannot break out of', async () => {
    const { store, engine } = setup();
    const odd = 'x}{y:z';
    const session = await signedIn(engine, odd, 'phone');
    expect(store.userKey(odd)).toBe(`${store.prefix}user:{${encodeURIComponent(odd)}}`);
    expect(await signOutEverywhere(store, odd)).toBe(1);
    expect(await isFresh(engine, session.token, session.id)).toBe(true);
  });

  it('says plainly when a store cannot sign a user out everywhere', async () => {
    for (const store of [cookieStore(), memoryStore()]) {
      const error = await signOutEverywhere(store, 'ana').catch((e: unknown) => e);
      expect(isSessionError(error) && error.status === 501 && error.code === 'revocation_unsupported').toBe(true);
    }
    const error = await signOutEverywhere({} as RedisSessionStore, ' ').catch((e: unknown) => e);
    expect(isSessionError(error) && error.status === 400).toBe(true);
  });
});
