import { describe, expect, it } from 'vitest';
import { decodeSegmentToken } from '@/lib/session/segment';
import { checkoutTransform } from '@/lib/session/transforms/checkout';
import { runTransforms } from '@/lib/session/transforms/engine';
import type { RegionResolver } from '@/lib/session/regions/types';
import { regionIdOf } from '@/lib/session/regions/types';
import { SessionError } from '@/lib/session/errors';
import { commerceEngine, stores, tokenOf, valueAt } from '../support/commerce-engine';

const PAULISTA = regionIdOf(['1', 'sp-centro', 'sp-express']);

describe.each(stores)('checkout transform (%s store)', (_name, makeStore) => {
  it('turns country + postal code into checkout.regionId, and answers the serving sellers without storing them', async () => {
    const engine = commerceEngine({ store: makeStore() });
    const result = await engine.write(null, { public: { country: 'BRA', postalCode: '01310-100' } });
    expect(valueAt(result.session.namespaces, 'checkout.regionId')).toBe(PAULISTA);
    expect(valueAt(result.session.namespaces, 'checkout.sellers')).toBeUndefined();
    expect(JSON.parse(valueAt(engine.present(result.session).namespaces, 'checkout.sellers')!)).toEqual([
      { id: '1', name: 'Demo Store' },
      { id: 'sp-centro', name: 'Mercado Centro SP' },
      { id: 'sp-express', name: 'Paulista Express' },
    ]);
    expect(valueAt(result.session.namespaces, 'public.postalCode')).toBe('01310-100');
    const tokens = await engine.issue(result.session, result.storedVersion);
    expect(decodeSegmentToken(tokens.segmentToken).regionId).toBe(PAULISTA);
  });

  it('keeps the postal code as typed', async () => {
    const result = await commerceEngine({ store: makeStore() }).write(null, { public: { country: 'BRA', postalCode: '01310100' } });
    expect(valueAt(result.session.namespaces, 'public.postalCode')).toBe('01310100');
    expect(valueAt(result.session.namespaces, 'checkout.regionId')).toBe(PAULISTA);
  });

  it("uses the channel's country when the shopper gives only a postal code", async () => {
    const result = await commerceEngine({ store: makeStore() }).write(null, { public: { postalCode: '05408-000' } });
    expect(valueAt(result.session.namespaces, 'checkout.regionId')).toBe(regionIdOf(['1', 'sp-sul']));
  });

  it('leaves no region, and a null segment regionId, for a code nobody serves', async () => {
    const engine = commerceEngine({ store: makeStore() });
    const first = await engine.write(null, { public: { country: 'BRA', postalCode: '01310-100' } });
    const moved = await engine.write(await tokenOf(engine, first), { public: { postalCode: '69900-000' } });
    expect(moved.session.namespaces.checkout).toBeUndefined();
    expect(moved.changed).toEqual(expect.arrayContaining(['public.postalCode', 'checkout.regionId']));
    expect(engine.present(moved.session).namespaces.checkout).toBeUndefined();
    expect(decodeSegmentToken((await engine.issue(moved.session, moved.storedVersion)).segmentToken).regionId).toBeNull();
  });

  it('clears the region when the postal code is cleared with ""', async () => {
    const engine = commerceEngine({ store: makeStore() });
    const first = await engine.write(null, { public: { country: 'USA', postalCode: '10001' } });
    expect(valueAt(first.session.namespaces, 'checkout.regionId')).toBe(regionIdOf(['us-1', 'nyc-downtown']));
    const cleared = await engine.write(await tokenOf(engine, first), { public: { postalCode: '' } });
    expect(cleared.session.namespaces.checkout).toBeUndefined();
  });

  it('finds the region from geoCoordinates ("lng;lat") when there is no postal code', async () => {
    const result = await commerceEngine({ store: makeStore() }).write(null, { public: { country: 'BRA', geoCoordinates: '-46.6544;-23.5632' } });
    expect(valueAt(result.session.namespaces, 'checkout.regionId')).toBe(regionIdOf(['1', 'sp-express']));
  });

  it('refuses a malformed postal code with a 400 and changes nothing', async () => {
    const engine = commerceEngine({ store: makeStore() });
    const first = await engine.write(null, { public: { country: 'BRA', postalCode: '01310-100', utm_source: 'a' } });
    const token = await tokenOf(engine, first);
    const edits: Record<string, string>[] = [{ postalCode: '1234' }, { postalCode: 'ABCDE-FGH' }, { country: 'USA' }, { country: 'USA', postalCode: '01310-100' }];
    for (const edit of edits) {
      const error = await engine.write(token, { public: { ...edit, utm_source: 'b' } }).catch((e) => e);
      expect(error, JSON.stringify(edit)).toBeInstanceOf(SessionError);
      expect(error).toMatchObject({ status: 400, code: 'invalid_postal_code' });
    }
    const after = await engine.open(token);
    expect(valueAt(after.session.namespaces, 'public.utm_source')).toBe('a');
    expect(valueAt(after.session.namespaces, 'public.postalCode')).toBe('01310-100');
    expect(valueAt(after.session.namespaces, 'checkout.regionId')).toBe(PAULISTA);
    expect(after.session.version).toBe(first.session.version);
  });

  it('refuses alpha-2 or unknown countries and malformed coordinates with a 400', async () => {
    const engine = commerceEngine({ store: makeStore() });
    await expect(engine.write(null, { public: { country: 'BR', postalCode: '01310-100' } })).rejects.toMatchObject({ status: 400, code: 'invalid_country' });
    await expect(engine.write(null, { public: { country: 'XYZ' } })).rejects.toMatchObject({ status: 400, code: 'invalid_country' });
    await expect(engine.write(null, { public: { country: 'BRA', geoCoordinates: '-23.5' } })).rejects.toMatchObject({ status: 400, code: 'invalid_geo_coordinates' });
  });

  it('takes codes of countries without a known format as typed', async () => {
    const result = await commerceEngine({ store: makeStore() }).write(null, { public: { country: 'ARE', postalCode: 'anything 1' } });
    expect(valueAt(result.session.namespaces, 'public.postalCode')).toBe('anything 1');
    expect(result.session.namespaces.checkout).toBeUndefined();
  });
});

