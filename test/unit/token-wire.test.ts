import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { sealData as ironSessionSeal, unsealData as ironSessionUnseal } from 'iron-session';
import { DEFAULT_LIMITS } from '@/lib/session/limits';
import { regionIdOfSellerList, regionSellerList } from '@/lib/session/regions/region-id';
import { secretId } from '@/lib/session/secrets';
import { deriveSegment } from '@/lib/session/segment';
import { TokenCodec, type TokenPayload } from '@/lib/session/token';
import { freezeNamespaces, toWire, wireText } from '@/lib/session/token-wire';
import type { Namespaces, Segment } from '@/lib/session/types';

const SECRET = 'wire-secret-0123456789-0123456789-abcdef';
const codec = () => new TokenCodec({ secrets: [SECRET], cacheSize: 0 });
const EXP = Date.now() + 3_600_000;
/** What the token carries, decrypted by iron-session itself. */
const wireOf = async (token: string) => (await ironSessionUnseal(token, { password: { [secretId(SECRET)]: SECRET }, ttl: 0 })) as Record<string, unknown>;
/** A token as the codec sealed it before the wire compaction existed (iron-session, the old wire). */
const oldToken = (wire: object) => ironSessionSeal(wire as Record<string, unknown>, { password: { [secretId(SECRET)]: SECRET }, ttl: 0 });

const MARKETPLACE = Array.from({ length: 100 }, (_, i) => `marketplace-seller-${String(i).padStart(2, '0')}`);
const MARKETPLACE_REGION = regionIdOfSellerList(MARKETPLACE.join(';'));

/** A cookie-store session as the demo's transforms leave it, with a region. */
function visitorNamespaces(regionId: string): Namespaces {
  return {
    account: { id: { value: 'a1b2c3d4-e5f6-4789-9abc-def012345678', keepAlive: true }, accountName: { value: 'storeframework', keepAlive: true } },
    store: {
      channel: { value: '1' },
      countryCode: { value: 'BRA' },
      cultureInfo: { value: 'pt-BR' },
      currencyCode: { value: 'BRL' },
      currencySymbol: { value: 'R$' },
      channelPrivacy: { value: 'public' },
    },
    public: { country: { value: 'BRA' }, postalCode: { value: '01310-100' }, utm_source: { value: 'newsletter' }, utm_campaign: { value: 'black-friday' } },
    checkout: { regionId: { value: regionId } },
    profile: { isAuthenticated: { value: 'false' } },
  };
}

const roundTrip = (payload: TokenPayload) => expect(codec().unsealSync(codec().sealSync(payload))).toEqual({ status: 'valid', payload });

