import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CookieJar } from '../support/cookie-jar';
import { expectedAvailability, MARKETPLACE_REGIONS, startMarketplaceRegionsApi, type MarketplacePostalCode } from '../support/marketplace-upstream';
import { startServer, TEST_SECRET, type RunningServer } from '../support/next-server';
import { REDIS_URL, redisTestContext, testPrefix } from '../support/redis';
import type { FakeRegionsApi } from '../support/regions-upstream';
import { MAX_VARIANT_CODE_LENGTH, VariantCodec } from '@/lib/session/variant';

const JSON_HEADERS = { 'content-type': 'application/json' };
const VARIANT = 'x-segment-variant';
const SIZES: { store: string; sellers: number; vtex_session: number; vtex_segment: number }[] = [];

/** Each product card's badge on a listing: slug -> data-availability. */
function availabilityOnPage(html: string): Map<string, string> {
  const found = new Map<string, string>();
  for (const card of html.split('data-testid="product-card"').slice(1)) {
    const slug = card.match(/data-slug="([^"]+)"/)?.[1];
    const availability = card.match(/data-availability="([a-z]+)"/)?.[1];
    if (slug && availability) found.set(slug, availability);
  }
  return found;
}

/** A shopper who entered a postal code through the Sessions API on `server`. */
async function shopper(server: RunningServer, postalCode: MarketplacePostalCode) {
  const jar = new CookieJar();
  const response = await jar.fetch(`${server.url}/api/sessions`, {
    method: 'PATCH',
    headers: JSON_HEADERS,
    body: JSON.stringify({ public: { country: { value: 'BRA' }, postalCode: { value: postalCode } } }),
  });
  expect(response.status, await response.clone().text()).toBe(200);
  // Whatever the store, the session cookie must be one a browser keeps.
  expect(`vtex_session=${jar.get('vtex_session')}`.length).toBeLessThanOrEqual(4096);
  const code = response.headers.get(VARIANT)!;
  return { jar, code };
}

async function page(server: RunningServer, jar: CookieJar, path = '/products') {
  const response = await jar.fetch(`${server.url}${path}`);
  return { response, html: await response.text(), code: response.headers.get(VARIANT) };
}

/** The page a shopper of a region gets is their region's, and the next request for it comes from the cache. */
async function expectRegionalPage(server: RunningServer, jar: CookieJar, code: string, postalCode: MarketplacePostalCode, path = '/products') {
  const first = await page(server, jar, path);
  expect(first.response.status).toBe(200);
  expect(first.code).toBe(code);
  expect(first.html).toContain(`<meta name="segment-variant" content="${code}"/>`);
  const shown = availabilityOnPage(first.html);
  const expected = expectedAvailability(MARKETPLACE_REGIONS[postalCode]);
  expect(shown.size).toBeGreaterThan(0);
  for (const [slug, availability] of shown) expect(availability, slug).toBe(expected.get(slug));

  const second = await page(server, jar, path);
  expect(second.response.status).toBe(200);
  expect(second.response.headers.get('x-nextjs-cache')).toBe('HIT');
  expect(availabilityOnPage(second.html)).toEqual(shown);
}

function expectShortCode(code: string) {
  expect(code).toMatch(/^[A-Za-z0-9_-]+$/);
  expect(code.length).toBeLessThanOrEqual(MAX_VARIANT_CODE_LENGTH);
}

function recordSizes(store: string, postalCode: MarketplacePostalCode, jar: CookieJar) {
  SIZES.push({
    store,
    sellers: MARKETPLACE_REGIONS[postalCode].length,
    vtex_session: `vtex_session=${jar.get('vtex_session')}`.length,
    // 0: cleared, as too long for a browser to keep.
    vtex_segment: jar.get('vtex_segment') === undefined ? 0 : `vtex_segment=${jar.get('vtex_segment')}`.length,
  });
}

let upstream: FakeRegionsApi;
beforeAll(async () => {
  upstream = await startMarketplaceRegionsApi();
});
afterAll(async () => {
  await upstream?.close();
  // The figures docs/variant-codes.md reports (name=value, as the browser counts them).
  if (SIZES.length > 0) console.info('cookie sizes (bytes of name=value):\n' + SIZES.map((s) => `  ${s.store} store, ${s.sellers} sellers: vtex_session ${s.vtex_session}, vtex_segment ${s.vtex_segment}`).join('\n'));
});

describe('marketplace regions over HTTP (cookie store, one server)', () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startServer({ SESSION_STORE: 'cookie', REGIONS_API_URL: upstream.url });
  });
  afterAll(async () => {
    await server?.stop();
  });

  it.each(['01000-001', '01000-012', '01000-100'] as const)('region %s: a short code, the region’s availability, then a cache hit', { timeout: 60_000 }, async (postalCode) => {
    const { jar, code } = await shopper(server, postalCode);
    expectShortCode(code);
    recordSizes('cookie', postalCode, jar);
    // The session and the segment keep VTEX's exact region id; only the cache key is short.
    const regionId = Buffer.from(`SW#${MARKETPLACE_REGIONS[postalCode].join(';')}`).toString('base64');
    const segment = await (await jar.fetch(`${server.url}/api/segments`)).json();
    expect(segment.regionId).toBe(regionId);
    const cookie = jar.get('vtex_segment');
    if (MARKETPLACE_REGIONS[postalCode].length < 90) {
      expect(JSON.parse(Buffer.from(cookie!, 'base64').toString()).regionId).toBe(regionId);
    } else {
      // Past what browsers keep of one cookie, vtex_segment is cleared rather than left stale.
      expect(cookie).toBeUndefined();
    }
    await expectRegionalPage(server, jar, code, postalCode);

    // The Sessions API still answers every seller, derived from the region id.
    const answer = await (await jar.fetch(`${server.url}/api/sessions?items=checkout.regionId,checkout.sellers`)).json();
    expect(JSON.parse(answer.namespaces.checkout.sellers.value).map((s: { id: string }) => s.id)).toEqual(MARKETPLACE_REGIONS[postalCode]);
    expect(answer.namespaces.checkout.regionId.value).toBe(regionId);
  });

  it('gives regions with the same sellers one code (and one cache entry), and regions with other sellers another', { timeout: 60_000 }, async () => {
    const a = await shopper(server, '01000-012');
    const same = await shopper(server, '01000-112');
    const other = await shopper(server, '01000-212');
    expect(same.code).toBe(a.code);
    expect(other.code).not.toBe(a.code);
    await page(server, a.jar);
    const shared = await page(server, same.jar);
    expect(shared.code).toBe(a.code);
    expect(shared.response.headers.get('x-nextjs-cache')).toBe('HIT');
    await expectRegionalPage(server, other.jar, other.code, '01000-212');
  });

  it('logs no ENAMETOOLONG (every variant could be written to the cache)', () => {
    expect(server.output()).not.toMatch(/ENAMETOOLONG/);
  });
});

