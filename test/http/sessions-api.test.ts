import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, TEST_SECRET, type RunningServer } from '../support/next-server';
import { CookieJar } from '../support/cookie-jar';
import { TokenCodec } from '@/lib/session/token';
import { SEGMENT_KEYS } from '@/lib/session/segment';

const JSON_HEADERS = { 'content-type': 'application/json' };
const STANDARD_METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'];
/** Campaigns whose segment tokens hold standard base64's "/" or "+" (asserted where used). */
const AWKWARD_CAMPAIGNS = ['natal??', 'natal?>', 'apromoção', 'promo?>', 'natal???'];

/** name -> value of each Set-Cookie line, exactly as sent. */
function sentCookies(response: Response): Record<string, string> {
  return Object.fromEntries(
    response.headers.getSetCookie().map((line) => {
      const pair = line.split(';')[0]!;
      const eq = pair.indexOf('=');
      return [pair.slice(0, eq), pair.slice(eq + 1)];
    }),
  );
}

function body(values: Record<string, string>, extra: Record<string, unknown> = {}) {
  return JSON.stringify({ public: Object.fromEntries(Object.entries(values).map(([k, v]) => [k, { value: v }])), ...extra });
}

for (const store of ['cookie', 'memory'] as const) {
  describe(`Sessions API over HTTP (${store} store)`, () => {
    let server: RunningServer;
    const url = (path: string) => `${server.url}${path}`;

    beforeAll(async () => {
      server = await startServer({ SESSION_STORE: store });
    });
    afterAll(async () => {
      await server?.stop();
    });

    async function newSession(values: Record<string, string> = { utm_source: 'newsletter' }) {
      const jar = new CookieJar();
      const response = await jar.fetch(url('/api/sessions'), { method: 'POST', headers: JSON_HEADERS, body: body(values) });
      expect(response.status).toBe(201);
      return { jar, tokens: (await response.json()) as { sessionToken: string; segmentToken: string } };
    }

    async function read(jar: CookieJar, items = '*') {
      const response = await jar.fetch(url(`/api/sessions?items=${items}`));
      expect(response.status).toBe(200);
      return (await response.json()) as { id: string; namespaces: Record<string, Record<string, { value: string; keepAlive?: boolean }>> };
    }

    it('POST creates a session: 201, tokens equal to the cookies, cookie attributes, private response', async () => {
      const jar = new CookieJar();
      const response = await jar.fetch(url('/api/sessions'), { method: 'POST', headers: JSON_HEADERS, body: body({ postalCode: '05408-000' }) });
      expect(response.status).toBe(201);
      const tokens = await response.json();
      expect(Object.keys(tokens).sort()).toEqual(['segmentToken', 'sessionToken']);
      expect(jar.get('vtex_session')).toBe(tokens.sessionToken);
      expect(jar.get('vtex_segment')).toBe(tokens.segmentToken);
      const cookies = response.headers.getSetCookie();
      const session = cookies.find((c) => c.startsWith('vtex_session='))!;
      const segment = cookies.find((c) => c.startsWith('vtex_segment='))!;
      expect(session).toMatch(/HttpOnly/i);
      expect(session).toMatch(/SameSite=lax/i);
      expect(session).toMatch(/Path=\//);
      expect(session).toMatch(/Max-Age=69\d{4}/);
      expect(session).not.toMatch(/Secure/i); // localhost: see shouldUseSecureCookies
      expect(segment).not.toMatch(/HttpOnly/i);
      expect(response.headers.get('cache-control')).toBe('private, no-store');
      const decoded = JSON.parse(Buffer.from(tokens.segmentToken, 'base64').toString());
      expect(decoded.channel).toBe('1');
      expect(decoded.currencyCode).toBe('BRL');
    });

    it('POST with a valid session edits it instead of creating another', async () => {
      const { jar } = await newSession();
      const before = await read(jar);
      const response = await jar.fetch(url('/api/sessions'), { method: 'POST', headers: JSON_HEADERS, body: body({ utm_campaign: 'bf' }) });
      expect(response.status).toBe(201);
      const after = await read(jar);
      expect(after.id).toBe(before.id);
      expect(after.namespaces.public).toMatchObject({ utm_source: { value: 'newsletter' }, utm_campaign: { value: 'bf' } });
    });

    it('adds query-string parameters to public and ignores keys outside public', async () => {
      const jar = new CookieJar();
      const response = await jar.fetch(url('/api/sessions?utm_source=google&sc=2'), {
        method: 'POST',
        headers: JSON_HEADERS,
        body: JSON.stringify({ profile: { priceTables: { value: 'b2b-gold' } }, store: { channel: { value: '3' } }, public: { a: { value: 'b' } } }),
      });
      expect(response.status).toBe(201);
      const session = await read(jar);
      expect(session.namespaces.public).toEqual({ utm_source: { value: 'google' }, sc: { value: '2' }, a: { value: 'b' } });
      expect(session.namespaces.store?.channel?.value).toBe('2');
      expect(session.namespaces.profile?.priceTables).toBeUndefined();
    });

    it('PATCH edits (200); with ?items it answers the session object', async () => {
      const { jar } = await newSession();
      const plain = await jar.fetch(url('/api/sessions'), { method: 'PATCH', headers: JSON_HEADERS, body: body({ k: 'v' }) });
      expect(plain.status).toBe(200);
      const tokens = await plain.json();
      expect(jar.get('vtex_session')).toBe(tokens.sessionToken);
      const withItems = await jar.fetch(url('/api/sessions?items=public.k,store.channel'), { method: 'PATCH', headers: JSON_HEADERS, body: body({ k: 'w' }) });
      expect(withItems.status).toBe(200);
      const session = await withItems.json();
      expect(session).toEqual({ id: expect.any(String), namespaces: { public: { k: { value: 'w' } }, store: { channel: { value: '1' } } } });
    });

    it('GET selects items: ns.key, ns.* and *, with keepAlive on account.id', async () => {
      const { jar } = await newSession({ utm_source: 'x', postalCode: '69900-000' });
      const some = await read(jar, 'account.id,store.channel');
      expect(some.namespaces).toEqual({
        account: { id: { value: expect.any(String), keepAlive: true } },
        store: { channel: { value: '1' } },
      });
      expect(Object.keys((await read(jar, 'public.*')).namespaces.public!).sort()).toEqual(['postalCode', 'utm_source']);
      expect(Object.keys((await read(jar, '*')).namespaces).sort()).toEqual(['account', 'impersonate', 'profile', 'public', 'store']);
      const none = await jar.fetch(url('/api/sessions'));
      expect(await none.json()).toEqual({ id: some.id, namespaces: {} });
    });

    it('GET does not set cookies for a returning visitor, and does for a new one', async () => {
      const { jar } = await newSession();
      expect((await jar.fetch(url('/api/sessions?items=*'))).headers.getSetCookie()).toEqual([]);
      const fresh = await fetch(url('/api/sessions?items=store.channel'));
      expect(fresh.headers.getSetCookie().length).toBe(2);
      expect(fresh.headers.get('cache-control')).toBe('private, no-store');
    });

    it('a visitor the API meets first gets a short token (its host\'s template by reference), the one a page that mints would set, and keeps it', async () => {
      const codec = new TokenCodec({ secrets: [TEST_SECRET], cacheSize: 0 });
      const jar = new CookieJar();
      // The page of a first visit without URL inputs sets nothing: this call starts the session (SessionProvider makes it on load).
      const page = await jar.fetch(url('/'), { headers: { 'sec-fetch-mode': 'navigate', 'sec-fetch-dest': 'document' } });
      await page.arrayBuffer();
      expect(page.headers.getSetCookie()).toEqual([]);
      const first = await jar.fetch(url('/api/sessions?items=store.channel'));
      expect(first.status).toBe(200);
      const apiToken = jar.get('vtex_session')!;
      const fromApi = await codec.unseal(apiToken);
      if (fromApi.status !== 'valid') throw new Error('the token did not open');
      expect(fromApi.payload.ns).toBeUndefined();
      expect(fromApi.payload.pristine).toEqual({ host: new URL(server.url).host, digest: expect.stringMatching(/^[A-Za-z0-9_-]{12}$/) });
      expect(apiToken.length).toBeLessThan(400);
      // Opened again, it is the same session, and no cookie is set again.
      const again = await jar.fetch(url('/api/sessions?items=store.channel'));
      expect(again.headers.getSetCookie()).toEqual([]);
      expect((await again.json()).id).toBe(fromApi.payload.id);
    });

    it('answers a malformed items selector with a 400 JSON error; a namespace it lacks is simply absent', async () => {
      const response = await fetch(url('/api/sessions?items=public'));
      expect(response.status).toBe(400);
      expect(await response.json()).toEqual({ error: { code: 'invalid_items', message: expect.stringContaining('"public" is not an item') } });
      const unknown = await fetch(url('/api/sessions?items=nope.key,store.channel'));
      expect(unknown.status).toBe(200);
      expect((await unknown.json()).namespaces).toEqual({ store: { channel: { value: '1' } } });
    });

    it('gives a tampered cookie a fresh session, never an error', async () => {
      const { jar } = await newSession();
      const before = await read(jar);
      jar.set('vtex_session', jar.get('vtex_session')!.replace(/.{6}$/, 'AAAAAA'));
      const after = await read(jar);
      expect(after.id).not.toBe(before.id);
      expect(after.namespaces.public).toBeUndefined();
      jar.set('vtex_session', 'not-a-token');
      expect((await jar.fetch(url('/api/sessions?items=*'))).status).toBe(200);
    });

    it('GET /api/segments derives the segment from the session; query overrides the response only', async () => {
      const { jar } = await newSession({ utm_source: 'google' });
      jar.set('vtex_segment', Buffer.from(JSON.stringify({ channel: '3', priceTables: 'b2b-gold' })).toString('base64'));
      const segment = await (await jar.fetch(url('/api/segments'))).json();
      expect(segment).toMatchObject({ channel: '1', priceTables: null, utm_source: 'google', cultureInfo: 'pt-BR' });
      const overridden = await (await jar.fetch(url('/api/segments?cultureInfo=en-US&utm_source=other'))).json();
      expect(overridden).toMatchObject({ cultureInfo: 'en-US', utm_source: 'other' });
      const again = await (await jar.fetch(url('/api/segments'))).json();
      expect(again).toMatchObject({ cultureInfo: 'pt-BR', utm_source: 'google' });
      expect(Object.keys(again)).toEqual([
        'campaigns', 'channel', 'priceTables', 'regionId', 'utm_campaign', 'utm_source', 'utmi_campaign',
        'currencyCode', 'currencySymbol', 'countryCode', 'cultureInfo', 'channelPrivacy',
      ]);
    });

    it('GET /api/segments/{token} decodes padded and unpadded tokens, including ones with "/"', async () => {
      const { tokens } = await newSession();
      const decoded = await (await fetch(url(`/api/segments/${tokens.segmentToken}`))).json();
      expect(decoded).toMatchObject({ channel: '1', utm_source: 'newsletter' });
      const json = JSON.stringify({ channel: '1', utm_campaign: '???>>>' });
      const withSlash = Buffer.from(json).toString('base64');
      expect(withSlash).toContain('/');
      const response = await fetch(url(`/api/segments/${withSlash}`));
      expect(response.status).toBe(200);
      expect(await response.json()).toMatchObject({ utm_campaign: '???>>>' });
      const bad = await fetch(url('/api/segments/bm90IGpzb24'));
      expect(bad.status).toBe(400);
      expect((await bad.json()).error.code).toBe('invalid_segment_token');
    });

    it('refuses channels the visitor may not use, changing nothing', async () => {
      const { jar } = await newSession();
      for (const [sc, status, code] of [['3', 401, 'channel_requires_login'], ['99', 400, 'unknown_channel']] as const) {
        const response = await jar.fetch(url(`/api/sessions?sc=${sc}`), { method: 'PATCH', headers: JSON_HEADERS, body: '{}' });
        expect(response.status).toBe(status);
        expect((await response.json()).error.code).toBe(code);
        expect(response.headers.getSetCookie()).toEqual([]);
      }
      expect((await read(jar)).namespaces.public?.sc).toBeUndefined();
    });

    describe('bad input: a clear 4xx, JSON error, nothing changed', () => {
      const cases: [string, RequestInit, number, string][] = [
        ['invalid JSON', { body: '{"public":', headers: JSON_HEADERS }, 400, 'invalid_json'],
        ['a JSON array', { body: '[1]', headers: JSON_HEADERS }, 400, 'invalid_body'],
        ['a body over 16 KB', { body: body({ k: 'x'.repeat(17_000) }), headers: JSON_HEADERS }, 413, 'body_too_large'],
        ['an object value', { body: '{"public":{"k":{"value":{"a":"1"}}}}', headers: JSON_HEADERS }, 400, 'invalid_body'],
        ['an array value', { body: '{"public":{"k":{"value":["1"]}}}', headers: JSON_HEADERS }, 400, 'invalid_body'],
        ['a null value', { body: '{"public":{"k":{"value":null}}}', headers: JSON_HEADERS }, 400, 'invalid_body'],
        ['a value without {value}', { body: '{"public":{"k":"v"}}', headers: JSON_HEADERS }, 400, 'invalid_body'],
        ['a __proto__ key', { body: '{"public":{"__proto__":{"value":"x"}}}', headers: JSON_HEADERS }, 400, 'invalid_key'],
        ['a constructor key', { body: body({ constructor: 'x' }), headers: JSON_HEADERS }, 400, 'invalid_key'],
        ['a prototype key', { body: body({ prototype: 'x' }), headers: JSON_HEADERS }, 400, 'invalid_key'],
        ['too many keys', { body: body(Object.fromEntries(Array.from({ length: 65 }, (_, i) => [`k${i}`, 'v']))), headers: JSON_HEADERS }, 400, 'too_many_keys'],
        ['an over-long key', { body: body({ ['k'.repeat(65)]: 'v' }), headers: JSON_HEADERS }, 400, 'invalid_key'],
        ['an over-long value', { body: body({ k: 'v'.repeat(1025) }), headers: JSON_HEADERS }, 400, 'value_too_long'],
        ['a form body', { body: 'a=b', headers: { 'content-type': 'application/x-www-form-urlencoded' } }, 415, 'unsupported_media_type'],
        ['a cross-site Origin', { body: body({ k: 'v' }), headers: { ...JSON_HEADERS, origin: 'https://evil.example' } }, 403, 'cross_site_write'],
        ['Sec-Fetch-Site: cross-site', { body: body({ k: 'v' }), headers: { ...JSON_HEADERS, 'sec-fetch-site': 'cross-site' } }, 403, 'cross_site_write'],
        ['Sec-Fetch-Site: same-site from a sibling', { body: body({ k: 'v' }), headers: { ...JSON_HEADERS, 'sec-fetch-site': 'same-site', origin: 'https://other.shop.example' } }, 403, 'cross_site_write'],
      ];
      for (const [what, init, status, code] of cases) {
        it(`${what} -> ${status} ${code}`, async () => {
          const { jar } = await newSession({ keep: 'me' });
          const before = await read(jar);
          for (const method of ['POST', 'PATCH']) {
            const response = await jar.fetch(url('/api/sessions'), { ...init, method });
            expect(response.status).toBe(status);
            expect(await response.json()).toEqual({ error: { code, message: expect.any(String) } });
            expect(response.headers.getSetCookie()).toEqual([]);
          }
          expect(await read(jar)).toEqual(before);
        });
      }
    });

    it('allows same-origin writes from a browser', async () => {
      const { jar } = await newSession();
      const response = await jar.fetch(url('/api/sessions'), {
        method: 'PATCH',
        headers: { ...JSON_HEADERS, origin: server.url, 'sec-fetch-site': 'same-origin' },
        body: body({ k: 'v' }),
      });
      expect(response.status).toBe(200);
    });

    it('with debug on, writes answer the transform trace', async () => {
      const { jar } = await newSession();
      const response = await jar.fetch(url('/api/sessions?items=store.channel'), { method: 'PATCH', headers: JSON_HEADERS, body: body({ sc: '2' }, { debug: true }) });
      const session = await response.json();
      expect(session.namespaces.store.channel.value).toBe('2');
      expect(session.trace).toEqual(expect.arrayContaining([expect.objectContaining({ transform: 'store', reason: ['public.sc'] })]));
    });

    it('sets cookies byte for byte equal to the tokens when the segment token holds "/" or "+" (body and query)', async () => {
      const seen = new Set<string>();
      for (const campaign of AWKWARD_CAMPAIGNS) {
        for (const [path, init] of [
          ['/api/sessions', { body: body({ utm_campaign: campaign }) }],
          [`/api/sessions?utm_campaign=${encodeURIComponent(campaign)}`, {}],
        ] as const) {
          const jar = new CookieJar();
          const response = await jar.fetch(url(path), { method: 'POST', headers: JSON_HEADERS, ...init });
          expect(response.status).toBe(201);
          const tokens = await response.json();
          for (const char of ['/', '+']) if (tokens.segmentToken.includes(char)) seen.add(char);
          expect(sentCookies(response)).toEqual({ vtex_session: tokens.sessionToken, vtex_segment: tokens.segmentToken });
          // The cookie the browser sends back reads as the same session.
          expect((await read(jar, 'public.utm_campaign')).namespaces.public).toEqual({ utm_campaign: { value: campaign } });
        }
      }
      expect([...seen].sort()).toEqual(['+', '/']);
    });

    it('POST with ?items=public.* answers the session object', async () => {
      const jar = new CookieJar();
      const response = await jar.fetch(url('/api/sessions?items=public.*&utm_source=q'), { method: 'POST', headers: JSON_HEADERS, body: body({ k: 'v' }) });
      expect(response.status).toBe(201);
      const session = await response.json();
      expect(session).toEqual({ id: expect.any(String), namespaces: { public: { utm_source: { value: 'q' }, k: { value: 'v' } } } });
      expect(session.id).toBe((await read(jar)).id);
      expect(sentCookies(response).vtex_session).toBe(jar.get('vtex_session'));
    });

    it('an expired vtex_session gets a fresh session on the API and on a page, keepAlive values carried', async () => {
      const codec = new TokenCodec({ secrets: [TEST_SECRET], cacheSize: 0 });
      const expired = await codec.seal({
        id: 'expired-session-id',
        v: 3,
        exp: Date.now() - 60_000,
        ns: {
          account: { id: { value: 'old-account', keepAlive: true } },
          public: { utm_source: { value: 'gone' }, loyalty: { value: 'gold', keepAlive: true } },
        },
      });
      const jar = new CookieJar();
      jar.set('vtex_session', expired);
      const response = await jar.fetch(url('/api/sessions?items=account.id,public.*'));
      expect(response.status).toBe(200);
      const session = await response.json();
      expect(session.id).not.toBe('expired-session-id');
      // keepAlive values survive; account.id is the store's own account, as the engine sets it.
      expect(session.namespaces).toEqual({
        account: { id: { value: '6f2a7b54-0c1e-4d55-9d8e-2a1b3c4d5e6f', keepAlive: true } },
        public: { loyalty: { value: 'gold', keepAlive: true } },
      });
      const cookies = sentCookies(response);
      expect(cookies.vtex_session).toBeTruthy();
      expect(cookies.vtex_session).not.toBe(expired);
      expect(cookies.vtex_segment).toBeTruthy();

      const page = await fetch(url('/'), { headers: { cookie: `vtex_session=${expired}` } });
      expect(page.status).toBe(200);
      expect(page.headers.get('content-type')).toMatch(/text\/html/);
      const minted = await codec.unseal(sentCookies(page).vtex_session);
      expect(minted.status).toBe('valid');
      if (minted.status !== 'valid') return;
      expect(minted.payload.id).not.toBe('expired-session-id');
      expect(minted.payload.ns?.public).toEqual({ loyalty: { value: 'gold', keepAlive: true } });
      expect(sentCookies(page).vtex_segment).toBeTruthy();
    });

    it('GET /api/segments overrides keep VTEX’s key order, admin_cultureInfo in its place; bad values are a 400', async () => {
      const { jar } = await newSession({ utm_source: 'google' });
      const overridden = await jar.fetch(url('/api/segments?channelPrivacy=private&admin_cultureInfo=en-US&cultureInfo=en-US&campaigns='));
      expect(overridden.status).toBe(200);
      const segment = await overridden.json();
      expect(Object.keys(segment)).toEqual([...SEGMENT_KEYS]);
      expect(segment).toMatchObject({ channelPrivacy: 'private', admin_cultureInfo: 'en-US', cultureInfo: 'en-US', campaigns: null, utm_source: 'google' });
      const plain = await (await jar.fetch(url('/api/segments?utm_source=x'))).json();
      expect(Object.keys(plain)).toEqual(SEGMENT_KEYS.filter((k) => k !== 'admin_cultureInfo'));
      for (const query of ['channelPrivacy=secret', 'channelPrivacy=PUBLIC', 'cultureInfo=a&cultureInfo=b', `utm_source=${'x'.repeat(1025)}`]) {
        const bad = await jar.fetch(url(`/api/segments?${query}`));
        expect(bad.status, query).toBe(400);
        expect(await bad.json()).toEqual({ error: { code: 'invalid_segment_override', message: expect.any(String) } });
      }
    });

    it('answers unknown API paths with a JSON 404 for every standard method, without shadowing real routes', async () => {
      for (const path of ['/api', '/api/nope', '/api/auth', '/api/sessions/nope', '/api/auth/login/x', '/api/segments-x']) {
        for (const method of STANDARD_METHODS) {
          const response = await fetch(url(path), { method });
          expect(response.status, `${method} ${path}`).toBe(404);
          expect(response.headers.get('content-type'), `${method} ${path}`).toMatch(/application\/json/);
          if (method !== 'HEAD') expect(await response.json()).toEqual({ error: { code: 'not_found', message: expect.any(String) } });
        }
      }
      expect((await fetch(url('/api/sessions'))).status).toBe(200);
      expect((await fetch(url('/api/segments'))).status).toBe(200);
      expect((await fetch(url('/api/segments/e30'))).status).toBe(200);
      expect((await fetch(url('/api/sessions/form'))).status).toBe(405);
      expect((await fetch(url('/api/auth/login'))).status).toBe(405);
      expect((await fetch(url('/api/auth/logout'))).status).toBe(405);
    });

    if (store === 'cookie') {
      it('refuses a write that would not fit the cookie with 413, changing nothing', async () => {
        const { jar } = await newSession();
        const before = await read(jar);
        let response: Response | undefined;
        for (let i = 0; i < 6; i++) {
          response = await jar.fetch(url('/api/sessions'), { method: 'PATCH', headers: JSON_HEADERS, body: body({ [`big${i}`]: 'x'.repeat(1000) }) });
          if (response.status !== 200) break;
        }
        expect(response!.status).toBe(413);
        expect((await response!.json()).error.code).toBe('session_too_large');
        expect(jar.get('vtex_session')!.length).toBeLessThan(4000);
        expect((await read(jar)).id).toBe(before.id);
      });
    }
  });
}
