import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CookieJar } from '../support/cookie-jar';
import { DIST_DIR, startServer, TEST_SECRET, type RunningServer } from '../support/next-server';
import { segmentWith } from '../support/segments';
import { CHROME_NAVIGATION, GOOGLEBOT } from '../support/clients';
import { sendRaw } from '../support/vtex-clients';
import { VariantCodec } from '@/lib/session/variant';

const VARIANT = 'x-segment-variant';
/** What Next's client sends for a navigation's RSC payload and for a prefetch. */
const RSC = { rsc: '1' };
const PREFETCH = { rsc: '1', 'next-router-prefetch': '1' };
const SEGMENT_PREFETCH = { rsc: '1', 'next-router-prefetch': '1', 'next-router-segment-prefetch': '/_tree' };

/** Whatever a response carries of a variant: the layout's meta tag or the segment's fields. */
function leaksVariant(body: string, code: string): boolean {
  return body.includes(code) || body.includes('b2b-gold') || /segment-variant/.test(body);
}

describe('a code reaches a page only through the middleware (next start)', () => {
  let server: RunningServer;
  let b2b: string;
  let visitor: string;
  let buildId: string;
  const url = (p: string) => `${server.url}${p}`;

  beforeAll(async () => {
    server = await startServer({ SESSION_STORE: 'cookie' });
    // A B2B buyer's code, signed as the server signs it: the kind of code a shopper
    // learns from x-segment-variant or the page's meta tag and could share.
    b2b = await new VariantCodec({ secrets: [TEST_SECRET] }).encode(segmentWith({ channel: '3', priceTables: 'b2b-gold', channelPrivacy: 'private' }));
    visitor = (await fetch(url('/'))).headers.get(VARIANT)!;
    buildId = readFileSync(path.join(__dirname, '../..', DIST_DIR, 'BUILD_ID'), 'utf8').trim();
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('refuses a variant path whatever follows the code: dotted slugs, files, transport suffixes, escapes', async () => {
    for (const code of [b2b, visitor]) {
      const encodedFirst = `%${code.charCodeAt(0).toString(16).toUpperCase()}${code.slice(1)}`;
      const paths = [
        `/${code}`,
        `/${code}/`,
        `/${code}/p/shoe-v2.0`,
        `/${code}/p/stoneware-mug`,
        `/${code}/c/kitchen.json`,
        `/${code}.html`,
        `/${code}.rsc`,
        `/${code}/p/stoneware-mug.rsc`,
        `/${code}.segments/_tree.segment.rsc`,
        `/${code}/p/stoneware-mug.segments/_tree.segment.rsc`,
        `/${code}/favicon.ico`,
        `/${code}/icon.svg`,
        `/${encodedFirst}/p/stoneware-mug`,
        `/${encodedFirst}/c/kitchen.json`,
        `/${code}%2Fp%2Fstoneware-mug`,
        `/_next/data/${buildId}/${code}/p/stoneware-mug.json`,
      ];
      for (const p of paths) {
        // Followed: Next answers `/<code>/` with a 308 to `/<code>`, which must be a 404 then.
        const response = await fetch(url(p), { redirect: 'follow' });
        const body = await response.text();
        expect(response.status, p).toBe(404);
        expect(leaksVariant(body, code), p).toBe(false);
        expect(response.headers.get(VARIANT), p).toBeNull();
        expect(response.headers.getSetCookie(), p).toEqual([]);
      }
    }
  });

  it("answers a browser's navigation to a variant path with the store's 404 page, the same for every code", async () => {
    const pages = new Set<string>();
    for (const headers of [CHROME_NAVIGATION, GOOGLEBOT]) {
      for (const code of [b2b, visitor]) {
        for (const p of [`/${code}`, `/${code}/p/stoneware-mug`, `/${code}/p/shoe-v2.0?sc=3`, `/${code}/c/kitchen.json`]) {
          const response = await sendRaw(server.url, 'GET', p, headers);
          expect(response.status, p).toBe(404);
          expect(response.contentType, p).toMatch(/^text\/html/);
          expect(response.text, p).toContain('We could not find that page');
          expect(leaksVariant(response.text, code), p).toBe(false);
          // Not the `[variant]` route's placeholder: that 404 is cached with the page's
          // revalidate, and its refresh writes the URL that triggered it into the entry.
          expect(response.text, p).not.toContain('~prerender');
          expect(response.header(VARIANT), p).toBeUndefined();
          expect(response.setCookies, p).toEqual([]);
          pages.add(response.text.replace(/nonce="[^"]*"/g, ''));
        }
      }
    }
    // One page from the build whatever the code, the path or the client.
    expect(pages.size).toBe(1);
  });

  it('refuses it to RSC, prefetch and segment-prefetch requests too', async () => {
    for (const headers of [RSC, PREFETCH, SEGMENT_PREFETCH]) {
      for (const p of [`/${b2b}/p/stoneware-mug`, `/${b2b}/p/stoneware-mug?_rsc=abc12`, `/${b2b}?_rsc=1`, `/${b2b}/p/shoe-v2.0?_rsc=x`]) {
        const response = await fetch(url(p), { headers, redirect: 'manual' });
        const body = await response.text();
        expect(response.status, `${p} ${JSON.stringify(headers)}`).toBe(404);
        expect(leaksVariant(body, b2b), p).toBe(false);
      }
    }
  });

  it('serves pages with dots in their slugs, RSC payloads and prefetches through the rewrite, under the visitor\'s own variant', async () => {
    const jar = new CookieJar();
    // A channel's link, with scripts: the provider's first call starts the session on channel 2.
    const { page: home } = await jar.visit(server.url, '/?sc=2');
    const code = home.headers.get(VARIANT)!;
    expect(code).not.toBe(visitor);

    // No such product: a 404 rendered by the visitor's own variant, not a way around it.
    const dotted = await jar.fetch(url('/p/shoe-v2.0'));
    const html = await dotted.text();
    expect(dotted.status).toBe(404);
    expect(dotted.headers.get(VARIANT)).toBe(code);
    expect(html).toContain(`<meta name="segment-variant" content="${code}"/>`);

    for (const headers of [RSC, PREFETCH]) {
      // Next redirects a request whose _rsc does not match its headers to one that does.
      const response = await jar.fetch(url('/p/stoneware-mug?_rsc=abc12'), { headers, redirect: 'follow' });
      const body = await response.text();
      expect(response.status, JSON.stringify(headers)).toBe(200);
      expect(response.headers.get('content-type')).toMatch(/^text\/x-component/);
      expect(response.headers.get(VARIANT)).toBe(code);
      expect(body).toContain(code);
    }
  });

  it('still serves static files, Next\'s assets and metadata files, with no session', async () => {
    const html = await (await fetch(url('/'))).text();
    const script = html.match(/src="(\/_next\/static\/[^"]+\.js)"/)?.[1];
    expect(script).toBeTruthy();
    for (const [p, type] of [
      [script!, /javascript/],
      ['/icon.svg', /^image\/svg\+xml/],
    ] as const) {
      const response = await fetch(url(p));
      await response.arrayBuffer();
      expect(response.status, p).toBe(200);
      expect(response.headers.get('content-type'), p).toMatch(type);
      expect(response.headers.getSetCookie(), p).toEqual([]);
      expect(response.headers.get(VARIANT), p).toBeNull();
    }
    // The demo has no favicon.ico: Next's own 404, with no session and no rewrite.
    const favicon = await fetch(url('/favicon.ico'));
    await favicon.arrayBuffer();
    expect(favicon.status).toBe(404);
    expect(favicon.headers.getSetCookie()).toEqual([]);
    expect(favicon.headers.get(VARIANT)).toBeNull();
  });

  it('runs the demo\'s own middleware after the kit\'s (composeMiddleware)', async () => {
    const response = await fetch(url('/p/stoneware-mug'));
    await response.text();
    expect(response.headers.get(VARIANT)).toBe(visitor);
    expect(response.headers.get('x-frame-options')).toBe('SAMEORIGIN');
  });
});

describe('a malformed percent-escape in a path (next start)', () => {
  let server: RunningServer;
  const url = (p: string) => `${server.url}${p}`;

  beforeAll(async () => {
    server = await startServer({ SESSION_STORE: 'cookie' });
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('is a JSON 400 on every /api path', async () => {
    for (const p of ['/api/segments/%%%not-a-token', '/api/sessions%zz', '/api/sessions/%', '/api/segments/%C0%AF', '/api/segments/%E0%A4%A', '/api/nothing-here/%%', '/api%zz']) {
      for (const method of ['GET', 'POST', 'PATCH']) {
        const response = await fetch(url(p), { method, redirect: 'manual', ...(method === 'GET' ? {} : { body: '{}', headers: { 'content-type': 'application/json' } }) });
        expect(response.status, `${method} ${p}`).toBe(400);
        expect(response.headers.get('content-type'), p).toMatch(/^application\/json/);
        expect(await response.json(), p).toEqual({ error: { code: 'malformed_path', message: expect.any(String) } });
        expect(response.headers.getSetCookie(), p).toEqual([]);
      }
    }
  });

  it('is no 5xx on pages, files or Next\'s paths', async () => {
    for (const p of ['/%%%', '/p/%%%', '/p/%E0%A4%A', '/p/%C0%AF', '/c/%zz/x', '/x.png%%', '/images/%%.png', '/_next/static/%zz.js', '/icon.svg%']) {
      const response = await fetch(url(p), { redirect: 'manual' });
      await response.arrayBuffer();
      expect(response.status, p).toBeLessThan(500);
      expect(response.status, p).toBeGreaterThanOrEqual(400);
      expect(response.headers.getSetCookie(), p).toEqual([]);
    }
    // A browser's navigation, as a shopper following a mangled link: the store's 404 page.
    for (const p of ['/%%%', '/p/%E0%A4%A', '/c/%zz/x?sc=3']) {
      const response = await sendRaw(server.url, 'GET', p, CHROME_NAVIGATION);
      expect(response.status, p).toBe(404);
      expect(response.contentType, p).toMatch(/^text\/html/);
      expect(response.text, p).toContain('We could not find that page');
      expect(response.header(VARIANT), p).toBeUndefined();
      expect(response.setCookies, p).toEqual([]);
    }
  });

  it('leaves well-formed escapes and ordinary API requests as they were', async () => {
    const segments = await fetch(url('/api/segments/e30'));
    expect(segments.status).toBe(200);
    expect(await segments.json()).toMatchObject({ channel: null });
    const escaped = await fetch(url('/p/caf%C3%A9'));
    await escaped.text();
    expect(escaped.status).toBe(404);
    expect(escaped.headers.get(VARIANT)).toBeTruthy();
  });
});
