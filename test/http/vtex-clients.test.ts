import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CookieJar } from '../support/cookie-jar';
import { CHROME_NAVIGATION } from '../support/clients';
import { startServer, type RunningServer } from '../support/next-server';
import { adminClient, dropKeys, REDIS_URL, testPrefix, type AdminClient } from '../support/redis';
import {
  browserFetchHeaders,
  FASTSTORE_ITEMS,
  FASTSTORE_USER_AGENT,
  RENDER_SESSION_ITEMS,
  sendRaw,
  type RawResponse,
} from '../support/vtex-clients';

/**
 * Real VTEX clients, unmodified, against the Sessions API over `next start`: each
 * test sends, byte for byte, what the client's file (named in the test) sends, and
 * asserts on the fields that client reads from the answer. docs/vtex-clients.md
 * sums them up.
 */

const ACCOUNT_ID = '6f2a7b54-0c1e-4d55-9d8e-2a1b3c4d5e6f';
const SP_REGION = Buffer.from('SW#1;sp-centro;sp-express').toString('base64');

/** What `JSON.parse(atob(segment))` gives, as every client of `vtex_segment` decodes it. */
const segmentOf = (token: string) => JSON.parse(atob(token));

/** The `Cookie` header a browser sends, `name=value; name=value`, or none. */
const browserCookie = (cookies: Record<string, string>) =>
  Object.entries(cookies)
    .map(([name, value]) => `${name}=${value}`)
    .join('; ');

