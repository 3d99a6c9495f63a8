import { NextRequest, NextResponse } from 'next/server';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { createSessionMiddleware, pageSessionOf, VARIANT_HEADER, type SessionMiddlewareOptions } from '@/lib/next/middleware';
import { createSessionKit } from '@/lib/next/kit';
import { createSessionsRoute } from '@/lib/next/sessions-route';
import { createIoFreeEngine } from '@/lib/next/edge-engine';
import { DEFAULT_MAX_RESERVE_AGE_MS } from '@/lib/next/seal-reserve';
import { listVariants, readVariant } from '@/lib/next/variant-page';
import { cookieStore } from '@/lib/session/stores/cookie';
import { DEFAULT_MAX_AGE_SECONDS, DEFAULT_RENEW_AFTER_SECONDS } from '@/lib/session/engine';
import { EXPIRY_STEP_MS, expiryAfter } from '@/lib/session/expiry';
import { decodeSegmentToken, deriveSegment, encodeSegmentToken } from '@/lib/session/segment';
import { isPristinePayload, TokenCodec, type TokenPayload } from '@/lib/session/token';
import { storeTransform } from '@/lib/session/transforms/store';
import type { Transform } from '@/lib/session/transforms/types';
import type { Segment } from '@/lib/session/types';
import { VariantCodec } from '@/lib/session/variant';
import { storeConfig } from '@/store.config';

// Counts real unseals (decryptions) and MAC-only checks, to show what each visitor costs.
const unseals = vi.hoisted(() => ({ count: 0, verified: 0 }));
// Counts seals, to show first visits' sessions sealed ahead in batches.
const seals = vi.hoisted(() => ({ count: 0 }));
vi.mock('@/lib/session/iron', async (importOriginal) => {
  const original = await importOriginal<typeof import('@/lib/session/iron')>();
  return {
    ...original,
    unsealData: (...args: Parameters<typeof original.unsealData>) => {
      unseals.count++;
      return original.unsealData(...args);
    },
    verifyText: (...args: Parameters<typeof original.verifyText>) => {
      unseals.verified++;
      return original.verifyText(...args);
    },
    sealText: (...args: Parameters<typeof original.sealText>) => {
      seals.count++;
      return original.sealText(...args);
    },
    // The codec's other way to seal (what the engine's issue() takes); it calls sealText inside iron.ts, uncounted there.
    sealData: (...args: Parameters<typeof original.sealData>) => {
      seals.count++;
      return original.sealData(...args);
    },
  };
});

const SECRET = 'middleware-test-secret-0123456789abcdefgh';
const OLD_SECRET = 'middleware-old-secret-0123456789abcdefghi';
const DAY = 24 * 60 * 60 * 1000;
const ORIGIN = 'http://localhost:3000';

/** Stands in for the audiences transform: a campaign from a UTM, no I/O. */
const campaignTransform: Transform = {
  name: 'campaigns',
  inputs: ['public.utm_campaign'],
  outputs: ['rnb'],
  run: (inputs) => (inputs['public.utm_campaign'] === 'summer' ? { rnb: { campaigns: 'summer-sale' } } : {}),
};

/** A transform that would wait on the network: the middleware must never run it. */
const ioTransform: Transform = {
  name: 'remote',
  inputs: ['public.postalCode'],
  outputs: ['checkout.regionId'],
  runOnCreate: true,
  io: true,
  run: () => {
    throw new Error('the middleware ran an I/O transform');
  },
};

let clock = Date.UTC(2026, 0, 10);

function middleware(overrides: Partial<SessionMiddlewareOptions> = {}) {
  return createSessionMiddleware({
    config: storeConfig,
    transforms: [storeTransform(storeConfig), campaignTransform, ioTransform],
    secrets: () => [SECRET],
    now: () => clock,
    production: false,
    // These tests follow sessions from their first page view; deferred first visits have their own below.
    firstVisits: 'mint',
    ...overrides,
  });
}

function request(path: string, cookies: Record<string, string> = {}, origin = ORIGIN): NextRequest {
  const cookie = Object.entries(cookies)
    .map(([name, value]) => `${name}=${value}`)
    .join('; ');
  return new NextRequest(`${origin}${path}`, { headers: cookie ? { cookie } : {} });
}

const GOOGLEBOT = 'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)';
const CHROME = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/140.0 Safari/537.36';

/** request() with these headers too. */
function from(path: string, headers: Record<string, string>, cookies: Record<string, string> = {}): NextRequest {
  const made = request(path, cookies);
  for (const [name, value] of Object.entries(headers)) made.headers.set(name, value);
  return made;
}

/**
 * A cookie-less request served without a session: no cookie, and exactly the page,
 * variant and segment of `minted`, a new visitor's response for the same URL.
 */
function expectNewVisitorsPage(response: NextResponse, minted: NextResponse, outcome: 'deferred' | 'crawler'): void {
  expect(response.headers.getSetCookie()).toEqual([]);
  expect(response.headers.get(VARIANT_HEADER)).toBe(minted.headers.get(VARIANT_HEADER));
  expect(rewrite(response).href).toBe(rewrite(minted).href);
  expect(response.headers.get('server-timing')).toMatch(new RegExp(`desc="${outcome}"`));
  // No cookie set: the same header as a returning visitor's page.
  expect(response.headers.get('cache-control')).toBe('private, no-cache');
  const session = pageSessionOf(response)!;
  expect(session.outcome).toBe(outcome);
  expect(session.segment).toEqual(decodeSegmentToken(cookiesOf(minted).vtex_segment!));
}

function rewrite(response: NextResponse): URL {
  const target = response.headers.get('x-middleware-rewrite');
  expect(target, 'a rewrite').toBeTruthy();
  return new URL(target!);
}

function cookiesOf(response: Response): Record<string, string> {
  return Object.fromEntries(response.headers.getSetCookie().map((line) => line.split(';')[0]!.split(/=(.*)/s).slice(0, 2)));
}

function setCookieLine(response: NextResponse, name: string): string {
  return response.headers.getSetCookie().find((line) => line.startsWith(`${name}=`))!;
}

async function unseal(token: string): Promise<TokenPayload> {
  const result = await new TokenCodec({ secrets: [SECRET], cacheSize: 0, now: () => clock }).unseal(token);
  if (result.status !== 'valid') throw new Error(`token is ${result.status}`);
  return result.payload;
}

async function codeFor(segment: Segment, secrets = [SECRET]): Promise<string> {
  return new VariantCodec({ secrets }).encode(segment);
}

beforeEach(() => {
  clock = Date.UTC(2026, 0, 10);
});

