import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { httpRegionResolver } from '@/lib/session/regions/http';
import { regionIdOf } from '@/lib/session/regions/types';
import { defaultHandler, startFakeRegionsApi, type FakeRegionsApi } from '../support/regions-upstream';

let api: FakeRegionsApi;

beforeAll(async () => {
  api = await startFakeRegionsApi();
});
afterAll(() => api.close());
beforeEach(() => {
  api.requests.length = 0;
  api.handle = defaultHandler;
});

describe('HTTP region resolver (VTEX-style regions API)', () => {
  it('asks GET /api/checkout/pub/regions?country=&postalCode=&sc= and reads the sellers', async () => {
    const resolver = httpRegionResolver({ baseUrl: api.url });
    expect(resolver.io).toBe(true);
    const region = await resolver.resolve({ country: 'BRA', postalCode: '02010-000', salesChannel: '1' });
    expect(api.requests).toEqual(['/api/checkout/pub/regions?country=BRA&postalCode=02010-000&sc=1']);
    expect(region).toEqual({ id: regionIdOf(['remote-sp']), sellers: [{ id: 'remote-sp', name: 'Remote SP Seller' }] });
  });

  it('keeps a base path, and sends geoCoordinates when there is no postal code', async () => {
    api.handle = (_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end('[]');
    await httpRegionResolver({ baseUrl: `${api.url}/tenant/` }).resolve({ country: 'BRA', geoCoordinates: { lng: -46.6, lat: -23.5 } });
    expect(api.requests).toEqual(['/tenant/api/checkout/pub/regions?country=BRA&geoCoordinates=-46.6%3B-23.5']);
  });

  it('gives no region for an empty answer or a region without sellers', async () => {
    const resolver = httpRegionResolver({ baseUrl: api.url });
    expect(await resolver.resolve({ country: 'BRA', postalCode: '69900-000' })).toBeNull();
    api.handle = (_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end('[{"id":"U1cj","sellers":[]}]');
    expect(await resolver.resolve({ country: 'BRA', postalCode: '01000-000' })).toBeNull();
  });

  it('computes the region id from the sellers (SW#…), keeping the upstream id only when asked, and names sellers by id when nameless', async () => {
    api.handle = (_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end('[{"id":"v2.ABCDEF","sellers":[{"id":"a","name":"A"}]}]');
    const query = { country: 'BRA', postalCode: '01000-000' };
    expect((await httpRegionResolver({ baseUrl: api.url }).resolve(query))?.id).toBe(btoa('SW#a'));
    expect((await httpRegionResolver({ baseUrl: api.url, useUpstreamId: true }).resolve(query))?.id).toBe('v2.ABCDEF');
    api.handle = (_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end('[{"sellers":[{"id":"a"},{"id":"b","name":"B"}]}]');
    expect(await httpRegionResolver({ baseUrl: api.url }).resolve({ country: 'BRA', postalCode: '01000-000' })).toEqual({
      id: regionIdOf(['a', 'b']),
      sellers: [{ id: 'a', name: 'a' }, { id: 'b', name: 'B' }],
    });
  });

  it('caches answers for a while, per place and channel', async () => {
    let now = 0;
    const resolver = httpRegionResolver({ baseUrl: api.url, cacheTtlMs: 1000, now: () => now });
    await resolver.resolve({ country: 'BRA', postalCode: '02010-000', salesChannel: '1' });
    await resolver.resolve({ country: 'BRA', postalCode: '02010-000', salesChannel: '1' });
    await resolver.resolve({ country: 'BRA', postalCode: '69900-000', salesChannel: '1' });
    await resolver.resolve({ country: 'BRA', postalCode: '69900-000', salesChannel: '1' });
    await resolver.resolve({ country: 'BRA', postalCode: '02010-000', salesChannel: '2' });
    expect(api.requests).toHaveLength(3);
    now = 1001;
    await resolver.resolve({ country: 'BRA', postalCode: '02010-000', salesChannel: '1' });
    expect(api.requests).toHaveLength(4);
  });

  it('shares one upstream call between concurrent lookups of one place', async () => {
    const resolver = httpRegionResolver({ baseUrl: api.url });
    await Promise.all(Array.from({ length: 5 }, () => resolver.resolve({ country: 'USA', postalCode: '10001' })));
    expect(api.requests).toHaveLength(1);
  });

  it('times out with a 504, and does not cache the failure', async () => {
    api.handle = () => {}; // never answers
    const resolver = httpRegionResolver({ baseUrl: api.url, timeoutMs: 100 });
    const started = Date.now();
    await expect(resolver.resolve({ country: 'BRA', postalCode: '02010-000' })).rejects.toMatchObject({
      status: 504,
      code: 'region_lookup_timeout',
      message: expect.stringContaining('100 ms'),
    });
    expect(Date.now() - started).toBeLessThan(2000);
    api.handle = defaultHandler;
    expect((await resolver.resolve({ country: 'BRA', postalCode: '02010-000' }))?.sellers[0]?.id).toBe('remote-sp');
  });

  it('turns upstream errors, bad JSON and odd shapes into a 502', async () => {
    const resolver = httpRegionResolver({ baseUrl: api.url });
    const answers: [number, string][] = [
      [500, '{"error":"boom"}'],
      [200, 'not json'],
      [200, '{"id":"x"}'],
      [200, '[{"sellers":[{"name":"no id"}]}]'],
    ];
    for (const [status, body] of answers) {
      api.handle = (_req, res) => res.writeHead(status, { 'content-type': 'application/json' }).end(body);
      await expect(resolver.resolve({ country: 'BRA', postalCode: '02010-000' }), body).rejects.toMatchObject({ status: 502, code: 'region_lookup_failed' });
    }
  });

  it('gives a 502 when nothing listens', async () => {
    const closed = await startFakeRegionsApi();
    await closed.close();
    await expect(httpRegionResolver({ baseUrl: closed.url }).resolve({ country: 'BRA', postalCode: '02010-000' })).rejects.toMatchObject({
      status: 502,
      code: 'region_lookup_failed',
    });
  });

  it('refuses a base URL that is not http(s)', () => {
    expect(() => httpRegionResolver({ baseUrl: 'ftp://example.com' })).toThrow('not an http(s) URL');
  });
});