// deco-cx/apps utils/normalize.ts removeNonLatin1Chars, and vtex/utils/segment.ts serialize and parse, as written there.
const removeNonLatin1Chars = (str: string): string => str.replace(/[^\x00-\x7F]|["']/g, '');
type DecoSegment = Partial<Record<string, string | null | undefined>>;
const decoSerialize = ({
  campaigns, channel, priceTables, regionId, utm_campaign, utm_source, utm_medium, utmi_campaign, utmi_page, utmi_part,
  currencyCode, currencySymbol, countryCode, cultureInfo, channelPrivacy,
}: DecoSegment) => {
  const seg = {
    campaigns,
    channel,
    priceTables,
    regionId,
    utm_campaign: utm_campaign && removeNonLatin1Chars(utm_campaign).replace(/[/[\]{}()<>.]/g, ''),
    utm_source: utm_source && removeNonLatin1Chars(utm_source).replace(/[/[\]{}()<>.]/g, ''),
    utm_medium: utm_medium && removeNonLatin1Chars(utm_medium).replace(/[/[\]{}()<>.]/g, ''),
    utmi_campaign: utmi_campaign && removeNonLatin1Chars(utmi_campaign),
    utmi_page: utmi_page && removeNonLatin1Chars(utmi_page),
    utmi_part: utmi_part && removeNonLatin1Chars(utmi_part),
    currencyCode,
    currencySymbol,
    countryCode,
    cultureInfo,
    channelPrivacy,
  };
  return btoa(JSON.stringify(seg));
};
const decoParse = (cookie: string) => {
  try {
    return JSON.parse(atob(cookie));
  } catch {
    return null;
  }
};

const STORES = ['cookie', 'redis'] as const;

for (const storeName of STORES) {
  describe(`real VTEX clients, unmodified, against the Sessions API (${storeName} store)`, () => {
    let server: RunningServer;
    let admin: AdminClient | undefined;
    const prefix = testPrefix('vtex-clients');

    beforeAll(async () => {
      if (storeName === 'redis') {
        admin = await adminClient();
        server = await startServer({ SESSION_STORE: 'redis', REDIS_URL, REDIS_PREFIX: prefix });
      } else {
        server = await startServer({ SESSION_STORE: 'cookie' });
      }
    });
    afterAll(async () => {
      await server?.stop();
      if (admin) {
        await dropKeys(admin, prefix);
        await admin.close();
      }
    });

    const send = (method: string, path: string, headers: [string, string][], body?: string) => sendRaw(server.url, method, path, headers, body);

    /** A browser's first page view, scripts included: the page, and the provider's first call that starts the session. */
    async function pageVisit(path = '/'): Promise<CookieJar> {
      const jar = new CookieJar();
      const { page } = await jar.visit(server.url, path);
      expect(page.status).toBe(200);
      expect(jar.get('vtex_session')).toBeTruthy();
      return jar;
    }

    /** The JSON a successful client call gets, after checking it is JSON with `status`. */
    function answer(response: RawResponse, status: number) {
      expect(response.status, response.text).toBe(status);
      expect(response.contentType).toMatch(/application\/json/);
      return response.json();
    }

    describe('FastStore (vtex/faststore packages/api)', () => {
      /** clients/commerce/index.ts `session` through clients/fetch.ts fetchAPI (node-fetch adds the last three). */
      const fastStoreHeaders = (cookie?: string): [string, string][] => [
        ['content-type', 'application/json'],
        ...(cookie ? ([['cookie', cookie]] as [string, string][]) : []),
        ['User-Agent', FASTSTORE_USER_AGENT],
        ['Accept', '*/*'],
        ['Accept-Encoding', 'gzip,deflate'],
        ['Connection', 'close'],
      ];

      it('resolvers/validateSession.ts: a new visitor, POST ?sc=2&utm_source=…&locale=en-US with body {}', async () => {
        const response = await send('POST', `/api/sessions?sc=2&utm_source=newsletter&locale=en-US&${FASTSTORE_ITEMS}`, fastStoreHeaders(), '{}');
        const session = answer(response, 201);
        // validateSession reads store.*, checkout.regionId, profile.* (person) and shopper.* (absent: another app's).
        expect(session.namespaces).toEqual({
          store: {
            channel: { value: '2' },
            countryCode: { value: 'USA' },
            cultureInfo: { value: 'en-US' },
            currencyCode: { value: 'USD' },
            currencySymbol: { value: '$' },
          },
        });
        // storeCookies hands both cookies to the browser; the segment carries the channel, culture and UTM.
        expect(Object.keys(response.cookies).sort()).toEqual(['vtex_segment', 'vtex_session']);
        expect(segmentOf(response.cookies.vtex_segment!)).toMatchObject({ channel: '2', cultureInfo: 'en-US', currencyCode: 'USD', utm_source: 'newsletter' });
      });

      it('resolvers/validateSession.ts: locale sets store.cultureInfo (and the segment) when the channel offers it, else is ignored', async () => {
        const first = await send('POST', `/api/sessions?sc=1&locale=en-US&${FASTSTORE_ITEMS}`, fastStoreHeaders(), '{}');
        expect(answer(first, 201).namespaces.store).toMatchObject({ channel: { value: '1' }, cultureInfo: { value: 'en-US' }, currencyCode: { value: 'BRL' } });
        expect(segmentOf(first.cookies.vtex_segment!).cultureInfo).toBe('en-US');

        const again = await send('PATCH', `/api/sessions?sc=1&locale=fr-FR&${FASTSTORE_ITEMS}`, fastStoreHeaders(browserCookie(first.cookies)), '{}');
        expect(answer(again, 200).namespaces.store.cultureInfo).toEqual({ value: 'pt-BR' });
        expect(segmentOf(again.cookies.vtex_segment!).cultureInfo).toBe('pt-BR');
      });

      it('resolvers/validateSession.ts: a returning visitor, PATCH with a postal code and geoCoordinates "lng,lat"', async () => {
        const first = await send('POST', `/api/sessions?sc=1&locale=pt-BR&${FASTSTORE_ITEMS}`, fastStoreHeaders(), '{}');
        expect(first.status).toBe(201);
        const cookie = browserCookie(first.cookies);
        const response = await send(
          'PATCH',
          `/api/sessions?sc=1&postalCode=01310-100&country=BRA&geoCoordinates=-46.6558819%2C-23.5613991&locale=pt-BR&${FASTSTORE_ITEMS}`,
          fastStoreHeaders(cookie),
          '{}',
        );
        const session = answer(response, 200);
        expect(session.id).toBe(answer(first, 201).id);
        expect(session.namespaces).toEqual({
          store: {
            channel: { value: '1' },
            countryCode: { value: 'BRA' },
            cultureInfo: { value: 'pt-BR' },
            currencyCode: { value: 'BRL' },
            currencySymbol: { value: 'R$' },
          },
          checkout: { regionId: { value: SP_REGION } },
          public: { postalCode: { value: '01310-100' } },
        });
        expect(segmentOf(response.cookies.vtex_segment!).regionId).toBe(SP_REGION);
        const stored = await send('GET', '/api/sessions?items=public.geoCoordinates,public.country', [['cookie', browserCookie(response.cookies)]]);
        expect(answer(stored, 200).namespaces.public).toEqual({ geoCoordinates: { value: '-46.6558819,-23.5613991' }, country: { value: 'BRA' } });
      });

      it('resolvers/validateSession.ts on every page view: the same PATCH again answers the same session with the tokens the browser holds, and sets no cookie', async () => {
        const first = await send('POST', `/api/sessions?sc=1&locale=pt-BR&${FASTSTORE_ITEMS}`, fastStoreHeaders(), '{}');
        const search = `/api/sessions?sc=1&postalCode=01310-100&country=BRA&geoCoordinates=-46.6558819%2C-23.5613991&locale=pt-BR&${FASTSTORE_ITEMS}`;
        const chosen = await send('PATCH', search, fastStoreHeaders(browserCookie(first.cookies)), '{}');
        expect(Object.keys(chosen.cookies).sort()).toEqual(['vtex_segment', 'vtex_session']);
        const cookies = chosen.cookies;

        const again = await send('PATCH', search, fastStoreHeaders(browserCookie(cookies)), '{}');
        expect(answer(again, 200)).toEqual(answer(chosen, 200));
        // storeCookies has nothing to forward: the browser keeps the cookies it has, which say this session.
        expect(again.setCookies).toEqual([]);
        expect(again.header('x-segment-variant')).toBe(chosen.header('x-segment-variant'));
        expect(again.header('cache-control')).toBe('private, no-store');

        // Without ?items= the answer is the tokens: the browser's own.
        const tokens = await send('PATCH', '/api/sessions', fastStoreHeaders(browserCookie(cookies)), '{}');
        expect(answer(tokens, 200)).toEqual({ sessionToken: cookies.vtex_session, segmentToken: cookies.vtex_segment });
        expect(tokens.setCookies).toEqual([]);

        // A browser that lost its vtex_segment (or sends another) gets the session's back, and only that cookie.
        for (const sent of [`vtex_session=${cookies.vtex_session}`, `vtex_session=${cookies.vtex_session}; vtex_segment=${first.cookies.vtex_segment}`]) {
          const mended = await send('PATCH', search, fastStoreHeaders(sent), '{}');
          expect(answer(mended, 200).id).toBe(answer(chosen, 200).id);
          expect(Object.keys(mended.cookies)).toEqual(['vtex_segment']);
          expect(mended.cookies.vtex_segment).toBe(cookies.vtex_segment);
        }

        // A value that does change is a write again: a new token, both cookies.
        const moved = await send('PATCH', search.replace('01310-100', '20040-002'), fastStoreHeaders(browserCookie(cookies)), '{}');
        expect(answer(moved, 200).namespaces.public).toEqual({ postalCode: { value: '20040-002' } });
        expect(Object.keys(moved.cookies).sort()).toEqual(['vtex_segment', 'vtex_session']);
        expect(moved.cookies.vtex_session).not.toBe(cookies.vtex_session);
      });

      it('resolvers/validateSession.ts: the signed-in B2B buyer gets a person, the b2b-gold price table and channel 3', async () => {
        const browser = new CookieJar();
        const login = await browser.fetch(`${server.url}/api/auth/login`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ email: 'buyer@b2b.example', password: 'demo' }),
        });
        expect(login.status).toBe(200);
        const response = await send('PATCH', `/api/sessions?sc=3&locale=pt-BR&${FASTSTORE_ITEMS}`, fastStoreHeaders(browser.header()), '{}');
        const session = answer(response, 200);
        // person: { id, email, givenName, familyName } from profile.*; the channel from store.channel.
        expect(session.namespaces.profile).toEqual({
          id: { value: 'c-1001' },
          email: { value: 'buyer@b2b.example' },
          firstName: { value: 'Beatriz' },
          lastName: { value: 'Almeida' },
        });
        expect(session.namespaces.store).toMatchObject({ channel: { value: '3' }, currencyCode: { value: 'BRL' } });
        expect(session.namespaces.authentication).toEqual({ storeUserId: { value: 'c-1001' }, storeUserEmail: { value: 'buyer@b2b.example' } });
        expect(session.namespaces.shopper).toBeUndefined();
        // The price table and private channel reach pages through the segment FastStore forwards.
        expect(segmentOf(response.cookies.vtex_segment!)).toMatchObject({ channel: '3', priceTables: 'b2b-gold', channelPrivacy: 'private', campaigns: 'b2b-vip' });
      });
    });

    it('geoCoordinates: FastStore\'s "lng,lat" and the Regions API\'s "lng;lat" find the same region, kept as "lng,lat"', async () => {
      for (const coordinates of ['-46.6544,-23.5632', '-46.6544;-23.5632', ' -46.6544 ; -23.5632 ']) {
        const response = await send(
          'POST',
          `/api/sessions?country=BRA&geoCoordinates=${encodeURIComponent(coordinates)}&items=checkout.regionId,public.geoCoordinates`,
          [['content-type', 'application/json']],
          '{}',
        );
        const session = answer(response, 201);
        expect(session.namespaces.public.geoCoordinates, coordinates).toEqual({ value: '-46.6544,-23.5632' });
        expect(Buffer.from(session.namespaces.checkout.regionId.value, 'base64').toString(), coordinates).toBe('SW#1;sp-express');
      }
      const bad = await send('POST', '/api/sessions?country=BRA&geoCoordinates=north', [['content-type', 'application/json']], '{}');
      expect(answer(bad, 400).error.code).toBe('invalid_geo_coordinates');
    });

    describe('render-session (vtex/render-session src/index.ts)', () => {
      const BINDING_ID = '8b1a5a0e-2f4c-4c47-9b8a-5d9a7c3e1f20';

      it('src/index.ts createInitialSessionRequest + src/constants.ts: the first load, POST with creditControl.*, supportedLocales and __bindingId', async () => {
        const jar = await pageVisit('/?utm_campaign=blackfriday');
        const pageSessionId = answer(await send('GET', '/api/sessions', [['cookie', jar.header()]]), 200).id;
        const path = `/api/sessions?utm_campaign=blackfriday&${RENDER_SESSION_ITEMS}&supportedLocales=pt-BR,en-US&__bindingId=${BINDING_ID}`;
        const response = await send(
          'POST',
          path,
          [['content-type', 'application/json'], ...browserFetchHeaders(server.url, '/?utm_campaign=blackfriday'), ['cookie', jar.header()]],
          '{}',
        );
        // fetchWithRetry hands response.json() to the page whatever the status: it must be the session.
        const session = answer(response, 201);
        expect(session.namespaces).toEqual({
          account: { id: { value: ACCOUNT_ID, keepAlive: true }, accountName: { value: 'demostore' } },
          store: {
            channel: { value: '1' },
            countryCode: { value: 'BRA' },
            cultureInfo: { value: 'pt-BR' },
            currencyCode: { value: 'BRL' },
            currencySymbol: { value: 'R$' },
            admin_cultureInfo: { value: 'pt-BR' },
          },
          profile: { isAuthenticated: { value: 'false' } },
          public: { utm_campaign: { value: 'blackfriday' } },
        });
        // src/refreshtoken.ts setFirstOrRemoveRenewKey reads exactly this.
        expect(session.namespaces.profile.isAuthenticated.value).toBe('false');
        // The page's own session, edited, not a second one.
        expect(session.id).toBe(pageSessionId);
        for (const [name, value] of Object.entries(response.cookies)) jar.set(name, value);
        const all = answer(await send('GET', '/api/sessions?items=public.*', [['cookie', jar.header()]]), 200);
        expect(all.id).toBe(session.id);
        // __bindingId is not a key name: ignored. supportedLocales is, and is kept like any parameter.
        expect(all.namespaces.public).toEqual({ utm_campaign: { value: 'blackfriday' }, supportedLocales: { value: 'pt-BR,en-US' } });
        expect(segmentOf(jar.get('vtex_segment')!).campaigns).toBe('blackfriday');
      });

      it("src/index.ts createInitialSessionRequest on a first visit: the page set no cookie, and the POST with the page's search starts the session", async () => {
        const page = await send('GET', '/p/stoneware-mug?utm_campaign=blackfriday&sc=2', CHROME_NAVIGATION);
        expect(page.status).toBe(200);
        expect(page.setCookies).toEqual([]);
        const path = `/api/sessions?utm_campaign=blackfriday&sc=2&${RENDER_SESSION_ITEMS}&supportedLocales=en-US`;
        const response = await send('POST', path, [['content-type', 'application/json'], ...browserFetchHeaders(server.url, '/p/stoneware-mug?utm_campaign=blackfriday&sc=2')], '{}');
        const session = answer(response, 201);
        expect(session.namespaces.public).toMatchObject({ utm_campaign: { value: 'blackfriday' } });
        expect(session.namespaces.store.channel.value).toBe('2');
        expect(Object.keys(response.cookies).sort()).toEqual(['vtex_segment', 'vtex_session']);
        // The next page is on the variant the first one was rendered for.
        const next = await send('GET', '/p/stoneware-mug', [...CHROME_NAVIGATION, ['cookie', `vtex_session=${response.cookies.vtex_session}; vtex_segment=${response.cookies.vtex_segment}`]]);
        expect(next.header('x-segment-variant')).toBe(page.header('x-segment-variant'));
        expect(next.setCookies).toEqual([]);
      });

      it('src/index.ts patchSession: PATCH /api/sessions + location.search with the caller\'s body, then with none ({})', async () => {
        const jar = await pageVisit('/?utm_source=instagram');
        const headers = () => [['content-type', 'application/json'], ...browserFetchHeaders(server.url, '/?utm_source=instagram'), ['cookie', jar.header()]] as [string, string][];
        const data = { public: { country: { value: 'BRA' }, postalCode: { value: '01310-100' } } };
        const patched = await send('PATCH', '/api/sessions?utm_source=instagram', headers(), JSON.stringify(data));
        const tokens = answer(patched, 200);
        expect(tokens).toEqual({ sessionToken: patched.cookies.vtex_session, segmentToken: patched.cookies.vtex_segment });
        expect(segmentOf(tokens.segmentToken)).toMatchObject({ utm_source: 'instagram', regionId: SP_REGION, campaigns: 'sp-local' });
        jar.set('vtex_session', tokens.sessionToken);
        jar.set('vtex_segment', tokens.segmentToken);

        // patchSession() with no data changes nothing: the browser's own tokens, and no cookie to set.
        const empty = await send('PATCH', '/api/sessions', headers(), '{}');
        expect(answer(empty, 200)).toEqual(tokens);
        expect(empty.setCookies).toEqual([]);
        const session = answer(await send('GET', '/api/sessions?items=public.*,checkout.regionId', [['cookie', jar.header()]]), 200);
        expect(session.namespaces).toEqual({
          checkout: { regionId: { value: SP_REGION } },
          public: { utm_source: { value: 'instagram' }, country: { value: 'BRA' }, postalCode: { value: '01310-100' } },
        });
      });
    });

    describe('session-client (vtex-apps/session-client node/)', () => {
      /** node/clients/session.ts: its own two headers, after @vtex/api's axios defaults. */
      const sessionClientHeaders = (token: string): [string, string][] => [
        ['Accept', 'application/json, text/plain, */*'],
        ['Content-Type', 'application/json'],
        ['Cookie', `vtex_session=${token};`],
        ['User-Agent', 'node-vtex-api/6.39.0'],
        ['X-Vtex-Use-Https', 'true'],
      ];
      /** extractSessionCookie(headers) ?? token */
      const nextToken = (response: RawResponse, token: string) => response.cookies.vtex_session ?? token;

      it('node/clients/session.ts getSession: GET ?items=* with "Cookie: vtex_session=…;"', async () => {
        const token = (await pageVisit()).get('vtex_session')!;
        const response = await send('GET', '/api/sessions?items=*', sessionClientHeaders(token));
        const sessionData = answer(response, 200);
        expect(sessionData.id).toEqual(expect.any(String));
        expect(sessionData.namespaces.account.id).toEqual({ value: ACCOUNT_ID, keepAlive: true });
        expect(sessionData.namespaces.store.admin_cultureInfo).toEqual({ value: 'pt-BR' });
        // The same session on the next call, with whichever token the client keeps.
        const again = answer(await send('GET', '/api/sessions?items=*', sessionClientHeaders(nextToken(response, token))), 200);
        expect(again.id).toBe(sessionData.id);
      });

      it('node/resolvers/updateSession.ts: updateSession with number and boolean values, then getSession with the token from before the PATCH', async () => {
        const before = (await pageVisit()).get('vtex_session')!;
        const first = answer(await send('GET', '/api/sessions?items=*', sessionClientHeaders(before)), 200);
        // updateSession's body: { public: { [name]: { value } } }, values string | number, serialized by axios.
        const body = JSON.stringify({ public: { quantity: { value: 3 }, price: { value: 19.9 }, giftWrap: { value: true }, note: { value: 'leave at the door' } } });
        const patched = await send('PATCH', '/api/sessions', sessionClientHeaders(before), body);
        const tokens = answer(patched, 200);
        expect(tokens).toEqual({ sessionToken: patched.cookies.vtex_session, segmentToken: patched.cookies.vtex_segment });

        // updateSession.ts re-reads with `sessionCookie`, the token it sent before the PATCH.
        const reread = await send('GET', '/api/sessions?items=public.quantity,public.price,public.giftWrap,public.note', sessionClientHeaders(before));
        const sessionData = answer(reread, 200);
        expect(sessionData.id).toBe(first.id);
        // Numbers and booleans are kept as VTEX answers every value: as strings.
        expect(sessionData.namespaces).toEqual({
          public: { quantity: { value: '3' }, price: { value: '19.9' }, giftWrap: { value: 'true' }, note: { value: 'leave at the door' } },
        });

        // Objects and arrays are still refused, with a clear error, changing nothing.
        for (const value of ['{"a":1}', '[3]']) {
          const refused = await send('PATCH', '/api/sessions', sessionClientHeaders(tokens.sessionToken), `{"public":{"quantity":{"value":${value}}}}`);
          const error = answer(refused, 400).error;
          expect(error).toEqual({ code: 'invalid_body', message: expect.stringContaining('public.quantity.value') });
          expect(refused.setCookies).toEqual([]);
        }
      });
    });

    describe('deco (deco-cx/apps vtex/)', () => {
      it('vtex/utils/segment.ts parse: reads our vtex_segment as the segment the API answers', async () => {
        const jar = await pageVisit('/?utm_campaign=blackfriday&utm_source=google');
        const patched = await jar.fetch(`${server.url}/api/sessions`, {
          method: 'PATCH',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ public: { country: { value: 'BRA' }, postalCode: { value: '01310-100' } } }),
        });
        expect(patched.status).toBe(200);
        const parsed = decoParse(jar.get('vtex_segment')!);
        expect(parsed).toEqual(await (await jar.fetch(`${server.url}/api/segments`)).json());
        // What isAnonymous / isCacheableSegment / getSegmentCacheKeyWithoutUTM read.
        expect(parsed).toMatchObject({
          campaigns: 'blackfriday,sp-local',
          channel: '1',
          priceTables: null,
          regionId: SP_REGION,
          utm_campaign: 'blackfriday',
          utm_source: 'google',
          currencyCode: 'BRL',
          cultureInfo: 'pt-BR',
          countryCode: 'BRA',
          channelPrivacy: 'public',
        });
      });

      it('vtex/utils/segment.ts serialize: GET /api/segments/{token} decodes deco\'s padded token with its extra keys; its cookie is never trusted', async () => {
        const jar = await pageVisit('/?utm_source=google');
        // setSegmentBag: defaults, then the cookie, then the request's UTMs (utm_medium and utmi_* are deco's own keys).
        const payload = { ...decoParse(jar.get('vtex_segment')!), utm_medium: 'e-mail', utmi_page: 'home', utm_campaign: 'natal.2026' };
        const token = decoSerialize(payload);
        expect(token).toMatch(/=$/);
        const decoded = await fetch(`${server.url}/api/segments/${token}`);
        expect(decoded.status).toBe(200);
        expect(await decoded.json()).toMatchObject({ channel: '1', utm_source: 'google', utm_campaign: 'natal2026', currencyCode: 'BRL', cultureInfo: 'pt-BR', regionId: null });

        // withSegmentCookie sends the token as the only cookie: the segment comes from the session, not from it.
        const forged = decoSerialize({ ...payload, channel: '3', priceTables: 'b2b-gold' });
        const segment = await (await fetch(`${server.url}/api/segments`, { headers: { cookie: `vtex_segment=${forged}` } })).json();
        expect(segment).toMatchObject({ channel: '1', priceTables: null });
      });

      it('vtex/loaders/session/getSession.ts and vtex/actions/session/createSession.ts: items=* with the forwarded cookie; POST with public properties', async () => {
        const created = await send('POST', '/api/sessions', [['content-type', 'application/json']], JSON.stringify({ public: { variable1: { value: 'one' } } }));
        const tokens = answer(created, 201);
        expect(tokens).toEqual({ sessionToken: created.cookies.vtex_session, segmentToken: created.cookies.vtex_segment });
        const read = await send('GET', '/api/sessions?items=*', [['cookie', browserCookie(created.cookies)]]);
        expect(answer(read, 200).namespaces.public).toEqual({ variable1: { value: 'one' } });
      });
    });

    it('query parameters that are not key names (__proto__, a[b], __bindingId) are ignored, never a failed request', async () => {
      const response = await send(
        'POST',
        `/api/sessions?__proto__=1&constructor=2&a%5Bb%5D=c&__bindingId=x&long=${'x'.repeat(1100)}&utm_source=kept&items=public.*`,
        [['content-type', 'application/json']],
        '{}',
      );
      expect(answer(response, 201).namespaces.public).toEqual({ utm_source: { value: 'kept' } });
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    });
  });
}
