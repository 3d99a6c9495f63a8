import { describe, expect, it, beforeEach, afterAll } from 'vitest';
import { SessionEngine } from '@/lib/session/engine';
import type { SessionStore } from '@/lib/session/stores/types';
import { VersionConflict } from '@/lib/session/stores/types';
import { builtInTransforms } from '@/lib/session/transforms/defaults';
import type { Session } from '@/lib/session/types';
import { storeConfig } from '@/store.config';

const SECRET = 'contract-suite-secret-0123456789abcdefgh';

function session(id: string, version = 1, extra: Partial<Session> = {}): Session {
  return {
    id,
    version,
    namespaces: { public: { postalCode: { value: '05408-000' } }, account: { id: { value: 'acc', keepAlive: true } } },
    active: true,
    debug: false,
    expiresAt: Date.now() + 60_000,
    ...extra,
  };
}

/**
 * The behaviour every SessionStore must have. `makeStore` gives a fresh, empty
 * store per test. Server-side stores (`server: true`, the session kept by the
 * store rather than in the cookie) must also keep sessions, detect conflicting
 * writes, lose no concurrent write and revoke.
 */
export function describeSessionStoreContract(
  name: string,
  makeStore: () => SessionStore | Promise<SessionStore>,
  options: { server: boolean },
) {
  describe(`SessionStore contract: ${name}`, () => {
    let store: SessionStore;
    const opened: SessionStore[] = [];
    const engineFor = (s: SessionStore) =>
      new SessionEngine({ secrets: [SECRET], store: s, transforms: builtInTransforms(storeConfig), account: storeConfig.account });

    beforeEach(async () => {
      store = await makeStore();
      opened.push(store);
    });
    afterAll(async () => {
      for (const s of opened) await s.close?.();
    });

    it('gives back the session a token refers to', async () => {
      const engine = engineFor(store);
      const written = await engine.write(null, { public: { utm_source: 'newsletter' } });
      const tokens = await engine.issue(written.session, written.storedVersion);
      const reopened = await engine.open(tokens.sessionToken);
      expect(reopened.origin).toBe('existing');
      expect(reopened.session.id).toBe(written.session.id);
      expect(reopened.session.version).toBe(written.session.version);
      expect(reopened.session.namespaces.public?.utm_source?.value).toBe('newsletter');
      expect(reopened.session.namespaces.store?.channel?.value).toBe('1');
    });

    it('materialises a session minted elsewhere (the middleware) from its token, keeping what it holds', async () => {
      const engine = engineFor(store);
      const { session: minted } = await engine.mint({ public: { utm_campaign: 'blackfriday', sc: '2' } });
      const tokens = await engine.issue(minted, null);
      const written = await engine.write(tokens.sessionToken, { public: { postalCode: '10001' } });
      expect(written.session.id).toBe(minted.id);
      expect(written.session.namespaces.public?.utm_campaign?.value).toBe('blackfriday');
      expect(written.session.namespaces.store?.channel?.value).toBe('2');
      const again = await engine.open((await engine.issue(written.session, written.storedVersion)).sessionToken);
      expect(again.session.namespaces.public?.postalCode?.value).toBe('10001');
      expect(again.session.version).toBe(minted.version + 1);
    });

    it('raises the version by one per accepted change and never lowers it', async () => {
      const engine = engineFor(store);
      let result = await engine.write(null, { public: { a: '1' } });
      const first = result.session.version;
      let token = (await engine.issue(result.session, result.storedVersion)).sessionToken;
      result = await engine.write(token, { public: { a: '2' } });
      expect(result.session.version).toBe(first + 1);
      token = (await engine.issue(result.session, result.storedVersion)).sessionToken;
      result = await engine.write(token, { public: { a: '2' } });
      expect(result.session.version).toBe(first + 1);
    });

    it('declares whether the session rides in the cookie', async () => {
      expect(store.inCookie).toBe(!options.server);
    });

    if (!options.server) return;

    describe('server-side behaviour', () => {
      it('keeps a saved session and reports its stored version', async () => {
        await store.save(session('s-keep'), null);
        const loaded = await store.load({ id: 's-keep', v: 1, exp: Date.now() + 60_000, seg: {} as never });
        expect(loaded?.storedVersion).toBe(1);
        expect(loaded?.session.namespaces.public?.postalCode?.value).toBe('05408-000');
      });

      it('refuses a save that does not start from the stored version, and writes nothing', async () => {
        await store.save(session('s-conflict', 1), null);
        await expect(store.save(session('s-conflict', 2, { namespaces: {} }), 5)).rejects.toBeInstanceOf(VersionConflict);
        await expect(store.save(session('s-conflict', 2), null)).rejects.toBeInstanceOf(VersionConflict);
        const loaded = await store.load({ id: 's-conflict', v: 1, exp: Date.now() + 60_000, seg: {} as never });
        expect(loaded?.session.version).toBe(1);
        expect(loaded?.session.namespaces.public?.postalCode?.value).toBe('05408-000');
      });

      it('forgets a removed session, even when its token still carries namespaces', async () => {
        await store.save(session('s-gone'), null);
        await store.remove('s-gone');
        expect(await store.load({ id: 's-gone', v: 1, exp: Date.now() + 60_000, seg: {} as never })).toBeNull();
        expect(await store.load({ id: 's-gone', v: 1, exp: Date.now() + 60_000, ns: { public: {} } })).toBeNull();
      });

      it('loses no write when many edit one session at once', async () => {
        const engine = engineFor(store);
        const start = await engine.write(null, { public: { start: 'yes' } });
        const token = (await engine.issue(start.session, start.storedVersion)).sessionToken;
        const writes = 40;
        await Promise.all(Array.from({ length: writes }, (_, i) => engine.write(token, { public: { [`k${i}`]: String(i) } })));
        const final = await engine.open(token);
        for (let i = 0; i < writes; i++) expect(final.session.namespaces.public?.[`k${i}`]?.value).toBe(String(i));
        expect(final.session.version).toBe(start.session.version + writes);
      });

      it('turns a revoked session into a fresh visitor', async () => {
        const engine = engineFor(store);
        const written = await engine.write(null, { public: { utm_source: 'x' } });
        const token = (await engine.issue(written.session, written.storedVersion)).sessionToken;
        await engine.revoke(written.session.id);
        const reopened = await engine.open(token);
        expect(reopened.origin).toBe('revoked');
        expect(reopened.session.id).not.toBe(written.session.id);
        expect(reopened.session.namespaces.public).toBeUndefined();
      });
    });
  });
}