describe('marketplace regions: a server that never saw the code (memory registry, no Redis)', () => {
  let first: RunningServer;
  let second: RunningServer;
  beforeAll(async () => {
    [first, second] = await Promise.all([
      startServer({ SESSION_STORE: 'cookie', REGIONS_API_URL: upstream.url }),
      startServer({ SESSION_STORE: 'cookie', REGIONS_API_URL: upstream.url }),
    ]);
  });
  afterAll(async () => {
    await Promise.all([first?.stop(), second?.stop()]);
  });

  it('degrades to a correct render: the same variant, availability left to the browser, never a wrong badge', { timeout: 60_000 }, async () => {
    // (The servers share one build, and so Next's file cache: the page must be one nobody rendered.)
    const { jar, code } = await shopper(first, '01000-312');
    const decoded = new VariantCodec({ secrets: [TEST_SECRET] }).decode(code);
    expect(decoded?.digest).toBeTruthy();
    const degraded = await page(second, jar);
    expect(degraded.response.status).toBe(200);
    expect(degraded.code).toBe(code);
    const shown = availabilityOnPage(degraded.html);
    expect(shown.size).toBeGreaterThan(0);
    for (const [slug, availability] of shown) expect(availability, slug).toBe('unknown');
    // Prices and channel still come from the code itself.
    expect(degraded.html).toContain('R$');
    // The server that issued the code renders it fully (another page: this one is cached degraded).
    await expectRegionalPage(first, jar, code, '01000-312', '/');
  });
});

describe('marketplace regions with SESSION_STORE=redis: two servers sharing Redis', () => {
  redisTestContext();
  let a: RunningServer;
  let b: RunningServer;
  const prefix = testPrefix('marketplace');
  beforeAll(async () => {
    const env = { SESSION_STORE: 'redis', REDIS_URL, REDIS_PREFIX: prefix, REGIONS_API_URL: upstream.url };
    [a, b] = await Promise.all([startServer(env), startServer(env)]);
  });
  afterAll(async () => {
    await Promise.all([a?.stop(), b?.stop()]);
  });

  it.each(['01000-001', '01000-012', '01000-100'] as const)('region %s: a code issued by one server renders fully on the other, then from its cache', { timeout: 60_000 }, async (postalCode) => {
    const { jar, code } = await shopper(a, postalCode);
    expectShortCode(code);
    recordSizes('redis', postalCode, jar);
    await expectRegionalPage(b, jar, code, postalCode);
  });

  it('gives regions with the same sellers one code across servers, and others another', { timeout: 60_000 }, async () => {
    const one = await shopper(a, '01000-012');
    const same = await shopper(b, '01000-112');
    const other = await shopper(b, '01000-212');
    expect(same.code).toBe(one.code);
    expect(other.code).not.toBe(one.code);
    await expectRegionalPage(a, other.jar, other.code, '01000-212');
  });

  it('logs no ENAMETOOLONG on either server', () => {
    expect(a.output()).not.toMatch(/ENAMETOOLONG/);
    expect(b.output()).not.toMatch(/ENAMETOOLONG/);
  });
});

describe('variants the middleware alone issued (embedded regions, precomputed at start)', () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startServer({ SESSION_STORE: 'cookie' });
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('render in full: a shopper with a region who follows a campaign link gets the region’s availability', { timeout: 60_000 }, async () => {
    const jar = new CookieJar();
    const write = await jar.fetch(`${server.url}/api/sessions`, {
      method: 'PATCH',
      headers: JSON_HEADERS,
      body: JSON.stringify({ public: { country: { value: 'BRA' }, postalCode: { value: '01310-100' } } }),
    });
    expect(write.status).toBe(200);
    const before = write.headers.get(VARIANT)!;
    // The campaign link is applied by the middleware: a new variant nobody registered on a write.
    const landing = await page(server, jar, '/products?utm_campaign=blackfriday');
    expect(landing.response.status).toBe(200);
    expect(landing.code).not.toBe(before);
    const decoded = new VariantCodec({ secrets: [TEST_SECRET] }).decode(landing.code!);
    expect(decoded?.digest).toBeTruthy();
    const expected = expectedAvailability(['1', 'sp-centro', 'sp-express']);
    const shown = availabilityOnPage(landing.html);
    expect(shown.size).toBeGreaterThan(0);
    for (const [slug, availability] of shown) expect(availability, slug).toBe(expected.get(slug));
  });
});
