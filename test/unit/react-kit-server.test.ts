import { NextRequest } from 'next/server';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createSessionFormRoute } from '@/lib/next/form-route';
import { safeRedirectPath } from '@/lib/next/redirect';
import { createSessionKit, type SessionKit } from '@/lib/next/kit';
import { SessionError } from '@/lib/session/errors';
import { memoryStore } from '@/lib/session/stores/memory';
import type { Transform } from '@/lib/session/transforms/types';
import { CookieJar } from '../support/cookie-jar';

/** The cookies next/headers would hand a server action, backed by a jar. */
const jar = new CookieJar();
const requestHeaders = new Headers({ host: 'shop.example', 'x-forwarded-proto': 'https' });
vi.mock('next/headers', () => ({
  cookies: async () => (asked.push('cookies'), {
    get: (name: string) => (jar.get(name) === undefined ? undefined : { name, value: jar.get(name) }),
    set: (name: string, value: string) => jar.set(name, value),
  }),
  headers: async () => requestHeaders,
}));
/** What the helpers asked of Next, in order: connection() (wait for the request) must come before cookies(). */
const asked = vi.hoisted((): string[] => []);
vi.mock('next/server', async (actual) => ({
  ...(await actual<typeof import('next/server')>()),
  connection: async () => void asked.push('connection'),
}));

const { getServerSegment, getServerSession, updateServerSession, updateSessionAction } = await import('@/lib/next/server');

/** A stand-in for the checkout transform: one postal code is refused, the rest get a region. */
const toyCheckout: Transform = {
  name: 'toy-checkout',
  inputs: ['public.country', 'public.postalCode'],
  outputs: ['checkout.regionId'],
  run(inputs) {
    if (!inputs['public.postalCode']) return {};
    if (inputs['public.postalCode'] === '0000') throw new SessionError(400, 'invalid_postal_code', '"0000" is not a valid postal code for BRA');
    if (inputs['public.postalCode'] === '5030') throw new SessionError(503, 'region_service_unavailable', 'The region service did not answer');
    // Nobody serves this one: no region, as the real checkout transform answers.
    if (inputs['public.postalCode'] === '69900-000') return {};
    return { checkout: { regionId: btoa(`SW#${inputs['public.country']}`) } };
  },
};

function kitOptions() {
  return {
    config: {
      account: { id: 'acc-1', name: 'demostore' },
      channels: [{ id: '1', name: 'BR', currencyCode: 'BRL', currencySymbol: 'R$', countryCode: 'BRA', cultureInfo: 'pt-BR', privacy: 'public' as const }],
      defaultChannel: '1',
    },
    transforms: [toyCheckout],
    store: () => memoryStore(),
    secrets: () => ['react-kit-test-secret-0123456789abcdefghij'],
  };
}

function makeKit(): SessionKit {
  return createSessionKit(kitOptions());
}

let kit: SessionKit;
beforeEach(() => {
  kit = makeKit();
  jar.cookies.clear();
  for (const name of ['origin', 'sec-fetch-site']) requestHeaders.delete(name);
});
afterEach(() => vi.restoreAllMocks());

function formPost(body: string, headers: Record<string, string> = {}) {
  return new NextRequest('http://shop.example/api/sessions/form', {
    method: 'POST',
    body,
    headers: { 'content-type': 'application/x-www-form-urlencoded', host: 'shop.example', origin: 'http://shop.example', cookie: jar.header(), ...headers },
  });
}

describe('the kit', () => {
  it('answers its engine without a promise once it has started, the same one engine() gives', async () => {
    const started = kit.engineNow();
    expect(started).toBeInstanceOf(Promise);
    const engine = await kit.engine();
    expect(await started).toBe(engine);
    expect(kit.engineNow()).toBe(engine);
  });

  it('starts again after a failed start (a store that was down), and only then answers at once', async () => {
    let attempts = 0;
    const flaky = createSessionKit({
      ...kitOptions(),
      store: async () => {
        attempts++;
        if (attempts === 1) throw new Error('store down');
        return memoryStore();
      },
    });
    await expect(flaky.engine()).rejects.toThrow('store down');
    const engine = await flaky.engineNow();
    expect(attempts).toBe(2);
    expect(flaky.engineNow()).toBe(engine);
  });

  it('gives a segment\'s variant code at once, the one variantCode() gives', async () => {
    const engine = await kit.engine();
    const opened = await engine.open(null, { host: 'shop.example' });
    const { segment } = await engine.issue(opened.session, opened.storedVersion);
    const code = kit.variantCodeNow(segment);
    expect(typeof code).toBe('string');
    expect(await kit.variantCode(segment)).toBe(code);
  });
});