describe('checkout transform, unit', () => {
  const recorder = (): RegionResolver & { queries: unknown[] } => {
    const queries: unknown[] = [];
    return { name: 'recorder', io: true, queries, resolve: (query) => (queries.push(query), null) };
  };

  it('passes the resolver the alpha-3 country, the tidied code and the sales channel', async () => {
    const resolver = recorder();
    await runTransforms(
      [checkoutTransform(resolver)],
      { public: { country: { value: 'bra' }, postalCode: { value: ' 01310-100 ' } }, store: { channel: { value: '3' } } },
      { changed: ['public.postalCode'], creating: false },
    );
    expect(resolver.queries).toEqual([{ country: 'BRA', postalCode: '01310-100', geoCoordinates: undefined, salesChannel: '3' }]);
  });

  it('is marked io when its resolver is, so the middleware skips it', async () => {
    const resolver = recorder();
    const transform = checkoutTransform(resolver);
    expect(transform.io).toBe(true);
    const result = await runTransforms([transform], { public: { country: { value: 'BRA' }, postalCode: { value: '01310-100' } } }, {
      changed: ['public.postalCode'],
      creating: true,
      skipIO: true,
    });
    expect(resolver.queries).toEqual([]);
    expect(result.namespaces.checkout).toBeUndefined();
  });

  it('does not fail a write that did not touch the region when the channel country no longer fits the code', async () => {
    const transform = checkoutTransform(recorder());
    const result = await runTransforms(
      [transform],
      { public: { postalCode: { value: '01310-100' } }, store: { countryCode: { value: 'USA' } }, checkout: { regionId: { value: PAULISTA } } },
      { changed: ['store.countryCode'], creating: false },
    );
    expect(result.namespaces.checkout).toBeUndefined();
  });

  it('owns only regionId and sellers, leaving other checkout keys alone', async () => {
    const result = await runTransforms(
      [checkoutTransform(recorder())],
      { public: { country: { value: 'BRA' }, postalCode: { value: '69900-000' } }, checkout: { orderFormId: { value: 'of-1' }, regionId: { value: 'x' } } },
      { changed: ['public.postalCode'], creating: false },
    );
    expect(result.namespaces.checkout).toEqual({ orderFormId: { value: 'of-1' } });
  });
});

describe('checkout transform: marketplace regions', () => {
  const sellers = (n: number) => Array.from({ length: n }, (_, i) => ({ id: `marketplace-seller-${String(i).padStart(2, '0')}`, name: `Marketplace Seller ${i}` }));
  const marketplace = (n: number): RegionResolver => ({
    name: 'marketplace',
    io: false,
    resolve: () => ({ id: regionIdOf(sellers(n).map((s) => s.id)), sellers: sellers(n) }),
    sellerName: (id) => sellers(n).find((s) => s.id === id)?.name,
  });

  it.each([1, 12, 100])('a cookie session holds a region of %i sellers, and the API answers them all', async (n) => {
    const engine = commerceEngine({ store: stores[1][1](), regionResolver: marketplace(n) });
    const result = await engine.write(null, { public: { country: 'BRA', postalCode: '01310-100' } });
    const tokens = await engine.issue(result.session, result.storedVersion);
    expect(tokens.sessionToken.length).toBeLessThanOrEqual(engine.limits.maxCookieBytes);
    expect(decodeSegmentToken(tokens.segmentToken).regionId).toBe(regionIdOf(sellers(n).map((s) => s.id)));
    const reopened = await engine.open(tokens.sessionToken);
    expect(JSON.parse(valueAt(engine.present(reopened.session).namespaces, 'checkout.sellers')!)).toEqual(sellers(n));
  });

  it('drops the sellers a session stored before they were derived, on its next region', async () => {
    const engine = commerceEngine({ store: stores[1][1](), regionResolver: marketplace(3) });
    const result = await runTransforms(
      [checkoutTransform(marketplace(3))],
      { public: { country: { value: 'BRA' } }, checkout: { regionId: { value: 'U1cj' }, sellers: { value: '[{"id":"old","name":"Old"}]' } } },
      { changed: [], creating: false },
    );
    expect(result.namespaces.checkout?.sellers).toBeDefined();
    const moved = await runTransforms([checkoutTransform(marketplace(3))], { ...result.namespaces, public: { country: { value: 'BRA' }, postalCode: { value: '01310-100' } } }, { changed: ['public.postalCode'], creating: false });
    expect(moved.namespaces.checkout?.sellers).toBeUndefined();
    expect(engine).toBeDefined();
  });

  it('names sellers it does not know by their id', () => {
    const transform = checkoutTransform({ name: 'bare', io: false, resolve: () => null });
    const presented = transform.present!({ checkout: { regionId: { value: regionIdOf(['seller-x', 'seller-y']) } } });
    expect(JSON.parse(String((presented.checkout as Record<string, string>).sellers))).toEqual([
      { id: 'seller-x', name: 'seller-x' },
      { id: 'seller-y', name: 'seller-y' },
    ]);
  });
});