describe('session middleware: first visit', () => {
  it('mints a session, sets both cookies and rewrites to the variant path, keeping the query', async () => {
    const response = await middleware()(request('/p/shirt?color=blue'));
    const cookies = cookiesOf(response);
    expect(Object.keys(cookies).sort()).toEqual(['vtex_segment', 'vtex_session']);

    const sealed = await unseal(cookies.vtex_session!);
    // A new session with no URL inputs: the token names the host's template instead of carrying it.
    expect(sealed.ns).toBeUndefined();
    expect(sealed.pristine).toEqual({ host: 'localhost:3000', digest: expect.stringMatching(/^[A-Za-z0-9_-]{12}$/) });
    expect(sealed.exp).toBe(clock + DEFAULT_MAX_AGE_SECONDS * 1000);
    // Another server (an engine of its own, same configuration) opens it to the namespaces.
    const opened = await createIoFreeEngine({ secrets: [SECRET], transforms: [storeTransform(storeConfig), campaignTransform, ioTransform], account: storeConfig.account, now: () => clock }).unsealNow(cookies.vtex_session!);
    if (opened.status !== 'valid') throw new Error(`token is ${opened.status}`);
    const payload = opened.payload;
    expect(payload.id).toBe(sealed.id);
    expect(payload.ns?.store?.channel?.value).toBe('1');
    expect(payload.ns?.account?.id).toEqual({ value: storeConfig.account.id, keepAlive: true });
    expect(payload.ns?.public).toBeUndefined();

    const segment = decodeSegmentToken(cookies.vtex_segment!);
    expect(segment).toEqual(deriveSegment(payload.ns!));
    const code = await codeFor(segment);
    const target = rewrite(response);
    expect(target.pathname).toBe(`/${code}/p/shirt`);
    expect(target.search).toBe('?color=blue');
    expect(response.headers.get(VARIANT_HEADER)).toBe(code);
  });

  it('seals once for the first visit of new URL inputs: the mint\'s own token goes to that visitor', async () => {
    const handler = middleware();
    const before = seals.count;
    const response = await handler(request('/?utm_campaign=summer'));
    expect(seals.count - before).toBe(1);
    const payload = await unseal(cookiesOf(response).vtex_session!);
    expect(payload.ns?.public?.utm_campaign?.value).toBe('summer');
    expect(payload.ns?.rnb?.campaigns?.value).toBe('summer-sale');
    // The next visitor of the same inputs gets a session of their own, from the reserve.
    const next = await unseal(cookiesOf(await handler(request('/?utm_campaign=summer'))).vtex_session!);
    expect(next.id).not.toBe(payload.id);
    expect(seals.count - before).toBe(2);
  });

  it('gives every first visit its own session, sealed ahead in batches, never one handed out twice', async () => {
    const handler = middleware();
    const ids = new Set<string>();
    const tokens = new Set<string>();
    const sealsPerVisit: number[] = [];
    for (let i = 0; i < 60; i++) {
      const before = seals.count;
      const cookies = cookiesOf(await handler(request('/p/shirt')));
      sealsPerVisit.push(seals.count - before);
      const payload = await unseal(cookies.vtex_session!);
      ids.add(payload.id);
      tokens.add(cookies.vtex_session!);
      // Sealed at most DEFAULT_MAX_RESERVE_AGE_MS before it was handed out, to expire on a whole minute.
      expect(payload.exp % EXPIRY_STEP_MS).toBe(0);
      expect(payload.exp).toBeLessThanOrEqual(expiryAfter(clock, DEFAULT_MAX_AGE_SECONDS * 1000));
      expect(payload.exp).toBeGreaterThanOrEqual(clock + DEFAULT_MAX_AGE_SECONDS * 1000 - DEFAULT_MAX_RESERVE_AGE_MS);
      expect(payload.v).toBe(1);
      clock += 250;
    }
    expect(ids.size).toBe(60);
    expect(tokens.size).toBe(60);
    // Batches: some visits sealed several sessions, others took one sealed before.
    expect(Math.max(...sealsPerVisit)).toBeGreaterThan(1);
    expect(sealsPerVisit.filter((n) => n === 0).length).toBeGreaterThan(30);
  });

  it('marks the response private, times itself, and writes cookie attributes', async () => {
    const response = await middleware()(request('/'));
    expect(rewrite(response).pathname).toBe(`/${response.headers.get(VARIANT_HEADER)}`);
    expect(response.headers.get('cache-control')).toBe('private, no-store');
    expect(response.headers.get('server-timing')).toMatch(/^session;dur=\d+\.\d{3};desc="new"$/);
    const session = setCookieLine(response, 'vtex_session');
    expect(session).toMatch(/HttpOnly/i);
    expect(session).toMatch(/SameSite=lax/i);
    expect(session).toMatch(/Path=\//);
    expect(session).toMatch(new RegExp(`Max-Age=${DEFAULT_MAX_AGE_SECONDS}`));
    expect(session).not.toMatch(/Secure/i);
    expect(setCookieLine(response, 'vtex_segment')).not.toMatch(/HttpOnly/i);
  });

  it('sets Secure cookies in production over https', async () => {
    const response = await middleware({ production: true })(request('/', {}, 'https://shop.example.com'));
    expect(setCookieLine(response, 'vtex_session')).toMatch(/Secure/i);
    expect(setCookieLine(response, 'vtex_segment')).toMatch(/Secure/i);
  });

  it('puts UTM and UTMI parameters in public, and nothing else from the URL', async () => {
    const response = await middleware()(request('/?utm_source=news&utm_campaign=spring&utmi_cp=banner&q=shoes&page=2&utm_medium='));
    const payload = await unseal(cookiesOf(response).vtex_session!);
    expect(payload.ns?.public).toEqual({
      utm_source: { value: 'news' },
      utm_campaign: { value: 'spring' },
      utmi_cp: { value: 'banner' },
    });
    const segment = decodeSegmentToken(cookiesOf(response).vtex_segment!);
    expect(segment.utm_source).toBe('news');
    // UTMs are not variant fields: landing-page traffic shares the plain visitor's pages.
    const plain = await middleware()(request('/'));
    expect(response.headers.get(VARIANT_HEADER)).toBe(plain.headers.get(VARIANT_HEADER));
  });

  it('gives a UTM that triggers a campaign its own variant', async () => {
    const response = await middleware()(request('/?utm_campaign=summer'));
    const segment = decodeSegmentToken(cookiesOf(response).vtex_segment!);
    expect(segment.campaigns).toBe('summer-sale');
    const plain = await middleware()(request('/'));
    expect(response.headers.get(VARIANT_HEADER)).not.toBe(plain.headers.get(VARIANT_HEADER));
    expect(response.headers.get(VARIANT_HEADER)).toBe(await codeFor(segment));
  });

  it('honours ?sc= for a public channel: another variant', async () => {
    const response = await middleware()(request('/?sc=2'));
    const segment = decodeSegmentToken(cookiesOf(response).vtex_segment!);
    expect(segment).toMatchObject({ channel: '2', currencyCode: 'USD', cultureInfo: 'en-US' });
    const plain = await middleware()(request('/'));
    expect(response.headers.get(VARIANT_HEADER)).not.toBe(plain.headers.get(VARIANT_HEADER));
  });

  it('drops a channel the visitor may not use or that does not exist, keeping the rest: the page renders', async () => {
    for (const sc of ['3', '99']) {
      const response = await middleware()(request(`/p/shirt?sc=${sc}&utm_source=partner`));
      const payload = await unseal(cookiesOf(response).vtex_session!);
      expect(payload.ns?.store?.channel?.value, `sc=${sc}`).toBe('1');
      expect(payload.ns?.public).toEqual({ utm_source: { value: 'partner' } });
      expect(rewrite(response).pathname).toMatch(/\/p\/shirt$/);
    }
  });

  it('drops inputs that would blow the cookie budget rather than failing the page', async () => {
    const long = 'x'.repeat(1000);
    const query = Array.from({ length: 8 }, (_, i) => `utm_k${i}=${long}`).join('&');
    const response = await middleware()(request(`/?sc=2&${query}`));
    expect(response.status).toBe(200);
    const payload = await unseal(cookiesOf(response).vtex_session!);
    expect(payload.ns?.store?.channel?.value).toBe('2');
    expect(cookiesOf(response).vtex_session!.length).toBeLessThan(3900);
  });

  it('never runs I/O transforms', async () => {
    const response = await middleware()(request('/?sc=2'));
    expect(response.status).toBe(200);
  });

  it('ignores a forged vtex_segment cookie', async () => {
    const forged = encodeSegmentToken({ ...deriveSegment({}), channel: '3', priceTables: 'b2b-gold', channelPrivacy: 'private' });
    const response = await middleware()(request('/', { vtex_segment: forged }));
    const segment = decodeSegmentToken(cookiesOf(response).vtex_segment!);
    expect(segment.channel).toBe('1');
    expect(response.headers.get(VARIANT_HEADER)).toBe(await codeFor(segment));
  });
});

describe('session middleware: the rewrite', () => {
  it('says the rewrite as NextResponse.rewrite() says it, for first and returning visitors, whatever the path and query', async () => {
    const handler = middleware();
    const first = await handler(request('/'));
    const cookies = cookiesOf(first);
    const paths = ['/', '/p/stoneware-mug', '/p/shoe-v2.0', '/c/caf%C3%A9/x%20y', '/s?q=a%20b&utm_source=news&x=%2F', '/p/a?sc=1#frag'];
    for (const path of paths) {
      for (const response of [await handler(request(path)), await handler(request(path, cookies))]) {
        const code = response.headers.get(VARIANT_HEADER)!;
        const url = new NextRequest(`${ORIGIN}${path}`).nextUrl;
        const expected = NextResponse.rewrite(`${url.origin}/${code}${url.pathname === '/' ? '' : url.pathname}${url.search}`);
        expect(response.headers.get('x-middleware-rewrite'), path).toBe(expected.headers.get('x-middleware-rewrite'));
        expect(response.headers.get('x-middleware-next'), path).toBeNull();
      }
    }
  });
});

describe('session middleware: returning visitor', () => {
  async function visit(path = '/') {
    const mw = middleware();
    const first = await mw(request(path));
    return { mw, cookies: cookiesOf(first), code: first.headers.get(VARIANT_HEADER)! };
  }

  it('keeps the session: same variant, no Set-Cookie, no unseal after the first', async () => {
    const { mw, cookies, code } = await visit();
    unseals.count = 0;
    for (let i = 0; i < 3; i++) {
      const response = await mw(request('/p/shirt', cookies));
      expect(response.headers.getSetCookie()).toEqual([]);
      expect(response.headers.get(VARIANT_HEADER)).toBe(code);
      expect(rewrite(response).pathname).toBe(`/${code}/p/shirt`);
      expect(response.headers.get('cache-control')).toBe('private, no-cache');
      expect(response.headers.get('server-timing')).toMatch(/desc="existing"/);
    }
    expect(unseals.count).toBe(0);
  });

  it('serves a visitor new to the instance from the token\'s tag: one MAC check, nothing decrypted, then remembered', async () => {
    const { cookies, code } = await visit();
    const fresh = middleware();
    unseals.count = 0;
    unseals.verified = 0;
    const first = await fresh(request('/p/shirt', cookies));
    const again = await fresh(request('/', cookies));
    expect(unseals).toEqual({ count: 0, verified: 1 });
    expect(first.headers.getSetCookie()).toEqual([]);
    expect(rewrite(first).pathname).toBe(`/${code}/p/shirt`);
    expect(again.headers.get(VARIANT_HEADER)).toBe(code);
    expect(first.headers.get('server-timing')).toMatch(/desc="existing"/);
  });

  it('the tag is the code in the clear, under the token\'s MAC: altering or splicing it is a fresh session', async () => {
    const mw = middleware();
    const plain = cookiesOf(await mw(request('/')));
    const summer = cookiesOf(await mw(request('/?utm_campaign=summer')));
    // The encryption salt: `<expiry>.<field list id>.<code>.<randomness>`.
    const [plainCode, summerCode] = [plain, summer].map((c) => c.vtex_session!.split('*')[2]!.split('.')[2]!) as [string, string];
    expect(plainCode).toBe(await codeFor(decodeSegmentToken(plain.vtex_segment!)));
    expect(summerCode).not.toBe(plainCode);
    const parts = plain.vtex_session!.split('*');
    const spliced = [...parts];
    spliced[2] = summer.vtex_session!.split('*')[2]!;
    const altered = [...parts];
    altered[2] = parts[2]!.replace(plainCode, summerCode);
    for (const forged of [spliced.join('*'), altered.join('*')]) {
      const response = await middleware()(request('/', { vtex_session: forged }));
      expect(response.headers.get('server-timing')).toMatch(/desc="invalid"/);
      expect(response.headers.get(VARIANT_HEADER)).toBe(plainCode);
      expect((await unseal(cookiesOf(response).vtex_session!)).id).not.toBe((await unseal(plain.vtex_session!)).id);
    }
  });

  it('serves a token the Sessions API issued from its tag too: the kit\'s engine tags every token with the variant code', async () => {
    const kit = createSessionKit({ config: storeConfig, transforms: [storeTransform(storeConfig), campaignTransform], store: () => cookieStore(), secrets: () => [SECRET] });
    const engine = await kit.engine();
    const written = await engine.write(null, { public: { utm_campaign: 'summer' } });
    const tokens = await engine.issue(written.session, written.storedVersion);
    unseals.count = 0;
    unseals.verified = 0;
    const response = await middleware()(request('/', { vtex_session: tokens.sessionToken }));
    expect(unseals).toEqual({ count: 0, verified: 1 });
    expect(response.headers.get(VARIANT_HEADER)).toBe(await kit.variantCode(tokens.segment));
    expect(tokens.segment.campaigns).toBe('summer-sale');
  });

  it('unseals a token without a tag (iron-session\'s, or sealed before tags) once, then remembers it', async () => {
    const { cookies, code } = await visit();
    const untagged = new TokenCodec({ secrets: [SECRET], cacheSize: 0, now: () => clock }).sealSync(await unseal(cookies.vtex_session!));
    const fresh = middleware();
    unseals.count = 0;
    await fresh(request('/', { vtex_session: untagged }));
    const again = await fresh(request('/', { vtex_session: untagged }));
    expect(unseals.count).toBe(1);
    expect(again.headers.get(VARIANT_HEADER)).toBe(code);
  });

  it('does not trust a tag cut by other variant fields: it unseals, and serves the code of the fields it has now', async () => {
    const { cookies, code } = await visit('/?utm_campaign=summer');
    const fields = ['channel', 'priceTables', 'currencyCode', 'countryCode', 'cultureInfo', 'channelPrivacy'] as const;
    const narrower = middleware({ config: { ...storeConfig, variantFields: fields } });
    unseals.count = 0;
    const response = await narrower(request('/', cookies));
    expect(unseals.count).toBe(1);
    const segment = decodeSegmentToken(cookies.vtex_segment!);
    expect(response.headers.get(VARIANT_HEADER)).toBe(new VariantCodec({ secrets: [SECRET], fields }).encode(segment));
    expect(response.headers.get(VARIANT_HEADER)).not.toBe(code);
  });

  it('gives after-middleware the segment of a visitor served from the tag, unsealing only when it is read', async () => {
    const { cookies } = await visit('/?utm_campaign=summer');
    const fresh = middleware();
    unseals.count = 0;
    const response = await fresh(request('/', cookies));
    const session = pageSessionOf(response)!;
    expect(session.outcome).toBe('existing');
    expect(unseals.count).toBe(0);
    expect(session.segment).toEqual(decodeSegmentToken(cookies.vtex_segment!));
    expect(session.segment.campaigns).toBe('summer-sale');
    expect(unseals.count).toBe(1);
  });

  it('lets Next keep its own Cache-Control when asked to', async () => {
    const { cookies } = await visit();
    const response = await middleware({ pageCacheControl: null })(request('/', cookies));
    expect(response.headers.get('cache-control')).toBeNull();
  });

  it('ignores a forged vtex_segment cookie', async () => {
    const { mw, cookies, code } = await visit();
    const forged = encodeSegmentToken({ ...deriveSegment({}), channel: '3', priceTables: 'b2b-gold', channelPrivacy: 'private' });
    const response = await mw(request('/', { ...cookies, vtex_segment: forged }));
    expect(response.headers.get(VARIANT_HEADER)).toBe(code);
    expect(response.headers.getSetCookie()).toEqual([]);
  });

  it('renews the expiry once renewal is due, not before', async () => {
    const { mw, cookies, code } = await visit();
    clock += DEFAULT_RENEW_AFTER_SECONDS * 1000 - 1000;
    expect((await mw(request('/', cookies))).headers.getSetCookie()).toEqual([]);

    clock += 2000;
    const renewed = await mw(request('/', cookies));
    const next = cookiesOf(renewed);
    expect(next.vtex_session).not.toBe(cookies.vtex_session);
    expect(renewed.headers.get(VARIANT_HEADER)).toBe(code);
    expect(renewed.headers.get('cache-control')).toBe('private, no-store');
    expect(renewed.headers.get('server-timing')).toMatch(/desc="renewed"/);
    const before = await unseal(cookies.vtex_session!);
    const after = await unseal(next.vtex_session!);
    expect(after).toEqual({ ...before, exp: expiryAfter(clock, DEFAULT_MAX_AGE_SECONDS * 1000) });
    expect(next.vtex_segment).toBe(cookies.vtex_segment);
    expect((await mw(request('/', next))).headers.getSetCookie()).toEqual([]);
  });

  it('applies new URL inputs to a session carried in the token (same id, next version)', async () => {
    const { mw, cookies, code } = await visit();
    const switched = await mw(request('/?sc=2&utm_source=ads', cookies));
    const payload = await unseal(cookiesOf(switched).vtex_session!);
    const before = await unseal(cookies.vtex_session!);
    expect(payload.id).toBe(before.id);
    expect(payload.v).toBe(before.v + 1);
    expect(payload.ns?.store?.channel?.value).toBe('2');
    expect(payload.ns?.public?.utm_source?.value).toBe('ads');
    expect(switched.headers.get(VARIANT_HEADER)).not.toBe(code);
    expect(switched.headers.get('server-timing')).toMatch(/desc="edited"/);

    // The same link again changes nothing.
    const again = await mw(request('/?sc=2&utm_source=ads', cookiesOf(switched)));
    expect(again.headers.getSetCookie()).toEqual([]);
  });

  it('keeps the channel when ?sc= names one the visitor may not use', async () => {
    const { mw, cookies, code } = await visit();
    const response = await mw(request('/?sc=3', cookies));
    expect(response.headers.getSetCookie()).toEqual([]);
    expect(response.headers.get(VARIANT_HEADER)).toBe(code);
  });

  it('leaves a store-held session (token without namespaces) to the Sessions API', async () => {
    const codec = new TokenCodec({ secrets: [SECRET], now: () => clock });
    const segment = { ...deriveSegment({}), channel: '1', currencyCode: 'BRL', countryCode: 'BRA', cultureInfo: 'pt-BR', channelPrivacy: 'public' as const };
    const token = await codec.seal({ id: 'stored-1', v: 4, exp: clock + 7 * DAY, seg: segment });
    const response = await middleware()(request('/?sc=2', { vtex_session: token }));
    expect(response.headers.getSetCookie()).toEqual([]);
    expect(response.headers.get(VARIANT_HEADER)).toBe(await codeFor(segment));
  });

  it('reads tokens sealed with an older listed secret, and signs codes with the newest', async () => {
    const old = middleware({ secrets: () => [OLD_SECRET] });
    const first = await old(request('/'));
    const rotated = middleware({ secrets: () => [SECRET, OLD_SECRET] });
    unseals.count = 0;
    const response = await rotated(request('/', cookiesOf(first)));
    // Its tag names the old secret's code: unsealed, not trusted.
    expect(unseals.count).toBe(1);
    expect(response.headers.getSetCookie()).toEqual([]);
    const segment = decodeSegmentToken(cookiesOf(first).vtex_segment!);
    expect(response.headers.get(VARIANT_HEADER)).toBe(await codeFor(segment, [SECRET]));
    expect(first.headers.get(VARIANT_HEADER)).toBe(await codeFor(segment, [OLD_SECRET]));
  });
});

describe("session middleware: URL inputs go in by the visitor's own navigation only", () => {
  const navigation = (path: string, cookies: Record<string, string> = {}) => from(path, { 'sec-fetch-mode': 'navigate', 'sec-fetch-site': 'same-origin' }, cookies);
  /** How Next's router asks for a page (a prefetch, a followed <Link>, a refresh), as middleware sees it: Next takes its own headers off. */
  const routerFetch = (path: string, cookies: Record<string, string> = {}) => from(path, { 'sec-fetch-mode': 'cors', 'sec-fetch-site': 'same-origin', 'sec-fetch-dest': 'empty' }, cookies);
  const PREFETCHES: Record<string, Record<string, string>> = {
    "Next's router prefetch, where a store shows middleware its headers": { 'next-router-prefetch': '1', rsc: '1' },
    "the browser's prefetch of a document": { 'sec-purpose': 'prefetch', 'sec-fetch-mode': 'navigate', 'sec-fetch-site': 'same-origin' },
    "the browser's prerender": { 'sec-purpose': 'prefetch;prerender', 'sec-fetch-mode': 'navigate', 'sec-fetch-site': 'same-origin' },
    'an older browser prefetch (Purpose, no Fetch Metadata)': { purpose: 'prefetch', accept: 'text/html' },
  };

  async function returning() {
    const mw = middleware();
    const first = await mw(request('/'));
    return { mw, cookies: cookiesOf(first), code: first.headers.get(VARIANT_HEADER)! };
  }

  function expectDeclined(response: NextResponse, status: 204 | 503): void {
    expect(response.status).toBe(status);
    expect(response.headers.getSetCookie()).toEqual([]);
    expect(response.headers.get('x-middleware-rewrite')).toBeNull();
    expect(response.headers.get(VARIANT_HEADER)).toBeNull();
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(response.headers.get('server-timing')).toMatch(/desc="declined"/);
    expect(pageSessionOf(response)).toBeNull();
  }

  it("declines the router's fetch of a page whose URL inputs would change the session (204): Next then loads it as a document", async () => {
    const { mw, cookies } = await returning();
    expectDeclined(await mw(routerFetch('/?sc=2', cookies)), 204);
    expectDeclined(await mw(routerFetch('/p/shirt?utm_campaign=summer', cookies)), 204);
    // The same link followed as a navigation writes them.
    const followed = await mw(navigation('/?sc=2', cookies));
    expect(pageSessionOf(followed)!.outcome).toBe('edited');
    expect(decodeSegmentToken(cookiesOf(followed).vtex_segment!).channel).toBe('2');
  });

  for (const [what, headers] of Object.entries(PREFETCHES)) {
    it(`declines ${what} that would change the session, and serves one that would not`, async () => {
      const { mw, cookies, code } = await returning();
      const status = headers.rsc ? 204 : 503;
      expectDeclined(await mw(from('/?sc=2', headers, cookies)), status);
      const plain = await mw(from('/p/shirt', headers, cookies));
      expect([plain.status, plain.headers.get(VARIANT_HEADER), plain.headers.getSetCookie()]).toEqual([200, code, []]);
    });
  }

  it('serves the router the page when its inputs are already in the session, or it has none', async () => {
    const { mw, cookies } = await returning();
    const switched = cookiesOf(await mw(navigation('/?sc=2&utm_campaign=summer', cookies)));
    for (const path of ['/?sc=2&utm_campaign=summer', '/?sc=2', '/p/shirt', '/search?q=mug']) {
      const response = await mw(routerFetch(path, switched));
      expect(response.status, path).toBe(200);
      expect(pageSessionOf(response)!.outcome, path).toBe('existing');
      expect(response.headers.getSetCookie(), path).toEqual([]);
    }
  });

  it("serves a link to the store the session is in already, until a URL has chosen another: `?sc=1` on the default channel writes nothing", async () => {
    const { mw, cookies, code } = await returning();
    expect(decodeSegmentToken(cookies.vtex_segment!).channel).toBe('1');
    // The footer's link to the current store: prefetched, followed and loaded as any other page.
    for (const made of [routerFetch('/?sc=1', cookies), navigation('/?sc=1', cookies), request('/?sc=1', cookies)]) {
      const response = await mw(made);
      expect([response.status, response.headers.get(VARIANT_HEADER), pageSessionOf(response)!.outcome]).toEqual([200, code, 'existing']);
      expect(response.headers.getSetCookie()).toEqual([]);
    }
    // A URL that chose store 2 is what a link back to store 1 changes.
    const switched = cookiesOf(await mw(navigation('/?sc=2', cookies)));
    expectDeclined(await mw(routerFetch('/?sc=1', switched)), 204);
    const back = await mw(navigation('/?sc=1', switched));
    expect(pageSessionOf(back)!.outcome).toBe('edited');
    expect(back.headers.get(VARIANT_HEADER)).toBe(code);
    // Then store 1 is the URL's choice, and the same link is served as it is.
    expect(pageSessionOf(await mw(routerFetch('/?sc=1', cookiesOf(back))))!.outcome).toBe('existing');
  });

  it('declines a cookie-less fetch with URL inputs, and a forged or an expired cookie with them; without inputs they are served as before', async () => {
    const mw = middleware({ firstVisits: undefined });
    expectDeclined(await mw(routerFetch('/?utm_campaign=summer')), 204);
    expect(pageSessionOf(await mw(routerFetch('/p/shirt')))!.outcome).toBe('deferred');

    const codec = new TokenCodec({ secrets: [SECRET], now: () => clock });
    const expired = await codec.seal({ id: 'old', v: 2, exp: clock - 1, ns: {} });
    const { cookies } = await returning();
    for (const token of [expired, `${cookies.vtex_session!.slice(0, -4)}AAAA`]) {
      expectDeclined(await mw(routerFetch('/?sc=2', { vtex_session: token })), 204);
      expect(cookiesOf(await mw(routerFetch('/', { vtex_session: token }))).vtex_session).toBeTruthy();
    }
  });

  it("leaves clients other than a browser's scripts (Node's fetch, curl, crawlers) as they were", async () => {
    const { mw, cookies } = await returning();
    expect(pageSessionOf(await mw(request('/?sc=2', cookies)))!.outcome).toBe('edited');
    // Node's fetch sends Sec-Fetch-Mode: cors and no Sec-Fetch-Site, whatever it is told.
    expect(pageSessionOf(await mw(from('/?utm_campaign=summer', { 'sec-fetch-mode': 'cors' }, cookies)))!.outcome).toBe('edited');
    expect(pageSessionOf(await mw(from('/?sc=2', { 'user-agent': GOOGLEBOT })))!.outcome).toBe('crawler');
  });
});

describe('session middleware: bad tokens', () => {
  it('gives a tampered token a fresh session and still renders', async () => {
    const mw = middleware();
    const first = cookiesOf(await mw(request('/')));
    const token = first.vtex_session!;
    const tampered = token.slice(0, 40) + (token[40] === 'A' ? 'B' : 'A') + token.slice(41);
    const response = await mw(request('/p/shirt', { vtex_session: tampered }));
    const fresh = await unseal(cookiesOf(response).vtex_session!);
    expect(fresh.id).not.toBe((await unseal(token)).id);
    expect(response.headers.get('server-timing')).toMatch(/desc="invalid"/);
    expect(rewrite(response).pathname).toMatch(/\/p\/shirt$/);
    for (const junk of ['garbage', 'Fe26.2**', 'x'.repeat(10_000)]) {
      const r = await mw(request('/', { vtex_session: junk }));
      expect(Object.keys(cookiesOf(r)).sort()).toEqual(['vtex_segment', 'vtex_session']);
    }
  });

  it('gives an expired token a fresh session, carrying keepAlive values', async () => {
    const mw = middleware();
    const codec = new TokenCodec({ secrets: [SECRET], now: () => clock });
    const expired = await codec.seal({
      id: 'old-visitor',
      v: 3,
      exp: clock - 1000,
      ns: { account: { id: { value: storeConfig.account.id, keepAlive: true } }, public: { loyalty: { value: 'gold', keepAlive: true }, utm_source: { value: 'old' } } },
    });
    const response = await mw(request('/?utm_source=new', { vtex_session: expired }));
    const fresh = await unseal(cookiesOf(response).vtex_session!);
    expect(fresh.id).not.toBe('old-visitor');
    expect(fresh.exp).toBe(clock + DEFAULT_MAX_AGE_SECONDS * 1000);
    expect(fresh.ns?.public).toEqual({ loyalty: { value: 'gold', keepAlive: true }, utm_source: { value: 'new' } });
    expect(response.headers.get('server-timing')).toMatch(/desc="expired"/);
  });
});

describe('session middleware: variant paths and failures', () => {
  it('answers a direct request for a variant path with a 404 and no cookie', async () => {
    const mw = middleware();
    const code = (await mw(request('/'))).headers.get(VARIANT_HEADER)!;
    for (const path of [`/${code}`, `/${code}/p/shirt`]) {
      const response = await mw(request(path));
      expect(response.status, path).toBe(404);
      expect(await response.json()).toEqual({ error: { code: 'not_found', message: 'This page does not exist' } });
      expect(response.headers.getSetCookie()).toEqual([]);
      expect(response.headers.get('x-middleware-rewrite')).toBeNull();
    }
  });

  it("answers a browser's page request for a variant path with the store's 404 page, under no variant", async () => {
    const mw = middleware({ isPage: () => true });
    const code = (await mw(request('/'))).headers.get(VARIANT_HEADER)!;
    const navigations: Record<string, string>[] = [
      { accept: 'text/html,application/xhtml+xml,*/*;q=0.8', 'sec-fetch-mode': 'navigate', 'sec-fetch-dest': 'document' },
      { accept: 'text/html', 'sec-fetch-mode': 'navigate', 'sec-fetch-dest': 'iframe' },
      // A crawler's fetch: no Fetch Metadata, Accept names HTML.
      { accept: 'text/html', 'user-agent': 'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)' },
    ];
    for (const headers of navigations) {
      for (const path of [`/${code}`, `/${code}/p/shoe-v2.0?sc=3`, `/${code}/c/kitchen.json`]) {
        const response = await mw(new NextRequest(`${ORIGIN}${path}`, { headers }));
        const target = rewrite(response);
        // Next's root not-found route: static, so no request's URL is ever cached into it.
        expect(target.pathname, path).toBe('/_not-found');
        expect(target.search, path).toBe('');
        expect(response.headers.getSetCookie(), path).toEqual([]);
        expect(response.headers.get(VARIANT_HEADER), path).toBeNull();
        expect(response.headers.get('cache-control'), path).toBe('no-store');
      }
    }
    // Data requests keep the JSON refusal: an RSC payload or a prefetch, a script's fetch.
    const data: Record<string, string>[] = [
      { rsc: '1', accept: 'text/html', 'sec-fetch-dest': 'empty' },
      { rsc: '1', 'next-router-prefetch': '1' },
      { accept: 'application/json', 'sec-fetch-dest': 'empty', 'sec-fetch-mode': 'cors' },
      { accept: 'text/html', 'sec-fetch-mode': 'no-cors', 'sec-fetch-dest': 'empty' },
      {},
    ];
    for (const headers of data) {
      const response = await mw(new NextRequest(`${ORIGIN}/${code}/p/shirt`, { headers }));
      expect(response.status, JSON.stringify(headers)).toBe(404);
      expect(response.headers.get('x-middleware-rewrite')).toBeNull();
      expect(await response.json()).toEqual({ error: { code: 'not_found', message: 'This page does not exist' } });
    }
    // A form's POST navigation is no page view: the JSON refusal, not a page rendered for a POST.
    const posted = await mw(new NextRequest(`${ORIGIN}/${code}/p/shirt`, { method: 'POST', headers: { ...navigations[0], 'content-type': 'application/x-www-form-urlencoded' }, body: 'a=1' }));
    expect(posted.status).toBe(404);
    expect(posted.headers.get('x-middleware-rewrite')).toBeNull();
  });

  it('rewrites paths that only look like codes (slugs) as ordinary pages', async () => {
    const mw = middleware();
    const code = (await mw(request('/'))).headers.get(VARIANT_HEADER)!;
    for (const path of ['/mens-running-shoes-blue-extra-large/p', `/${code.slice(0, -1)}A`]) {
      const response = await mw(request(path));
      expect(response.status).toBe(200);
      expect(rewrite(response).pathname).toBe(`/${code}${path}`);
    }
  });

  it('answers a missing secret with a JSON 500', async () => {
    const mw = middleware({ secrets: () => [] });
    vi.spyOn(console, 'error').mockImplementation(() => {});
    const response = await mw(request('/'));
    vi.restoreAllMocks();
    expect(response.status).toBe(500);
    expect((await response.json()).error.code).toBe('internal_error');
  });
});

describe('page helpers', () => {
  it('readVariant gives the segment of a genuine code, and a 404 for anything else', async () => {
    vi.stubEnv('SESSION_SECRET', SECRET);
    try {
      const code = (await middleware()(request('/?sc=2'))).headers.get(VARIANT_HEADER)!;
      const page = await readVariant(Promise.resolve({ variant: code }));
      expect(page.code).toBe(code);
      expect(page.segment).toMatchObject({ channel: '2', currencyCode: 'USD', utm_source: null });
      for (const bad of [code.slice(0, -2) + 'AA', 'favicon.ico', '']) {
        await expect(readVariant(Promise.resolve({ variant: bad }))).rejects.toMatchObject({ digest: expect.stringMatching(/404/) });
      }
    } finally {
      vi.unstubAllEnvs();
    }
  });

  it('listVariants names the variant of each public channel a new visitor lands on', async () => {
    const listed = await listVariants({ config: storeConfig, transforms: [storeTransform(storeConfig)], secrets: [SECRET] });
    const mw = middleware();
    const landed = await Promise.all(['/', '/?sc=2'].map(async (path) => (await mw(request(path))).headers.get(VARIANT_HEADER)));
    expect(listed.map((entry) => entry.variant).sort()).toEqual(landed.sort());
  });
});

describe('session middleware: bodies Next would choke on', () => {
  const post = (contentType: string, body: BodyInit) => new NextRequest(`${ORIGIN}/products`, { method: 'POST', headers: { 'content-type': contentType }, body });

  it('answers a POST declaring multipart/form-data that does not parse with a JSON 400, setting no cookie', async () => {
    const mw = middleware();
    for (const [contentType, body] of [['multipart/form-data; boundary=x', 'junk'], ['multipart/form-data', 'a=b'], ['Multipart/Form-Data; boundary=y', '--y\r\nbroken']]) {
      const response = await mw(post(contentType!, body!));
      expect(response.status, contentType).toBe(400);
      expect(await response.json()).toEqual({ error: { code: 'invalid_body', message: expect.any(String) } });
      expect(response.headers.getSetCookie()).toEqual([]);
      expect(response.headers.get('x-middleware-rewrite')).toBeNull();
    }
  });

  it('lets a well-formed multipart POST (a no-JS server action) and other bodies through to the page', async () => {
    const mw = middleware();
    const form = new FormData();
    form.set('$ACTION_ID_x', '');
    const multipart = new Request(`${ORIGIN}/products`, { method: 'POST', body: form });
    const response = await mw(new NextRequest(multipart));
    expect(rewrite(response).pathname).toMatch(/\/products$/);
    expect(rewrite(await mw(post('application/x-www-form-urlencoded', 'a=b'))).pathname).toMatch(/\/products$/);
  });
});

describe('session middleware: what is a page', () => {
  it('passes the APIs, Next\'s files, metadata routes and static files through untouched', async () => {
    const mw = middleware();
    for (const path of ['/api/sessions', '/api', '/_next/static/chunks/a.js', '/favicon.ico', '/icon.svg', '/icon', '/robots.txt', '/images/shirt.png', '/.well-known/security.txt']) {
      const response = await mw(request(path));
      expect(response.headers.get('x-middleware-next'), path).toBe('1');
      expect(response.headers.get('x-middleware-rewrite'), path).toBeNull();
      expect(response.headers.getSetCookie(), path).toEqual([]);
      expect(response.headers.get(VARIANT_HEADER), path).toBeNull();
    }
  });

  it('keeps a basePath and the query in the rewrite', async () => {
    const mw = middleware();
    const response = await mw(new NextRequest(`${ORIGIN}/shop/p/shirt?color=blue`, { nextConfig: { basePath: '/shop' } }));
    const target = rewrite(response);
    expect(target.pathname).toBe(`/shop/${response.headers.get(VARIANT_HEADER)}/p/shirt`);
    expect(target.search).toBe('?color=blue');
    const home = await mw(new NextRequest(`${ORIGIN}/shop`, { nextConfig: { basePath: '/shop' } }));
    expect(rewrite(home).pathname).toBe(`/shop/${home.headers.get(VARIANT_HEADER)}`);
    // A navigation to a variant path gets the not-found route under the basePath too.
    const code = home.headers.get(VARIANT_HEADER)!;
    const refused = await mw(new NextRequest(`${ORIGIN}/shop/${code}/p/shirt?color=blue`, { nextConfig: { basePath: '/shop' }, headers: { accept: 'text/html', 'sec-fetch-mode': 'navigate' } }));
    expect(rewrite(refused).pathname).toBe('/shop/_not-found');
    expect(rewrite(refused).search).toBe('');
    expect(refused.headers.getSetCookie()).toEqual([]);
  });

  it('takes a dotted slug for a page', async () => {
    const mw = middleware();
    const response = await mw(request('/p/shoe-v2.0'));
    expect(rewrite(response).pathname).toBe(`/${response.headers.get(VARIANT_HEADER)}/p/shoe-v2.0`);
  });

  it('asks a store\'s own rule, with the decoded path', async () => {
    const asked: string[] = [];
    const mw = middleware({ isPage: (path) => (asked.push(path), !path.startsWith('/blog')) });
    expect((await mw(request('/blog/caf%C3%A9'))).headers.get('x-middleware-next')).toBe('1');
    expect(asked).toEqual(['/blog/café']);
    expect(rewrite(await mw(request('/p/shirt'))).pathname).toMatch(/\/p\/shirt$/);
  });

  it('refuses a path led by a code whatever follows it, before asking whether it is a page', async () => {
    const mw = middleware({ isPage: () => true });
    const code = (await mw(request('/'))).headers.get(VARIANT_HEADER)!;
    const encoded = `%${code.charCodeAt(0).toString(16).toUpperCase()}${code.slice(1)}`;
    for (const path of [
      `/${code}/p/shoe-v2.0`,
      `/${code}/c/kitchen.json`,
      `/${code}.rsc`,
      `/${code}/p/shirt.rsc`,
      `/${code}.segments/_tree.segment.rsc`,
      `/${code}/favicon.ico`,
      `/${encoded}/c/kitchen`,
      `/_next/data/build/${code}/p/x.json`,
    ]) {
      const response = await mw(request(path));
      expect(response.status, path).toBe(404);
      expect(await response.json()).toEqual({ error: { code: 'not_found', message: 'This page does not exist' } });
      expect(response.headers.getSetCookie(), path).toEqual([]);
    }
  });

  it('answers a malformed percent-escape with a JSON 400, on pages and APIs alike, and a page view with the store\'s 404 page', async () => {
    const mw = middleware();
    for (const path of ['/api/segments/%%%not-a-token', '/api/sessions%zz', '/p/%C0%AF', '/%%%', '/images/%%.png']) {
      const response = await mw(request(path));
      expect(response.status, path).toBe(400);
      expect(await response.json()).toEqual({ error: { code: 'malformed_path', message: expect.any(String) } });
      expect(response.headers.getSetCookie(), path).toEqual([]);
    }
    // A well-formed escape is an ordinary path.
    expect((await mw(request('/api/x/caf%C3%A9'))).headers.get('x-middleware-next')).toBe('1');
    // A shopper following a mangled link gets the store's 404 page, with no session.
    for (const path of ['/p/%C0%AF', '/%%%', '/c/%zz/x?sc=3']) {
      const response = await mw(new NextRequest(`${ORIGIN}${path}`, { headers: { accept: 'text/html', 'sec-fetch-mode': 'navigate' } }));
      expect(rewrite(response).pathname, path).toBe('/_not-found');
      expect(rewrite(response).search, path).toBe('');
      expect(response.headers.getSetCookie(), path).toEqual([]);
      expect(response.headers.get(VARIANT_HEADER), path).toBeNull();
    }
  });
});

describe('session middleware: first visits share the work of minting', () => {
  it('gives each new visitor their own session, with the namespaces, segment and code of the first', async () => {
    const mw = middleware();
    const responses = [];
    for (let i = 0; i < 3; i++) responses.push(await mw(request('/?sc=2&utm_campaign=summer')));
    const payloads = await Promise.all(responses.map((response) => unseal(cookiesOf(response).vtex_session!)));
    expect(new Set(payloads.map((payload) => payload.id)).size).toBe(3);
    for (const payload of payloads) {
      expect(payload).toEqual({ id: expect.any(String), v: 1, exp: clock + DEFAULT_MAX_AGE_SECONDS * 1000, ns: payloads[0]!.ns });
    }
    expect(payloads[0]!.ns?.store?.channel?.value).toBe('2');
    expect(payloads[0]!.ns?.rnb?.campaigns?.value).toBe('summer-sale');
    expect(new Set(responses.map((response) => response.headers.get(VARIANT_HEADER))).size).toBe(1);
    expect(new Set(responses.map((response) => cookiesOf(response).vtex_segment)).size).toBe(1);
  });

  it('mints apart for another host or other inputs', async () => {
    const mw = middleware();
    const plain = cookiesOf(await mw(request('/')));
    const usa = cookiesOf(await mw(request('/?sc=2')));
    const campaign = cookiesOf(await mw(request('/?utm_campaign=summer')));
    expect(decodeSegmentToken(usa.vtex_segment!).channel).toBe('2');
    expect(decodeSegmentToken(plain.vtex_segment!).channel).toBe('1');
    expect(decodeSegmentToken(campaign.vtex_segment!).campaigns).toBe('summer-sale');
    // The store transform binds a host to its channel: a second host is minted for itself.
    const config = { ...storeConfig, channels: storeConfig.channels.map((channel) => (channel.id === '2' ? { ...channel, hosts: ['us.shop.example'] } : channel)) };
    const bound = middleware({ config, transforms: [storeTransform(config)] });
    const onUs = cookiesOf(await bound(request('/', {}, 'http://us.shop.example')));
    const onBr = cookiesOf(await bound(request('/', {}, 'http://br.shop.example')));
    expect([decodeSegmentToken(onUs.vtex_segment!).channel, decodeSegmentToken(onBr.vtex_segment!).channel]).toEqual(['2', '1']);
  });

  it('a fresh session after an expired token still carries its keepAlive values, every time', async () => {
    const mw = middleware();
    const codec = new TokenCodec({ secrets: [SECRET], now: () => clock });
    for (const loyalty of ['gold', 'silver']) {
      const expired = await codec.seal({ id: `old-${loyalty}`, v: 2, exp: clock - 1, ns: { public: { loyalty: { value: loyalty, keepAlive: true } } } });
      const fresh = await unseal(cookiesOf(await mw(request('/', { vtex_session: expired }))).vtex_session!);
      expect(fresh.ns?.public?.loyalty).toEqual({ value: loyalty, keepAlive: true });
    }
  });
});

describe('session middleware: deferred first visits (the default)', () => {
  // The option left out: the default.
  const deferring = (overrides: Partial<SessionMiddlewareOptions> = {}) => middleware({ firstVisits: undefined, ...overrides });
  const browser = (path: string, cookies: Record<string, string> = {}) => from(path, { 'sec-fetch-mode': 'navigate' }, cookies);

  it('serves a cookie-less first visit with nothing to keep the page every new visitor gets, setting no cookie', async () => {
    const minted = await middleware()(browser('/p/shirt'));
    for (const mw of [deferring(), deferring({ firstVisits: 'defer' })]) {
      expectNewVisitorsPage(await mw(browser('/p/shirt')), minted, 'deferred');
    }
  });

  it("answers a deferred first visit without a promise once its host's template is known", async () => {
    const mw = deferring();
    await mw(browser('/'));
    const later = mw(browser('/p/shirt'));
    expect(later).not.toBeInstanceOf(Promise);
    expect(pageSessionOf(later as NextResponse)!.outcome).toBe('deferred');
  });

  it('serves a first visit from a link (a campaign, a channel) the page its URL inputs make, setting no cookie', async () => {
    const mw = deferring();
    for (const path of ['/?utm_campaign=summer', '/?sc=2', '/p/shirt?sc=2&utm_campaign=summer', '/search?q=mug&page=2']) {
      expectNewVisitorsPage(await mw(browser(path)), await middleware()(browser(path)), 'deferred');
    }
    expect(pageSessionOf(await mw(browser('/?sc=2')))!.segment.channel).toBe('2');
    expect(pageSessionOf(await mw(browser('/?utm_campaign=summer')))!.segment.campaigns).toBe('summer-sale');
    // A channel the store does not have still lands on a page: the campaign's alone.
    expect(pageSessionOf(await mw(browser('/?sc=99&utm_campaign=summer')))!.segment).toMatchObject({ channel: '1', campaigns: 'summer-sale' });
  });

  it("mints a navigation from the store's own pages that brings URL inputs and no cookie: a visitor without scripts switching channel", async () => {
    const mw = deferring();
    const own = (path: string) => from(path, { 'sec-fetch-mode': 'navigate', 'sec-fetch-site': 'same-origin' });
    const switched = await mw(own('/p/shirt?sc=2'));
    expect(pageSessionOf(switched)!.outcome).toBe('new');
    expect(decodeSegmentToken(cookiesOf(switched).vtex_segment!).channel).toBe('2');
    // Without inputs there is nothing to keep.
    expect(pageSessionOf(await mw(own('/p/shirt')))!.outcome).toBe('deferred');
    // A landing from elsewhere, or a script's own request, leaves it to the provider's first read.
    for (const site of ['none', 'cross-site', 'same-site']) {
      expect(pageSessionOf(await mw(from('/p/shirt?sc=2', { 'sec-fetch-mode': 'navigate', 'sec-fetch-site': site })))!.outcome, site).toBe('deferred');
    }
    // A script's own request for the page (Next's router) is declined: the link is loaded as a document.
    const fetched = await mw(from('/p/shirt?sc=2', { 'sec-fetch-mode': 'cors', 'sec-fetch-site': 'same-origin' }));
    expect([fetched.status, fetched.headers.getSetCookie()]).toEqual([204, []]);
  });

  it('still replaces a forged or an expired cookie: a visitor who sent one gets a fresh session and both cookies', async () => {
    const mw = deferring();
    const forged = await mw(browser('/', { vtex_session: 'Fe26.2*1*forged' }));
    expect(pageSessionOf(forged)!.outcome).toBe('invalid');
    expect(Object.keys(cookiesOf(forged)).sort()).toEqual(['vtex_segment', 'vtex_session']);
    const expired = await new TokenCodec({ secrets: [SECRET], now: () => clock }).seal({ id: 'old-visitor', v: 1, exp: clock - 1000, ns: {} });
    const renewed = await mw(browser('/', { vtex_session: expired }));
    expect(pageSessionOf(renewed)!.outcome).toBe('expired');
    expect((await unseal(cookiesOf(renewed).vtex_session!)).id).not.toBe('old-visitor');
  });

  it("lands the session the Sessions API's first read starts, with the page's query, on the variant the deferred page had", async () => {
    const mw = deferring();
    // The API runs I/O transforms; this store has none that runs on a new session.
    const kit = createSessionKit({ config: storeConfig, transforms: [storeTransform(storeConfig), campaignTransform], store: () => cookieStore(), secrets: () => [SECRET], engine: { now: () => clock } });
    const { GET } = createSessionsRoute(kit);
    const queries = ['', '?utm_campaign=summer&utm_source=mail', '?sc=2', '?sc=99&utm_campaign=summer', '?utm_campaign=summer&utm_content=ad-42&utm_term=mug', '?utm_content=ad-43'];
    for (const query of queries) {
      const deferred = await mw(browser(`/p/shirt${query}`));
      // SessionProvider's first read: its items, then the page's own query.
      const read = await GET(new NextRequest(`${ORIGIN}/api/sessions?items=public.utm_campaign,store.channel${query.replace('?', '&')}`));
      expect(read.status).toBe(200);
      const cookies = cookiesOf(read);
      expect(Object.keys(cookies).sort()).toEqual(['vtex_segment', 'vtex_session']);
      const session = (await read.json()) as { namespaces: { public?: Record<string, { value: string }> } };
      expect(session.namespaces.public?.utm_campaign?.value).toBe(new URLSearchParams(query).get('utm_campaign') ?? undefined);
      // The next page, without the link's query: the same variant, from the cookie.
      const returning = await mw(browser('/p/shirt', cookies));
      expect(pageSessionOf(returning)!.outcome).toBe('existing');
      expect(returning.headers.getSetCookie()).toEqual([]);
      expect(returning.headers.get(VARIANT_HEADER)).toBe(deferred.headers.get(VARIANT_HEADER));
      expect(pageSessionOf(returning)!.segment).toEqual(pageSessionOf(deferred)!.segment);
    }
  });

  it('shares one template among first visits from a link whose inputs differ only where the segment does not look (a per-click utm_content): nothing minted or sealed for each', async () => {
    const mw = deferring();
    const minting = middleware();
    await mw(browser('/p/shirt?utm_campaign=summer'));
    await mw(browser('/p/shirt'));
    seals.count = 0;
    for (let click = 0; click < 20; click++) {
      const path = `/p/shirt?utm_campaign=summer&utm_content=ad-${click}&utm_term=mug&utm_medium=cpc`;
      const response = mw(browser(path));
      expect(response).not.toBeInstanceOf(Promise);
      expect(pageSessionOf(response as NextResponse)!.segment.campaigns).toBe('summer-sale');
      // Its variant and segment are those of a visit minted with all of its inputs.
      if (click % 5 === 0) {
        const count = seals.count;
        expectNewVisitorsPage(response as NextResponse, await minting(browser(path)), 'deferred');
        seals.count = count;
      }
    }
    // Inputs the segment never reads alone: the host's template (its room sealed once, when first asked).
    for (let click = 0; click < 20; click++) expect(pageSessionOf(await mw(browser(`/p/shirt?utm_content=ad-${click}`)))!.code).toBe(pageSessionOf(await mw(browser('/p/shirt')))!.code);
    expect(seals.count).toBeLessThanOrEqual(1);
    // A crawler following an ad's link too.
    const crawled = await mw(from('/p/shirt?utm_campaign=summer&utm_content=ad-99', { 'user-agent': GOOGLEBOT }));
    expect(pageSessionOf(crawled)!.segment.campaigns).toBe('summer-sale');
    expect(seals.count).toBeLessThanOrEqual(1);
  });

  it('takes the whole mint for inputs that could crowd the segment out of the cookie, so the page shows what the Sessions API will keep', async () => {
    const mw = deferring();
    const kit = createSessionKit({ config: storeConfig, transforms: [storeTransform(storeConfig), campaignTransform], store: () => cookieStore(), secrets: () => [SECRET], engine: { now: () => clock } });
    const { GET } = createSessionsRoute(kit);
    const summer = pageSessionOf(await mw(browser('/p/shirt?utm_campaign=summer')))!;
    const plain = pageSessionOf(await mw(browser('/p/shirt')))!;
    // Four values of 1,000 characters: with them the session's token is over its 3,900-byte budget.
    const bulky = ['utm_a', 'utm_b', 'utm_c', 'utm_d'].map((key) => `&${key}=${'x'.repeat(1000)}`).join('');
    const query = `?utm_campaign=summer${bulky}`;
    const deferred = pageSessionOf(await mw(browser(`/p/shirt${query}`)))!;
    // The API cannot keep them all, nor the campaign without them (fallbacks: without sc, sc alone, none).
    const read = await GET(new NextRequest(`${ORIGIN}/api/sessions?items=public.utm_campaign${query.replace('?', '&')}`));
    expect(read.status, await read.clone().text()).toBe(200);
    const started = pageSessionOf(await mw(browser('/p/shirt', cookiesOf(read))))!;
    expect(started.code).toBe(deferred.code);
    expect(deferred.code).toBe(plain.code);
    expect(deferred.code).not.toBe(summer.code);
  });

  it("a read with the page's query changes nothing the session already holds, and applies what it lacks", async () => {
    const kit = createSessionKit({ config: storeConfig, transforms: [storeTransform(storeConfig), campaignTransform], store: () => cookieStore(), secrets: () => [SECRET], engine: { now: () => clock } });
    const { GET } = createSessionsRoute(kit);
    const read = (query: string, cookies: Record<string, string> = {}) =>
      GET(new NextRequest(`${ORIGIN}/api/sessions?items=public.utm_campaign${query}`, { headers: { cookie: Object.entries(cookies).map(([name, value]) => `${name}=${value}`).join('; ') } }));
    const started = cookiesOf(await read('&utm_campaign=summer'));
    const again = await read('&utm_campaign=summer&q=mug', started);
    expect(again.headers.getSetCookie()).toEqual([]);
    const other = await read('&utm_campaign=winter', started);
    expect(Object.keys(cookiesOf(other)).sort()).toEqual(['vtex_segment', 'vtex_session']);
    expect(((await other.json()) as { namespaces: { public: Record<string, { value: string }> } }).namespaces.public.utm_campaign!.value).toBe('winter');
    // A channel the store refuses, and nothing else: a plain read, which starts the host's template.
    const refused = await read('&sc=99');
    expect(refused.status).toBe(200);
    expect(isPristinePayload(await unseal(cookiesOf(refused).vtex_session!))).toBe(true);
  });

  it('leaves crawlers as they were: no session, even with URL inputs', async () => {
    const response = await deferring()(from('/?utm_campaign=summer', { 'user-agent': GOOGLEBOT }));
    expect(response.headers.getSetCookie()).toEqual([]);
    expect(pageSessionOf(response)!.outcome).toBe('crawler');
  });
});

describe('session middleware: crawlers', () => {

  it('serves a cookie-less crawler the variant a new visitor of its URL gets, sealing nothing and setting no cookie', async () => {
    const mw = middleware();
    for (const path of ['/p/shirt', '/p/shirt?sc=2&utm_campaign=summer']) {
      const visitor = await mw(from(path, { 'user-agent': CHROME }));
      expectNewVisitorsPage(await mw(from(path, { 'user-agent': GOOGLEBOT })), visitor, 'crawler');
    }
    expect(pageSessionOf(await mw(from('/?sc=2', { 'user-agent': GOOGLEBOT })))!.segment.channel).toBe('2');
  });

  it('a crawler first on a URL fills the template its visitors are then minted from, and takes no session', async () => {
    const mw = middleware();
    const crawler = await mw(from('/?utm_campaign=summer', { 'user-agent': GOOGLEBOT }));
    expect(crawler.headers.getSetCookie()).toEqual([]);
    expect(pageSessionOf(crawler)!.segment.campaigns).toBe('summer-sale');
    const visitor = mw(from('/?utm_campaign=summer', { 'user-agent': CHROME }));
    expect(visitor).not.toBeInstanceOf(Promise);
    expect((visitor as NextResponse).headers.get(VARIANT_HEADER)).toBe(crawler.headers.get(VARIANT_HEADER));
    expect(decodeSegmentToken(cookiesOf(visitor as NextResponse).vtex_segment!).campaigns).toBe('summer-sale');
  });

  it('mints for a bot name sent with Fetch Metadata (a browser, Node\'s fetch), a script with none, and any crawler carrying a cookie', async () => {
    const mw = middleware();
    const minted = (response: NextResponse) => Object.keys(cookiesOf(response)).sort();
    expect(minted(await mw(from('/', { 'user-agent': 'node', 'sec-fetch-mode': 'cors' })))).toEqual(['vtex_segment', 'vtex_session']);
    expect(minted(await mw(from('/', { 'user-agent': CHROME, 'sec-fetch-mode': 'navigate' })))).toEqual(['vtex_segment', 'vtex_session']);
    expect(minted(await mw(from('/', {})))).toEqual(['vtex_segment', 'vtex_session']);
    expect(minted(await mw(from('/', { 'user-agent': 'curl/8.5.0' })))).toEqual([]);
    // A crawler that kept a cookie is a returning visitor; one whose cookie is forged gets a fresh session.
    const cookies = cookiesOf(await mw(request('/')));
    expect(pageSessionOf(await mw(from('/', { 'user-agent': GOOGLEBOT }, cookies)))!.outcome).toBe('existing');
    expect(minted(await mw(from('/', { 'user-agent': GOOGLEBOT }, { vtex_session: 'Fe26.2*1*forged' })))).toEqual(['vtex_segment', 'vtex_session']);
  });

  it('follows a store\'s own rule, and mints for everyone given () => false', async () => {
    const tagged = middleware({ isCrawler: (req) => req.headers.get('x-monitor') === '1' });
    expect((await tagged(from('/', { 'x-monitor': '1' }))).headers.getSetCookie()).toEqual([]);
    expect((await tagged(from('/', { 'user-agent': GOOGLEBOT }))).headers.getSetCookie()).toHaveLength(2);
    const everyone = middleware({ isCrawler: () => false });
    expect((await everyone(from('/', { 'user-agent': GOOGLEBOT }))).headers.getSetCookie()).toHaveLength(2);
  });

  it('still refuses a variant path to a crawler', async () => {
    const mw = middleware();
    const code = (await mw(request('/'))).headers.get(VARIANT_HEADER);
    const refused = await mw(from(`/${code}/p/shirt`, { 'user-agent': GOOGLEBOT }));
    expect(refused.status).toBe(404);
    expect(refused.headers.getSetCookie()).toEqual([]);
  });
});

describe('session middleware: promises on the common paths', () => {
  const settled = (response: ReturnType<ReturnType<typeof middleware>>): NextResponse => {
    expect(response).not.toBeInstanceOf(Promise);
    return response as NextResponse;
  };

  it('answers a returning visitor it has seen without a promise', async () => {
    const mw = middleware();
    const cookies = cookiesOf(await mw(request('/')));
    expect(settled(mw(request('/p/shirt', cookies))).headers.get('server-timing')).toMatch(/desc="existing"/);
  });

  it('answers a returning visitor new to the instance, and one due for renewal, without a promise', async () => {
    const cookies = cookiesOf(await middleware()(request('/')));
    const cold = middleware();
    expect(settled(cold(request('/p/shirt', cookies))).headers.get('server-timing')).toMatch(/desc="existing"/);
    clock += DEFAULT_RENEW_AFTER_SECONDS * 1000 + 1000;
    const renewed = settled(middleware()(request('/p/shirt', cookies)));
    expect(renewed.headers.get('server-timing')).toMatch(/desc="renewed"/);
    expect(cookiesOf(renewed).vtex_session).not.toBe(cookies.vtex_session);
  });

  it('answers a first visit without a promise once its host and inputs were minted for, and a forged or a variant path too', async () => {
    const mw = middleware();
    await mw(request('/?sc=2'));
    const again = settled(mw(request('/p/shirt?sc=2')));
    expect(again.headers.get('server-timing')).toMatch(/desc="new"/);
    expect(decodeSegmentToken(cookiesOf(again).vtex_segment!).channel).toBe('2');
    await mw(request('/'));
    expect(settled(mw(request('/', { vtex_session: 'Fe26.2*1*forged' }))).headers.get('server-timing')).toMatch(/desc="invalid"/);
    expect(settled(mw(request(`/${again.headers.get(VARIANT_HEADER)}/p/shirt`))).status).toBe(404);
  });
});
