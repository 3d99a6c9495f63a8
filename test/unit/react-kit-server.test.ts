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
  cookies: async () => ({
    get: (name: string) => (jar.get(name) === undefined ? undefined : { name, value: jar.get(name) }),
    set: (name: string, value: string) => jar.set(name, value),
  }),
  headers: async () => requestHeaders,
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
    return { checkout: { regionId: btoa(`SW#${inputs['public.country']}`) } };
  },
};

function makeKit(): SessionKit {
  return createSessionKit({
    config: {
      account: { id: 'acc-1', name: 'demostore' },
      channels: [{ id: '1', name: 'BR', currencyCode: 'BRL', currencySymbol: 'R$', countryCode: 'BRA', cultureInfo: 'pt-BR', privacy: 'public' }],
      defaultChannel: '1',
    },
    transforms: [toyCheckout],
    store: () => memoryStore(),
    secrets: () => ['react-kit-test-secret-0123456789abcdefghij'],
  });
}

let kit: SessionKit;
beforeEach(() => {
  kit = makeKit();
  jar.cookies.clear();
});
afterEach(() => vi.restoreAllMocks());

function formPost(body: string, headers: Record<string, string> = {}) {
  return new NextRequest('http://shop.example/api/sessions/form', {
    method: 'POST',
    body,
    headers: { 'content-type': 'application/x-www-form-urlencoded', host: 'shop.example', origin: 'http://shop.example', cookie: jar.header(), ...headers },
  });
}

describe('server helpers (next/headers)', () => {
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

describe('POST /api/sessions/form', () => {
  it('updates the session and answers 303 back to the page, with cookies', async () => {
    const { POST } = createSessionFormRoute(kit);
    const response = await POST(formPost('country=BRA&postalCode=05408-000&redirect=%2Fp%2Fmug%3Fcolor%3Dred%26regionError%3Dold'));
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe('/p/mug?color=red');
    expect(response.headers.get('cache-control')).toBe('private, no-store');
    jar.store(response);
    expect(jar.get('vtex_segment')).toBeTruthy();
    const session = await getServerSession(kit, 'public.*,checkout.*');
    expect(session.namespaces.public?.postalCode?.value).toBe('05408-000');
    expect(session.namespaces.checkout?.regionId?.value).toBe(btoa('SW#BRA'));
  });

  it('goes back with the error code when the write is refused, changing nothing', async () => {
    const { POST } = createSessionFormRoute(kit);
    const response = await POST(formPost('country=BRA&postalCode=0000&redirect=%2Fcart'));
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe('/cart?regionError=invalid_postal_code');
    expect(response.headers.getSetCookie()).toEqual([]);
  });

  it('treats an empty postal code as invalid', async () => {
    const { POST } = createSessionFormRoute(kit, { errorParam: 'err' });
    const response = await POST(formPost('country=BRA&postalCode=+&redirect=%2F'));
    expect(response.headers.get('location')).toBe('/?err=invalid_postal_code');
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
    expect(response.headers.get('location')).toBe('/p/mug?regionError=unsupported_media_type');
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
