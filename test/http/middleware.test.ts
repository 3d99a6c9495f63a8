import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CookieJar } from '../support/cookie-jar';
import { startServer, TEST_SECRET, type RunningServer } from '../support/next-server';
import { segmentWith } from '../support/segments';
import { CHROME_NAVIGATION, GOOGLEBOT } from '../support/clients';
import { sendRaw } from '../support/vtex-clients';
import { encodeSegmentToken } from '@/lib/session/segment';
import { isPristinePayload, payloadSegment, TokenCodec } from '@/lib/session/token';
import { VariantCodec } from '@/lib/session/variant';
// The `_rsc` value Next's router adds to its fetches, computed from the headers sent (a wrong one is redirected).
import { computeCacheBustingSearchParam } from 'next/dist/shared/lib/router/utils/cache-busting-search-param.js';

const VARIANT = 'x-segment-variant';
const NEW_SECRET = 'rotated-runtime-secret-0123456789abcdefgh';

function forgedSegment(): string {
  const segment = segmentWith({ channel: '3', priceTables: 'b2b-gold', channelPrivacy: 'private' });
  return Buffer.from(JSON.stringify(segment)).toString('base64').replace(/=+$/, '');
}

/**
 * The channel a page was rendered for, read from the variant code its layout prints
 * (not from page content, which the storefront owns): the code's body names its fields.
 */
function renderedChannel(html: string, secrets: readonly string[] = [TEST_SECRET]): string | undefined {
  const code = html.match(/<meta name="segment-variant" content="([A-Za-z0-9_-]+)"/)?.[1];
  if (!code) return undefined;
  return new VariantCodec({ secrets }).decode(code)?.segment.channel ?? undefined;
}

