import { NextRequest, NextResponse } from 'next/server';
import { ResponseCookies } from 'next/dist/compiled/@edge-runtime/cookies';
import { describe, expect, it } from 'vitest';
import { serializeRawCookie, setSessionCookies, shouldUseSecureCookies, DEFAULT_COOKIE_NAMES } from '@/lib/next/cookies';
import { createSessionKit, type SessionKit } from '@/lib/next/kit';
import { putSessionCookies } from '@/lib/next/respond';
import { decodeSegment } from '@/lib/react/segment-cookie';
import type { IssuedTokens } from '@/lib/session/engine';
import { decodeSegmentToken } from '@/lib/session/segment';
import { commerceEngine, SECRET } from '../support/commerce-engine';
import { memoryStore } from '@/lib/session/stores/memory';
import { storeConfig } from '@/store.config';

const NAMES = DEFAULT_COOKIE_NAMES;
const HOUR = 60 * 60 * 1000;
/** UTM values whose segment tokens hold standard base64's "/" or "+" (found by trying them, asserted below). */
const AWKWARD_CAMPAIGNS = ['natal??', 'natal?>', 'apromoção', 'promo?>', 'natal???'];

/** Real tokens from the demo's engine for a visitor who arrived with each awkward campaign. */
async function awkwardTokens(): Promise<IssuedTokens[]> {
  const engine = commerceEngine();
  const issued: IssuedTokens[] = [];
  for (const utm_campaign of AWKWARD_CAMPAIGNS) {
    const result = await engine.write(null, { public: { utm_campaign } });
    issued.push(await engine.issue(result.session, result.storedVersion));
  }
  expect(issued.some((t) => t.segmentToken.includes('/')), 'a token with "/"').toBe(true);
  expect(issued.some((t) => t.segmentToken.includes('+')), 'a token with "+"').toBe(true);
  return issued;
}

/** name -> value of every Set-Cookie line, exactly as sent. */
function sentCookies(headers: Headers): [string, string][] {
  return headers.getSetCookie().map((line) => {
    const pair = line.split(';')[0]!;
    const eq = pair.indexOf('=');
    return [pair.slice(0, eq), pair.slice(eq + 1)];
  });
}

function testKit(production: boolean): SessionKit {
  const kit = createSessionKit({ config: storeConfig, transforms: [], store: () => memoryStore(), secrets: () => [SECRET] });
  return { ...kit, production };
}