describe('region ids on the wire', () => {
  it('reads a VTEX region id as its seller list only when the list gives the id back exactly', () => {
    expect(regionSellerList(btoa('SW#a;b'))).toBe('a;b');
    expect(regionSellerList('U1cj')).toBe('');
    expect(regionIdOfSellerList('a;b')).toBe(btoa('SW#a;b'));
    for (const notOne of [
      btoa('SW#ab').replace(/=+$/, ''), // padding dropped
      'U1cjYR==', // "SW#a" with stray low bits (canonical: U1cjYQ==)
      btoa('XY#a;b'),
      'v2.6F3C1A2B',
      '',
      'U1cj\n',
      btoa('SW#\xff'), // Latin-1 bytes that are not UTF-8
    ]) {
      expect(regionSellerList(notOne), notOne).toBeNull();
    }
  });

  it('carries a region as its front-coded seller list, and restores the exact id', async () => {
    const payload: TokenPayload = { id: 'marketplace', v: 1, exp: EXP, ns: visitorNamespaces(MARKETPLACE_REGION) };
    const token = codec().sealSync(payload);
    const wire = (await wireOf(token)) as { n: { checkout: { regionId: { r: unknown } } } };
    const coded = wire.n.checkout.regionId.r as (string | number)[];
    expect(coded.slice(0, 3)).toEqual(['marketplace-seller-00', 20, '1']);
    expect(JSON.stringify(coded).length).toBeLessThan(MARKETPLACE.join(';').length / 2);
    expect(codec().unsealSync(token)).toEqual({ status: 'valid', payload });
  });

  it('fits a 100-seller marketplace region, with a whole visitor session, in the cookie budget', () => {
    const token = codec().sealSync({ id: crypto.randomUUID(), v: 12, exp: EXP, ns: visitorNamespaces(MARKETPLACE_REGION) });
    expect(token.length).toBeLessThanOrEqual(DEFAULT_LIMITS.maxCookieBytes);
    // Sellers that share nothing fit too: 100 ids of 12 random characters.
    const unrelated = Array.from({ length: 100 }, (_, i) => `${(i * 7919).toString(36)}x${crypto.randomUUID().slice(0, 10)}`);
    const other = codec().sealSync({ id: crypto.randomUUID(), v: 12, exp: EXP, ns: visitorNamespaces(regionIdOfSellerList(unrelated.join(';'))) });
    expect(other.length).toBeLessThanOrEqual(DEFAULT_LIMITS.maxCookieBytes);
  });

  it('the region id as it was (base64 inside the sealed JSON) would not have fitted', async () => {
    const old = await oldToken({ i: crypto.randomUUID(), v: 12, e: EXP, n: { checkout: { regionId: MARKETPLACE_REGION } } });
    expect(old.length).toBeGreaterThan(DEFAULT_LIMITS.maxCookieBytes);
  });

  it('compacts the segment\'s region in a server-side store\'s slim token, and keeps keepAlive regions keepAlive', async () => {
    const seg: Segment = { ...deriveSegment({}), channel: '1', regionId: MARKETPLACE_REGION };
    const slim: TokenPayload = { id: 'redis-held', v: 4, exp: EXP, seg, ka: { account: { id: { value: 'acct', keepAlive: true } } } };
    const token = codec().sealSync(slim);
    const wire = (await wireOf(token)) as { s: { regionId: unknown } };
    expect(wire.s.regionId).toMatchObject({ r: expect.any(Array) });
    const old = await oldToken({ i: 'redis-held', v: 4, e: EXP, s: seg, k: { account: { id: 'acct' } } });
    expect(token.length).toBeLessThan(old.length * 0.4);
    roundTrip(slim);
    roundTrip({ id: 'k', v: 1, exp: EXP, ns: { checkout: { regionId: { value: btoa('SW#a;b'), keepAlive: true } } } });
  });

  it('seals a slim token whose segment lacks keys (an older or partial payload) instead of throwing', () => {
    const partial = { id: 'partial', v: 3, exp: EXP, seg: { channel: '1' } as unknown as Segment };
    const unsealed = codec().unsealSync(codec().sealSync(partial));
    expect(unsealed).toMatchObject({ status: 'valid', payload: { id: 'partial', seg: { channel: '1' } } });
  });

  it('still unseals tokens in the old wire format', async () => {
    const ns = visitorNamespaces(btoa('SW#loja-a;loja-b'));
    const oldNs = await oldToken({
      i: 'old-cookie',
      v: 5,
      e: EXP,
      d: 1,
      n: {
        account: { id: ['a1b2c3d4-e5f6-4789-9abc-def012345678', 1], accountName: ['storeframework', 1] },
        store: { channel: '1', countryCode: 'BRA', cultureInfo: 'pt-BR', currencyCode: 'BRL', currencySymbol: 'R$', channelPrivacy: 'public' },
        public: { country: 'BRA', postalCode: '01310-100', utm_source: 'newsletter', utm_campaign: 'black-friday' },
        checkout: { regionId: btoa('SW#loja-a;loja-b') },
        profile: { isAuthenticated: 'false' },
      },
    });
    expect(codec().unsealSync(oldNs)).toEqual({ status: 'valid', payload: { id: 'old-cookie', v: 5, exp: EXP, dbg: 1, ns } });
    const seg: Segment = { ...deriveSegment({}), regionId: btoa('SW#loja-a') };
    const oldSlim = await oldToken({ i: 'old-slim', v: 2, e: EXP, s: seg, k: { account: { id: 'acct' } } });
    expect(codec().unsealSync(oldSlim)).toEqual({
      status: 'valid',
      payload: { id: 'old-slim', v: 2, exp: EXP, seg, ka: { account: { id: { value: 'acct', keepAlive: true } } } },
    });
  });

  it('refuses an authentic token whose compact region is not one (invalid, not a throw)', async () => {
    for (const r of [[], [3, 'x'], ['ab', 5, 'c'], ['abc', 0, 'd'], ['abc', 1.5, 'd'], ['abc', 2], { a: 1 }, 7, null]) {
      const token = await oldToken({ i: 'x', v: 1, e: EXP, n: { checkout: { regionId: { r } } } });
      expect(codec().unsealSync(token), JSON.stringify(r)).toEqual({ status: 'invalid' });
    }
    // Outside checkout.regionId an object value is no region.
    const elsewhere = await oldToken({ i: 'x', v: 1, e: EXP, n: { public: { regionId: { r: 'a' } } } });
    expect(codec().unsealSync(elsewhere)).toEqual({ status: 'invalid' });
  });
});