describe('server helpers (next/headers)', () => {
  it('wait for the request (connection()) before they read it, so no prerender opens a session', async () => {
    asked.length = 0;
    await getServerSession(kit, 'public.*');
    expect(asked).toEqual(['connection', 'cookies']);
    asked.length = 0;
    await getServerSegment(kit);
    await updateServerSession(kit, { utm_source: 'mail' }, 'public.*');
    expect(asked).toEqual(['connection', 'cookies', 'connection', 'cookies']);
  });

  it('writes public, sets both cookies, and reads the session and segment back', async () => {
    const written = await updateServerSession(kit, { country: 'BRA', postalCode: '05408-000' }, ['public.*', 'checkout.regionId']);
    expect(written.namespaces).toEqual({
      public: { country: { value: 'BRA' }, postalCode: { value: '05408-000' } },
      checkout: { regionId: { value: btoa('SW#BRA') } },
    });
    expect(jar.get('vtex_session')).toBeTruthy();
    expect(jar.get('vtex_segment')).toBeTruthy();

    const read = await getServerSession(kit, 'public.postalCode');
    expect(read).toEqual({ id: written.id, namespaces: { public: { postalCode: { value: '05408-000' } } } });
    expect((await getServerSegment(kit)).regionId).toBe(btoa('SW#BRA'));
  });

  it('removes keys with null, as "" does on the API', async () => {
    await updateServerSession(kit, { utm_source: 'mail' }, 'public.*');
    const after = await updateServerSession(kit, { utm_source: null }, 'public.*');
    expect(after.namespaces).toEqual({});
  });

  it('refuses what is not a patch object', async () => {
    await expect(updateServerSession(kit, ['x'] as never, '*')).rejects.toMatchObject({ code: 'invalid_body', status: 400 });
    await expect(updateServerSession(kit, { 'bad key!': 'x' }, '*')).rejects.toMatchObject({ status: 400 });
  });

  it('gives a server action the refusal as data', async () => {
    const result = await updateSessionAction(kit, { country: 'BRA', postalCode: '0000' }, '*');
    expect(result).toEqual({ ok: false, error: { code: 'invalid_postal_code', status: 400, message: '"0000" is not a valid postal code for BRA' } });
    expect(jar.get('vtex_session')).toBeUndefined();
  });
});

describe('server actions and the origin of the request', () => {
  it('refuses a write another site made the browser send, changing nothing', async () => {
    requestHeaders.set('origin', 'https://evil.example');
    requestHeaders.set('sec-fetch-site', 'cross-site');
    const result = await updateSessionAction(kit, { postalCode: '05408-000' }, '*');
    expect(result).toEqual({ ok: false, error: { code: 'cross_site_write', status: 403, message: expect.stringContaining('evil.example') } });
    expect(jar.get('vtex_session')).toBeUndefined();
    await expect(updateServerSession(kit, { postalCode: '05408-000' }, '*', { debug: true })).rejects.toMatchObject({ status: 403 });
  });

  it('refuses a cross-site Sec-Fetch-Site even without an Origin header', async () => {
    requestHeaders.set('sec-fetch-site', 'cross-site');
    expect(await updateSessionAction(kit, { postalCode: '05408-000' }, '*')).toMatchObject({ ok: false, error: { code: 'cross_site_write' } });
  });

  it("accepts the site's own origin and the store's allowedOrigins", async () => {
    requestHeaders.set('origin', 'https://shop.example');
    requestHeaders.set('sec-fetch-site', 'same-origin');
    expect(await updateSessionAction(kit, { utm_source: 'mail' }, 'public.*')).toMatchObject({ ok: true });

    requestHeaders.set('origin', 'https://checkout.partner.example');
    requestHeaders.set('sec-fetch-site', 'same-site');
    expect(await updateSessionAction(kit, { utm_source: 'mail' }, 'public.*')).toMatchObject({ ok: false });
    const trusting = createSessionKit({ ...kitOptions(), config: { ...kitOptions().config, allowedOrigins: ['https://checkout.partner.example'] } });
    expect(await updateSessionAction(trusting, { utm_source: 'mail' }, 'public.*')).toMatchObject({ ok: true });
  });

  it('turns the trace on and off, answering with it while it is on', async () => {
    const on = await updateServerSession(kit, {}, 'public.*', { debug: true });
    expect(on.trace).toEqual([]);
    const write = await updateServerSession(kit, { country: 'BRA', postalCode: '05408-000' }, 'public.*');
    expect(write.trace?.map((entry) => entry.transform)).toContain('toy-checkout');
    const off = await updateServerSession(kit, {}, 'public.*', { debug: false });
    expect(off.trace).toBeUndefined();
  });
});