describe('setSessionCookies on a response with headers', () => {
  it('sends both cookies byte for byte as issued, even with "/" and "+" in the segment token', async () => {
    for (const tokens of await awkwardTokens()) {
      const response = NextResponse.json({});
      setSessionCookies(response, tokens, { names: NAMES, expiresAt: Date.now() + HOUR, secure: false });
      expect(sentCookies(response.headers)).toEqual([
        ['vtex_session', tokens.sessionToken],
        ['vtex_segment', tokens.segmentToken],
      ]);
      expect(response.headers.get('set-cookie')).not.toMatch(/%2[FB]/i);
      // Next's own view of the response's cookies still knows both, decoded.
      expect(response.cookies.get('vtex_segment')?.value).toBe(tokens.segmentToken);
      expect(response.headers.get('cache-control')).toBe('private, no-store');
    }
  });

  it('keeps the attributes: HttpOnly on the session only, Path, SameSite=lax, Max-Age, Expires, Secure when asked', async () => {
    const [tokens] = await awkwardTokens();
    const now = Date.UTC(2026, 0, 1);
    const response = NextResponse.json({});
    setSessionCookies(response, tokens!, { names: NAMES, expiresAt: now + HOUR, secure: true, now });
    const [session, segment] = response.headers.getSetCookie();
    expect(session).toBe(`vtex_session=${tokens!.sessionToken}; Path=/; Expires=Thu, 01 Jan 2026 01:00:00 GMT; Max-Age=3600; Secure; HttpOnly; SameSite=lax`);
    expect(segment).toBe(`vtex_segment=${tokens!.segmentToken}; Path=/; Expires=Thu, 01 Jan 2026 01:00:00 GMT; Max-Age=3600; Secure; SameSite=lax`);
  });

  it('replaces earlier lines of the same cookies and keeps other cookies, without duplicates', async () => {
    const [first, second] = await awkwardTokens();
    const response = NextResponse.rewrite(new URL('http://localhost/x'));
    response.cookies.set('theme', 'dark');
    setSessionCookies(response, first!, { names: NAMES, expiresAt: Date.now() + HOUR, secure: false });
    setSessionCookies(response, second!, { names: NAMES, expiresAt: Date.now() + HOUR, secure: false });
    expect(sentCookies(response.headers)).toEqual([
      ['theme', 'dark'],
      ['vtex_session', second!.sessionToken],
      ['vtex_segment', second!.segmentToken],
    ]);
  });

  it('passes the cookies to the page behind a middleware rewrite (x-middleware-set-cookie), decoded to the tokens', async () => {
    const tokens = (await awkwardTokens()).find((t) => t.segmentToken.includes('/'))!;
    const response = NextResponse.rewrite(new URL('http://localhost/x'));
    setSessionCookies(response, tokens, { names: NAMES, expiresAt: Date.now() + HOUR, secure: false });
    const forPage = new Headers();
    for (const line of response.headers.get('x-middleware-set-cookie')!.split(/,(?=\s*vtex_)/)) forPage.append('set-cookie', line);
    expect(new ResponseCookies(forPage).get('vtex_segment')?.value).toBe(tokens.segmentToken);
  });

  it('a cookie set or deleted through response.cookies afterwards keeps both session cookies, decoded to the tokens', async () => {
    const tokens = (await awkwardTokens()).find((t) => t.segmentToken.includes('/'))!;
    for (const response of [NextResponse.json({}), NextResponse.rewrite(new URL('http://localhost/x')), NextResponse.next()]) {
      setSessionCookies(response, tokens, { names: NAMES, expiresAt: Date.now() + HOUR, secure: false });
      response.cookies.set('theme', 'dark');
      response.cookies.delete('theme');
      response.cookies.set('lang', 'pt');
      const sent = Object.fromEntries(sentCookies(response.headers));
      expect(Object.keys(sent).sort()).toEqual(['lang', 'theme', 'vtex_segment', 'vtex_session']);
      expect(sent.vtex_session).toBe(tokens.sessionToken);
      expect(decodeURIComponent(sent.vtex_segment!)).toBe(tokens.segmentToken);
      expect(response.cookies.get('vtex_segment')?.value).toBe(tokens.segmentToken);
      // Only a middleware's response tells the page behind it.
      const forPage = response.headers.get('x-middleware-set-cookie');
      if (response.headers.has('x-middleware-rewrite') || response.headers.has('x-middleware-next')) {
        const page = new Headers();
        for (const line of forPage!.split(/,(?=\s*[a-z_]+=)/)) page.append('set-cookie', line);
        expect(new ResponseCookies(page).get('vtex_segment')?.value).toBe(tokens.segmentToken);
        expect(new ResponseCookies(page).get('lang')?.value).toBe('pt');
      } else {
        expect(forPage).toBeNull();
      }
    }
  });

  it('percent-encodes a value that is not a cookie-octet string (never a token) instead of sending it broken', () => {
    expect(serializeRawCookie('k', 'a b;c', { maxAge: 1, now: 0, secure: false, httpOnly: false })).toMatch(/^k=a%20b%3Bc; /);
    expect(serializeRawCookie('k', 'ab/+=', { maxAge: 1, now: 0, secure: false, httpOnly: false })).toMatch(/^k=ab\/\+=; /);
  });
});