describe('wire compaction round-trips exactly (properties)', () => {
  const sellerId = fc.oneof(
    fc.string({ unit: 'grapheme', maxLength: 12 }),
    fc.integer({ min: 0, max: 999 }).map((n) => `marketplace-seller-${n}`),
    fc.constantFrom('', 'a', 'loja', 'lojab', 'loja-b', '😀', '😀a', '😀b', 'sp-centro'),
  );
  const sellerList = fc.array(sellerId, { maxLength: 30 }).map((ids) => ids.join(';'));
  const canonicalRegion = sellerList.map(regionIdOfSellerList);
  /** Region ids that must travel verbatim: not base64, not SW#, not canonical, not UTF-8. */
  const otherRegion = fc.oneof(
    fc.string({ unit: 'binary', maxLength: 40 }),
    fc.base64String({ maxLength: 60 }),
    canonicalRegion.map((id) => id.replace(/=+$/, '')),
    canonicalRegion.filter((id) => id.endsWith('=')).map((id) => id.replace(/([A-Za-z0-9+/])(=+)$/, (_, c: string, pad: string) => `${String.fromCharCode(c.charCodeAt(0) ^ 1)}${pad}`)),
    sellerList.map((list) => btoa(`SX#${unescape(encodeURIComponent(list))}`)),
  );
  const anyRegion = fc.oneof(canonicalRegion, otherRegion);

  it('checkout.regionId in a cookie-store token: any id, keepAlive or not', () => {
    const c = codec();
    fc.assert(
      fc.property(anyRegion, fc.boolean(), (regionId, keepAlive) => {
        const payload: TokenPayload = {
          id: 'p',
          v: 1,
          exp: EXP,
          ns: { checkout: keepAlive ? { regionId: { value: regionId, keepAlive: true } } : { regionId: { value: regionId } }, public: { regionId: { value: regionId } } },
        };
        expect(c.unsealSync(c.sealSync(payload))).toEqual({ status: 'valid', payload });
      }),
      { numRuns: 300 },
    );
  });

  it('the segment\'s regionId in a slim token: any id, or none', () => {
    const c = codec();
    fc.assert(
      fc.property(fc.option(anyRegion, { nil: null }), (regionId) => {
        const payload: TokenPayload = { id: 'p', v: 1, exp: EXP, seg: { ...deriveSegment({}), regionId } };
        expect(c.unsealSync(c.sealSync(payload))).toEqual({ status: 'valid', payload });
      }),
      { numRuns: 300 },
    );
  });

  it('a canonical region is never carried longer than its seller list', async () => {
    await fc.assert(
      fc.asyncProperty(sellerList, async (list) => {
        const token = codec().sealSync({ id: 'p', v: 1, exp: EXP, ns: { checkout: { regionId: { value: regionIdOfSellerList(list) } } } });
        const wire = (await wireOf(token)) as { n: { checkout: { regionId: { r: unknown } } } };
        expect(JSON.stringify(wire.n.checkout.regionId.r).length).toBeLessThanOrEqual(JSON.stringify(list).length);
      }),
      { numRuns: 100 },
    );
  });
});

describe('wireText: the sealed JSON around the kept text of frozen namespaces', () => {
  const value = fc.record({ value: fc.string({ maxLength: 20 }) }).chain((v) => fc.boolean().map((keepAlive) => (keepAlive ? { ...v, keepAlive: true } : v)));
  const namespaces = fc.dictionary(fc.constantFrom('account', 'store', 'public', 'checkout', 'rnb'), fc.dictionary(fc.string({ minLength: 1, maxLength: 10 }), value, { maxKeys: 5 }), {
    maxKeys: 5,
  }) as fc.Arbitrary<Namespaces>;

  it('writes exactly what JSON.stringify(toWire(payload)) writes, frozen or not, with a region to compact (property)', () => {
    const region = regionIdOfSellerList('marketplace-seller-00;marketplace-seller-01');
    fc.assert(
      fc.property(namespaces, fc.string(), fc.nat(), fc.nat(), fc.boolean(), (ns, id, v, exp, debug) => {
        const withRegion: Namespaces = { ...ns, checkout: { ...ns.checkout, regionId: { value: region } } };
        const payload: TokenPayload = { id, v, exp, ...(debug ? { dbg: 1 as const } : {}), ns: withRegion };
        const expected = JSON.stringify(toWire(payload));
        expect(wireText(payload)).toBe(expected);
        const frozen = { ...payload, ns: freezeNamespaces(structuredClone(withRegion)) };
        expect(wireText(frozen)).toBe(expected);
        // Kept text, asked again.
        expect(wireText(frozen)).toBe(expected);
      }),
      { numRuns: 150 },
    );
  });

  it('frozen namespaces cannot change under their kept text, and a token sealed around it opens to the payload', () => {
    const ns = freezeNamespaces({ store: { channel: { value: '1' } }, account: { id: { value: 'a', keepAlive: true } } });
    expect(() => {
      (ns.store as Record<string, { value: string }>).channel!.value = '2';
    }).toThrow(TypeError);
    expect(() => {
      (ns as Record<string, unknown>).public = {};
    }).toThrow(TypeError);
    const codec = new TokenCodec({ secrets: [SECRET] });
    const payload: TokenPayload = { id: 'visitor-1', v: 1, exp: Date.now() + 60_000, ns };
    const token = codec.sealSync(payload, 'list1234.code', { remember: 'tag' });
    expect(new TokenCodec({ secrets: [SECRET], cacheSize: 0 }).unsealSync(token)).toEqual({ status: 'valid', payload: structuredClone(payload) });
  });
});