describe('POST /api/sessions/form', () => {
  it('updates the session and answers 303 back to the page, with cookies', async () => {
    const { POST } = createSessionFormRoute(kit);
    const response = await POST(formPost('country=BRA&postalCode=05408-000&redirect=%2Fp%2Fmug%3Fcolor%3Dred'));
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe('/p/mug?color=red');
    expect(response.headers.get('cache-control')).toBe('private, no-store');
    jar.store(response);
    expect(jar.get('vtex_segment')).toBeTruthy();
    const session = await getServerSession(kit, 'public.*,checkout.*');
    expect(session.namespaces.public?.postalCode?.value).toBe('05408-000');
    expect(session.namespaces.checkout?.regionId?.value).toBe(btoa('SW#BRA'));
  });

  const location = (response: Response) => new URL(response.headers.get('location')!, 'http://shop.example');

  it('sends a refused write to the region page with what was posted, changing nothing', async () => {
    const { POST } = createSessionFormRoute(kit);
    const response = await POST(formPost('country=BRA&postalCode=0000&redirect=%2Fcart'));
    expect(response.status).toBe(303);
    const to = location(response);
    expect(to.pathname).toBe('/region');
    expect(Object.fromEntries(to.searchParams)).toEqual({ from: '/cart', error: 'invalid_postal_code', country: 'BRA', postalCode: '0000' });
    expect(response.headers.getSetCookie()).toEqual([]);
    expect(response.headers.get('cache-control')).toBe('private, no-store');
  });

  it('sends a code no seller serves to the region page, with the session written', async () => {
    const { POST } = createSessionFormRoute(kit, { regionPage: '/delivery' });
    const response = await POST(formPost('country=BRA&postalCode=69900-000&redirect=%2Fp%2Fmug'));
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe('/delivery?from=%2Fp%2Fmug');
    jar.store(response);
    expect((await getServerSession(kit, 'public.postalCode')).namespaces.public?.postalCode?.value).toBe('69900-000');
  });

  it('sends an upstream failure to the region page, and a post from that page back where it came from', async () => {
    const { POST } = createSessionFormRoute(kit);
    const response = await POST(formPost('country=BRA&postalCode=5030&redirect=%2Fregion%3Ffrom%3D%252Fc%252Fkitchen'));
    expect(Object.fromEntries(location(response).searchParams)).toMatchObject({ from: '/c/kitchen', error: 'region_service_unavailable', postalCode: '5030' });
    const served = await POST(formPost('country=BRA&postalCode=05408-000&redirect=%2Fregion%3Ffrom%3D%252Fc%252Fkitchen'));
    expect(served.headers.get('location')).toBe('/c/kitchen');
    const hostile = await POST(formPost('country=BRA&postalCode=05408-000&redirect=%2Fregion%3Ffrom%3D%252F%252Fevil.example'));
    expect(hostile.headers.get('location')).toBe('/');
  });

  it('treats an empty postal code as invalid', async () => {
    const { POST } = createSessionFormRoute(kit);
    const response = await POST(formPost('country=BRA&postalCode=+&redirect=%2F'));
    expect(location(response).searchParams.get('error')).toBe('invalid_postal_code');
  });

  it('returns to the Referer when there is no redirect field, and never off-site', async () => {
    const { POST } = createSessionFormRoute(kit);
    const fromReferer = await POST(formPost('country=BRA&postalCode=05408-000', { referer: 'http://shop.example/c/kitchen?page=2' }));
    expect(fromReferer.headers.get('location')).toBe('/c/kitchen?page=2');
    const offsite = await POST(formPost('country=BRA&postalCode=05408-000&redirect=%2F%2Fevil.example%2Fx', { referer: 'http://evil.example/' }));
    expect(offsite.headers.get('location')).toBe('/');
  });

  it('refuses cross-site posts', async () => {
    const { POST } = createSessionFormRoute(kit);
    const response = await POST(formPost('country=BRA&postalCode=05408-000', { origin: 'http://evil.example', 'sec-fetch-site': 'cross-site' }));
    expect(response.status).toBe(403);
    expect(await response.json()).toMatchObject({ error: { code: 'cross_site_write' } });
  });

  it('refuses a body that is not a form', async () => {
    const { POST } = createSessionFormRoute(kit);
    const response = await POST(formPost('{"country":"BRA"}', { 'content-type': 'application/json', referer: 'http://shop.example/p/mug' }));
    expect(Object.fromEntries(location(response).searchParams)).toMatchObject({ from: '/p/mug', error: 'unsupported_media_type' });
  });
});

describe('safeRedirectPath', () => {
  it.each([
    ['/p/mug?x=1#top', '/p/mug?x=1#top'],
    ['/', '/'],
    ['//evil.example', null],
    ['/\\evil.example', null],
    ['https://evil.example/', null],
    ['javascript:alert(1)', null],
    ['p/mug', null],
    ['/a\nb', null],
    ['', null],
  ])('%j -> %j', (input, expected) => {
    expect(safeRedirectPath(input)).toBe(expected);
  });
});