describe('session middleware over HTTP (next start)', () => {
  let server: RunningServer;
  const url = (path: string) => `${server.url}${path}`;

  beforeAll(async () => {
    server = await startServer({ SESSION_STORE: 'cookie' });
  });
  afterAll(async () => {
    await server?.stop();
  });

  /** A browser's page view, with its scripts: a first visit without URL inputs gets its session from the provider's first call. */
  async function newVisitor(path = '/', cookies: Record<string, string> = {}) {
    const jar = new CookieJar();
    for (const [name, value] of Object.entries(cookies)) jar.set(name, value);
    const { page: response, html } = await jar.visit(server.url, path);
    return { jar, response, html, code: response.headers.get(VARIANT) };
  }

  it('gives two new visitors of one segment the same variant, the second from Next\'s cache', async () => {
    const first = await newVisitor('/');
    expect(first.response.status).toBe(200);
    expect(first.code).toMatch(/^[A-Za-z0-9_-]{30,}$/);
    // Nothing to keep from the URL: the page sets no cookie, the provider's first call starts the session.
    expect(first.response.headers.getSetCookie()).toEqual([]);
    expect(first.response.headers.get('cache-control')).toBe('private, no-cache');
    expect(first.response.headers.get('server-timing')).toMatch(/session;dur=[\d.]+;desc="deferred"/);
    expect(first.jar.get('vtex_session')).toBeTruthy();
    expect(first.jar.get('vtex_segment')).toBeTruthy();
    expect(renderedChannel(first.html)).toBe('1');
    expect(first.html).toContain(`<meta name="segment-variant" content="${first.code}"/>`);
    // That session is on the variant the page was rendered for.
    const again = await first.jar.fetch(url('/'));
    await again.arrayBuffer();
    expect(again.headers.get(VARIANT)).toBe(first.code);
    expect(again.headers.get('server-timing')).toMatch(/desc="existing"/);

    // A link with URL inputs is deferred too: the provider's first call, with the page's query, keeps them.
    const linked = await newVisitor('/?utm_source=newsletter');
    expect(linked.response.headers.getSetCookie()).toEqual([]);
    expect(linked.response.headers.get('cache-control')).toBe('private, no-cache');
    expect(linked.response.headers.get('server-timing')).toMatch(/desc="deferred"/);
    expect(linked.code).toBe(first.code);
    expect(JSON.parse(Buffer.from(linked.jar.get('vtex_segment')!, 'base64').toString()).utm_source).toBe('newsletter');

    const second = await newVisitor('/');
    expect(second.jar.get('vtex_session')).not.toBe(first.jar.get('vtex_session'));
    expect(second.code).toBe(first.code);
    expect(second.response.headers.get('x-nextjs-cache')).toBe('HIT');
    expect(second.html).toBe(first.html);

    // Landing-page traffic shares the cache: UTMs are not variant fields.
    const landing = await newVisitor('/?utm_source=newsletter&utm_campaign=spring');
    expect(landing.code).toBe(first.code);
    expect(landing.response.headers.get('x-nextjs-cache')).toBe('HIT');
  });

  it('serves a returning visitor the same variant from cache, without Set-Cookie', async () => {
    const { jar, code } = await newVisitor('/');
    const session = jar.get('vtex_session');
    for (let i = 0; i < 2; i++) {
      const response = await jar.fetch(url('/'));
      await response.text();
      expect(response.status).toBe(200);
      expect(response.headers.get(VARIANT)).toBe(code);
      expect(response.headers.getSetCookie()).toEqual([]);
      expect(response.headers.get('x-nextjs-cache')).toBe('HIT');
      expect(response.headers.get('cache-control')).toBe('private, no-cache');
      expect(response.headers.get('server-timing')).toMatch(/desc="existing"/);
    }
    expect(jar.get('vtex_session')).toBe(session);
  });

  it('gives a visitor on channel 2 (?sc=2) another variant, rendered for channel 2', async () => {
    const plain = await newVisitor('/');
    const usa = await newVisitor('/?sc=2');
    expect(usa.response.status).toBe(200);
    expect(usa.code).not.toBe(plain.code);
    expect(renderedChannel(usa.html)).toBe('2');
    const segment = JSON.parse(Buffer.from(usa.jar.get('vtex_segment')!, 'base64').toString());
    expect(segment).toMatchObject({ channel: '2', currencyCode: 'USD' });

    const again = await usa.jar.fetch(url('/'));
    expect(again.headers.get(VARIANT)).toBe(usa.code);
    expect(renderedChannel(await again.text())).toBe('2');

    const other = await newVisitor('/?sc=2');
    expect(other.code).toBe(usa.code);
    expect(other.response.headers.get('x-nextjs-cache')).toBe('HIT');
  });

  it('serves a crawler (Googlebot\'s fetcher: its User-Agent, no Fetch Metadata, no cookie) a new visitor\'s page from Next\'s cache, setting no cookie', async () => {
    for (const path of ['/', '/?sc=2&utm_source=google']) {
      const visitor = await newVisitor(path);
      const crawler = await sendRaw(server.url, 'GET', path, GOOGLEBOT);
      expect(crawler.status).toBe(200);
      expect(crawler.setCookies).toEqual([]);
      expect(crawler.header(VARIANT)).toBe(visitor.code);
      expect(crawler.header('server-timing')).toMatch(/desc="crawler"/);
      expect(crawler.header('x-nextjs-cache')).toBe('HIT');
      expect(crawler.text).toBe(visitor.html);
    }
    const usa = await sendRaw(server.url, 'GET', '/?sc=2', GOOGLEBOT);
    expect(renderedChannel(usa.text)).toBe('2');
    // curl is a script that keeps no cookie either; a browser's first visit is deferred,
    // with URL inputs or without: no cookie, as for a crawler, but its own outcome.
    expect((await sendRaw(server.url, 'GET', '/?utm_source=google', [['user-agent', 'curl/8.5.0']])).setCookies).toEqual([]);
    for (const path of ['/', '/?utm_source=google']) {
      const browser = await sendRaw(server.url, 'GET', path, CHROME_NAVIGATION);
      expect(browser.setCookies, path).toEqual([]);
      expect(browser.header('server-timing'), path).toMatch(/desc="deferred"/);
    }
    // Unless it comes from one of the store's own pages with URL inputs: that page started no session (no scripts).
    const fromOwnPage = CHROME_NAVIGATION.map(([name, value]): [string, string] => [name, name === 'sec-fetch-site' ? 'same-origin' : value]);
    const switched = await sendRaw(server.url, 'GET', '/?sc=2', fromOwnPage);
    expect(Object.keys(switched.cookies).sort()).toEqual(['vtex_segment', 'vtex_session']);
    expect(switched.header('server-timing')).toMatch(/desc="new"/);
  });

  it("declines Next's prefetch and fetch of a link that would change the session, as Chromium sends them; the navigation they fall back to applies it", async () => {
    const visitor = await newVisitor('/products');
    const cookie: [string, string] = ['cookie', visitor.jar.header()];
    const before = visitor.jar.header();
    // Next's router, as Chromium sent it for a <Link href="/?sc=2"> in view, then for its click.
    const router: [string, string][] = [
      ['accept', '*/*'],
      ['rsc', '1'],
      ['next-url', `/${visitor.code}/products`],
      ['sec-fetch-dest', 'empty'],
      ['sec-fetch-mode', 'cors'],
      ['sec-fetch-site', 'same-origin'],
      ['user-agent', CHROME_NAVIGATION.find(([name]) => name === 'user-agent')![1]],
      cookie,
    ];
    const nextUrl = `/${visitor.code}/products`;
    const prefetching: [string, string][] = [...router, ['next-router-prefetch', '1'], ['next-router-segment-prefetch', '/_tree']];
    const prefetchHash = await computeCacheBustingSearchParam('1', '/_tree', undefined, nextUrl);
    const prefetch = await sendRaw(server.url, 'GET', `/?sc=2&_rsc=${prefetchHash}`, prefetching);
    const click = await sendRaw(server.url, 'GET', `/?sc=2&_rsc=${await computeCacheBustingSearchParam(undefined, undefined, undefined, nextUrl)}`, router);
    for (const declined of [prefetch, click]) {
      expect([declined.status, declined.setCookies, declined.text]).toEqual([204, [], '']);
      expect(declined.header('server-timing')).toMatch(/desc="declined"/);
    }
    // A link whose inputs change nothing is prefetched as any other.
    const plain = await sendRaw(server.url, 'GET', `/products?_rsc=${prefetchHash}`, prefetching);
    expect([plain.status, plain.setCookies, plain.header('content-type')]).toEqual([200, [], 'text/x-component']);
    // The browser's own prefetch of the document is declined with an error status, which it discards.
    const speculative = CHROME_NAVIGATION.map(([name, value]): [string, string] => [name, name === 'sec-fetch-site' ? 'same-origin' : value]);
    const prefetched = await sendRaw(server.url, 'GET', '/?sc=2', [...speculative, ['sec-purpose', 'prefetch'], cookie]);
    expect([prefetched.status, prefetched.setCookies]).toEqual([503, []]);
    expect(visitor.jar.header()).toBe(before);

    // Next then loads the link as a document: that navigation switches the store.
    const followed = await sendRaw(server.url, 'GET', '/?sc=2', [...speculative, cookie]);
    expect(followed.status).toBe(200);
    expect(followed.header('server-timing')).toMatch(/desc="edited"/);
    expect(renderedChannel(followed.text)).toBe('2');
    expect(JSON.parse(Buffer.from(followed.cookies.vtex_segment!, 'base64').toString())).toMatchObject({ channel: '2', currencyCode: 'USD' });
  });

  it("serves a first visit from an ad's link with per-click parameters the link's page, and starts a session for a link too long for the cookie", async () => {
    const link = await newVisitor('/?utm_campaign=blackfriday&utm_source=newsletter');
    const clicked = await newVisitor('/?utm_campaign=blackfriday&utm_source=newsletter&utm_content=ad-42&utm_term=mug');
    expect(clicked.response.headers.get('server-timing')).toMatch(/desc="deferred"/);
    expect(clicked.code).toBe(link.code);
    // The provider's first read wrote every input, the per-click ones too, and kept the page's variant.
    const session = (await (await clicked.jar.fetch(url('/api/sessions?items=public.utm_content,rnb.campaigns'))).json()) as { namespaces: Record<string, Record<string, { value: string }>> };
    expect(session.namespaces.public?.utm_content?.value).toBe('ad-42');
    expect(session.namespaces.rnb?.campaigns?.value).toBe('blackfriday');
    expect((await clicked.jar.fetch(url('/'))).headers.get(VARIANT)).toBe(link.code);

    // Four values of 1,000 characters: no session can hold them and the campaign. The page and the
    // first read agree on what it keeps (nothing of the link), and the read starts a session (no 413).
    const plain = await newVisitor('/');
    const bulky = ['utm_a', 'utm_b', 'utm_c', 'utm_d'].map((key) => `&${key}=${'x'.repeat(1000)}`).join('');
    const long = await newVisitor(`/?utm_campaign=blackfriday${bulky}`);
    expect(long.code).toBe(plain.code);
    expect((await long.jar.fetch(url('/'))).headers.get(VARIANT)).toBe(plain.code);
  });

  it('renders the default channel for ?sc= of a private or unknown channel', async () => {
    const plain = await newVisitor('/');
    for (const sc of ['3', '99']) {
      const visitor = await newVisitor(`/?sc=${sc}`);
      expect(visitor.response.status, `sc=${sc}`).toBe(200);
      expect(visitor.code).toBe(plain.code);
      expect(renderedChannel(visitor.html)).toBe('1');
    }
  });

  it('changes nothing for a forged vtex_segment cookie', async () => {
    const plain = await newVisitor('/');
    const forgerNew = await newVisitor('/', { vtex_segment: forgedSegment() });
    expect(forgerNew.code).toBe(plain.code);
    expect(renderedChannel(forgerNew.html)).toBe('1');

    const { jar, code } = await newVisitor('/');
    jar.set('vtex_segment', forgedSegment());
    const response = await jar.fetch(url('/'));
    expect(response.headers.get(VARIANT)).toBe(code);
    expect(response.headers.getSetCookie()).toEqual([]);
    expect(renderedChannel(await response.text())).toBe('1');
  });

  it('answers a direct request for a variant path with a 404', async () => {
    const { code } = await newVisitor('/');
    const usa = (await newVisitor('/?sc=2')).code!;
    const forged = `${Buffer.from('c=3&p=b2b-gold&u=BRL&v=private').toString('base64url')}${'A'.repeat(22)}`;
    for (const path of [`/${code}`, `/${usa}`, `/${code}/anything`, `/${code}.html`, `/${code}.rsc`, `/${code}/products.rsc`, `/${forged}`]) {
      const jar = new CookieJar();
      const response = await jar.fetch(url(path));
      const html = await response.text();
      // Under Cache Components an RSC request for a missing page gets the not-found payload with a 200.
      const notFound = response.status === 404 || (path.endsWith('.rsc') && html.includes('NEXT_HTTP_ERROR_FALLBACK;404'));
      expect(notFound, `${path}: ${response.status}`).toBe(true);
      expect(renderedChannel(html), path).toBeUndefined();
    }
    // The variant path itself answers before any session is made.
    const direct = await fetch(url(`/${usa}`));
    expect(direct.headers.getSetCookie()).toEqual([]);
  });

  it('sets no cookie on static files, Next\'s assets or the APIs', async () => {
    const { html } = await newVisitor('/');
    const script = html.match(/src="(\/_next\/static\/[^"]+\.js)"/)?.[1];
    expect(script).toBeTruthy();
    for (const path of [script!, '/favicon.ico', '/robots.txt', '/images/shirt.png', '/api/segments/e30']) {
      const response = await fetch(url(path), { redirect: 'manual' });
      await response.arrayBuffer();
      expect(response.headers.getSetCookie(), path).toEqual([]);
      expect(response.headers.get(VARIANT), path).toBeNull();
    }
  });

  it('a first visit from a link whose segment token holds "/" or "+" gets cookies exactly equal to the issued tokens', async () => {
    const codec = new TokenCodec({ secrets: [TEST_SECRET], cacheSize: 0 });
    const seen = new Set<string>();
    for (const campaign of ['natal??', 'natal?>', 'apromoção', 'promo?>']) {
      const { jar, response } = await newVisitor(`/?utm_campaign=${encodeURIComponent(campaign)}`);
      expect(response.status).toBe(200);
      // The page sets none: the provider's first call, with the page's query, set both.
      expect(response.headers.getSetCookie()).toEqual([]);
      const sessionToken = jar.get('vtex_session')!;
      const segmentToken = jar.get('vtex_segment')!;
      expect(segmentToken).not.toMatch(/%/);
      for (const char of ['/', '+']) if (segmentToken.includes(char)) seen.add(char);
      // The segment cookie is byte for byte the token of the session it came with.
      const opened = await codec.unseal(sessionToken);
      expect(opened.status).toBe('valid');
      // With URL inputs the token carries its namespaces (no template names them).
      if (opened.status !== 'valid' || isPristinePayload(opened.payload)) throw new Error('a first visit with inputs seals its namespaces');
      const segment = payloadSegment(opened.payload);
      expect(segment.utm_campaign).toBe(campaign);
      expect(segmentToken).toBe(encodeSegmentToken(segment));
      // Sent back raw, the cookies read as the same session: no new cookie.
      const again = await jar.fetch(url('/'));
      expect(again.status).toBe(200);
      expect(again.headers.getSetCookie()).toEqual([]);
    }
    expect([...seen].sort()).toEqual(['+', '/']);
  });

  it("the Sessions API's first call seals a new visitor's template by reference, and the middleware (another bundle, the Edge runtime) serves that token", async () => {
    const jar = new CookieJar();
    const { page } = await jar.visit(server.url, '/');
    expect(page.headers.getSetCookie()).toEqual([]);
    const token = jar.get('vtex_session')!;
    const sealed = await new TokenCodec({ secrets: [TEST_SECRET], cacheSize: 0 }).unseal(token);
    if (sealed.status !== 'valid' || !isPristinePayload(sealed.payload)) throw new Error('a new session without URL inputs seals a reference');
    expect(token.length).toBeLessThan(400);
    const read = await jar.fetch(url('/api/sessions?items=store.channel,store.currencyCode,account.accountName,profile.isAuthenticated'));
    expect(read.status).toBe(200);
    const body = (await read.json()) as { id: string; namespaces: Record<string, Record<string, { value: string }>> };
    expect(body.id).toBe(sealed.payload.id);
    expect(body.namespaces.store?.channel?.value).toBe('1');
    expect(body.namespaces.store?.currencyCode?.value).toBe('BRL');
    expect(body.namespaces.account?.accountName?.value).toBe('demostore');
    expect(body.namespaces.profile?.isAuthenticated?.value).toBe('false');
    // Read, not written: the visitor keeps the short token.
    expect(read.headers.getSetCookie()).toEqual([]);
    const next = await jar.fetch(url('/p/stoneware-mug'));
    await next.arrayBuffer();
    expect(next.headers.get('server-timing')).toMatch(/desc="existing"/);
    expect(next.headers.get(VARIANT)).toBe(page.headers.get(VARIANT));
    expect(next.headers.getSetCookie()).toEqual([]);
  });

  it('keeps a new session cookie within budget', async () => {
    const { jar } = await newVisitor('/?utm_source=newsletter&utm_campaign=spring&utmi_cp=home');
    expect(jar.get('vtex_session')!.length).toBeLessThan(3900);
  });
});