describe('setSessionCookies on next/headers’ cookie store (server actions: no headers)', () => {
  it('sets both through the store, which percent-encodes, and the values still read back as the tokens', async () => {
    const tokens = (await awkwardTokens()).find((t) => t.segmentToken.includes('/'))!;
    const headers = new Headers();
    const store = new ResponseCookies(headers);
    setSessionCookies({ cookies: store }, tokens, { names: NAMES, expiresAt: Date.now() + HOUR, secure: false });
    expect(store.get('vtex_segment')?.value).toBe(tokens.segmentToken);
    const sent = Object.fromEntries(sentCookies(headers));
    expect(sent.vtex_segment).toBe(encodeURIComponent(tokens.segmentToken));
    expect(sent.vtex_segment).toMatch(/%2F/);
  });
});

describe('readers take raw and percent-encoded cookies alike', () => {
  it('NextRequest cookies (middleware, API) and lib/react’s segment cookie decode both spellings', async () => {
    for (const tokens of await awkwardTokens()) {
      for (const spelling of [tokens.segmentToken, encodeURIComponent(tokens.segmentToken)]) {
        const request = new NextRequest('http://localhost/', { headers: { cookie: `vtex_session=${tokens.sessionToken}; vtex_segment=${spelling}` } });
        expect(request.cookies.get('vtex_segment')?.value).toBe(tokens.segmentToken);
        expect(request.cookies.get('vtex_session')?.value).toBe(tokens.sessionToken);
        expect(decodeSegment(spelling)).toEqual(decodeSegmentToken(tokens.segmentToken));
      }
    }
  });
});

describe('Secure cookies', () => {
  const cases: [string, string, boolean, boolean][] = [
    ['production over plain http on a public host', 'http://shop.example/api/sessions', true, true],
    ['production over https', 'https://shop.example/api/sessions', true, true],
    ['development over https', 'https://shop.example/', false, true],
    ['production on localhost over http', 'http://localhost:3000/', true, false],
    ['production on 127.0.0.1 over http', 'http://127.0.0.1:3000/', true, false],
    ['production on [::1] over http', 'http://[::1]:3000/', true, false],
    ['development over http on a public host', 'http://shop.example/', false, false],
  ];
  for (const [what, url, production, secure] of cases) {
    it(`${what}: ${secure ? 'Secure' : 'not Secure'}`, async () => {
      expect(shouldUseSecureCookies(new URL(url), production)).toBe(secure);
      const [tokens] = await awkwardTokens();
      const response = NextResponse.json({});
      putSessionCookies(testKit(production), new Request(url), response, tokens!, Date.now() + HOUR);
      const lines = response.headers.getSetCookie();
      expect(lines).toHaveLength(2);
      for (const line of lines) expect(/;\s*Secure(;|$)/i.test(line), line).toBe(secure);
    });
  }
});

describe('serializeRawCookie attributes', () => {
  it('gives every line its own flags and the expiry of its own second, whatever lines came before', () => {
    const now = Date.UTC(2026, 11, 5, 19, 23, 58, 400);
    const session = serializeRawCookie('vtex_session', 'Fe26.2*1*a*b*c**d*e~2', { maxAge: 60, now, secure: true, httpOnly: true });
    const segment = serializeRawCookie('vtex_segment', 'eyJ9', { maxAge: 60, now: now + 500, secure: false, httpOnly: false });
    expect(session).toBe('vtex_session=Fe26.2*1*a*b*c**d*e~2; Path=/; Expires=Sat, 05 Dec 2026 19:24:58 GMT; Max-Age=60; Secure; HttpOnly; SameSite=lax');
    expect(segment).toBe('vtex_segment=eyJ9; Path=/; Expires=Sat, 05 Dec 2026 19:24:58 GMT; Max-Age=60; SameSite=lax');
    // The next second, and another max-age, each get their own expiry.
    expect(serializeRawCookie('a', 'b', { maxAge: 60, now: now + 700, secure: true, httpOnly: true })).toContain('Expires=Sat, 05 Dec 2026 19:24:59 GMT; Max-Age=60; Secure; HttpOnly');
    expect(serializeRawCookie('a', 'b', { maxAge: 0, now: now + 700, secure: false, httpOnly: false })).toBe('a=b; Path=/; Expires=Sat, 05 Dec 2026 19:23:59 GMT; Max-Age=0; SameSite=lax');
  });
});
