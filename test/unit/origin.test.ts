import { NextRequest } from 'next/server';
import { describe, expect, it, vi } from 'vitest';
import { createSessionKit } from '@/lib/next/kit';
import { assertSameOrigin } from '@/lib/next/origin';
import { createSessionsRoute } from '@/lib/next/sessions-route';
import { memoryStore } from '@/lib/session/stores/memory';
import { storeConfig } from '@/store.config';
import { builtInTransforms } from '@/lib/session/transforms/defaults';
import { demoDirectory, SECRET } from '../support/commerce-engine';

const CHECKOUT = 'https://checkout.shop.example';
const SITE = 'https://shop.example';

// Route code that signs variant codes reads the secret from the environment, as in production.
vi.stubEnv('SESSION_SECRET', SECRET);

/** The Sessions API in-process, with a separate checkout domain allowed to write. */
const kit = createSessionKit({
  config: { ...storeConfig, allowedOrigins: [CHECKOUT] },
  transforms: builtInTransforms(storeConfig, { customerDirectory: demoDirectory }),
  store: () => memoryStore(),
  secrets: () => [SECRET],
});
const route = createSessionsRoute(kit);

function write(headers: Record<string, string>): Promise<Response> {
  return route.PATCH(
    new NextRequest(`${SITE}/api/sessions`, {
      method: 'PATCH',
      headers: { 'content-type': 'application/json', ...headers },
      body: '{"public":{"k":{"value":"v"}}}',
    }),
  );
}

async function expectRefused(response: Response) {
  expect(response.status).toBe(403);
  expect(response.headers.get('content-type')).toMatch(/application\/json/);
  expect(await response.json()).toEqual({ error: { code: 'cross_site_write', message: expect.any(String) } });
  expect(response.headers.getSetCookie()).toEqual([]);
}

describe('allowedOrigins', () => {
  it('accepts a configured origin, with Sec-Fetch-Site: cross-site too', async () => {
    expect((await write({ origin: CHECKOUT })).status).toBe(200);
    expect((await write({ origin: CHECKOUT, 'sec-fetch-site': 'cross-site' })).status).toBe(200);
    expect((await write({ origin: CHECKOUT, 'sec-fetch-site': 'same-site' })).status).toBe(200);
  });

  it('refuses an origin that is not configured with a 403 JSON error, setting no cookie', async () => {
    await expectRefused(await write({ origin: 'https://evil.example' }));
    await expectRefused(await write({ origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' }));
    // Exact origins only: another scheme, port or subdomain of the configured one is another origin.
    await expectRefused(await write({ origin: 'http://checkout.shop.example' }));
    await expectRefused(await write({ origin: 'https://checkout.shop.example:8443' }));
    await expectRefused(await write({ origin: 'https://x.checkout.shop.example' }));
    await expectRefused(await write({ 'sec-fetch-site': 'cross-site' }));
  });

  it('accepts the site’s own origin (Host, or the proxy’s X-Forwarded-Host)', async () => {
    expect((await write({ origin: SITE, 'sec-fetch-site': 'same-origin' })).status).toBe(200);
    expect((await write({ origin: SITE })).status).toBe(200);
    expect(() =>
      assertSameOrigin(new Request('http://internal:3000/api/sessions', { headers: { origin: SITE, 'x-forwarded-host': 'shop.example' } }), []),
    ).not.toThrow();
  });

  it('refuses a malformed Origin, and "null"', async () => {
    for (const origin of ['null', 'not a url', 'https://', '//shop.example', 'shop.example', 'https://shop.example\\@evil']) {
      await expectRefused(await write({ origin }));
    }
  });

  it('allows requests with neither Origin nor Sec-Fetch-Site (server to server, curl)', async () => {
    expect((await write({})).status).toBe(200);
    expect(() => assertSameOrigin(new Request(`${SITE}/api/sessions`, { method: 'POST' }), [CHECKOUT])).not.toThrow();
  });
});