describe('session middleware over HTTP: secrets are read at run time', () => {
  let before: RunningServer;
  let after: RunningServer;

  beforeAll(async () => {
    [before, after] = await Promise.all([
      startServer({ SESSION_STORE: 'cookie' }),
      startServer({ SESSION_STORE: 'cookie', SESSION_SECRET: `${NEW_SECRET},${TEST_SECRET}` }),
    ]);
  });
  afterAll(async () => {
    await Promise.all([before?.stop(), after?.stop()]);
  });

  it('signs codes with the running server\'s newest secret and still reads older cookies', async () => {
    const jar = new CookieJar();
    const old = await jar.fetch(`${before.url}/`);
    await old.text();
    const oldCode = old.headers.get(VARIANT)!;

    const rotated = await jar.fetch(`${after.url}/`);
    const html = await rotated.text();
    expect(rotated.status).toBe(200);
    expect(rotated.headers.getSetCookie()).toEqual([]);
    const newCode = rotated.headers.get(VARIANT)!;
    expect(newCode).not.toBe(oldCode);
    // Signed with the new secret: the old one alone does not verify it.
    expect(renderedChannel(html, [NEW_SECRET])).toBe('1');
    expect(renderedChannel(html)).toBeUndefined();
    expect(html).toContain(`content="${newCode}"`);
  });
});
