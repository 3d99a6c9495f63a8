import vm from 'node:vm';
import { ResponseCookies } from 'next/dist/compiled/@edge-runtime/cookies';
import { NextRequest, NextResponse, type NextFetchEvent } from 'next/server';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { composeMiddleware, createSessionMiddleware, pageSessionOf, VARIANT_HEADER, type AfterMiddleware, type BeforeMiddleware, type ComposeOptions } from '@/lib/next/middleware-entry';
import { VariantCodec } from '@/lib/session/variant';
import { sessionTransforms } from '@/session-transforms';
import { storeConfig } from '@/store.config';

const SECRET = 'compose-test-secret-0123456789abcdefghijk';
const ORIGIN = 'http://localhost:3000';
const event = { sourcePage: '/middleware', waitUntil: () => {} } as unknown as NextFetchEvent;

function session() {
  // A first visit's cookies are what these tests compose around.
  return createSessionMiddleware({ config: storeConfig, transforms: sessionTransforms, secrets: () => [SECRET], production: false, firstVisits: 'mint' });
}

/** The two shapes a store wires: Edge `middleware.ts` (`export const middleware`) and Node `proxy.ts` (`export function proxy`). */
function shapes(options: ComposeOptions) {
  const middleware = composeMiddleware(session(), options);
  const composed = composeMiddleware(session(), options);
  async function proxy(request: NextRequest, ev: NextFetchEvent) {
    return composed(request, ev);
  }
  return { middleware, proxy } as const;
}

const get = (path: string, headers: Record<string, string> = {}) => new NextRequest(`${ORIGIN}${path}`, { headers });
const rewriteOf = (response: Response) => response.headers.get('x-middleware-rewrite');
const cookieNames = (response: Response) => response.headers.getSetCookie().map((line) => line.slice(0, line.indexOf('=')));

describe.each(['middleware', 'proxy'] as const)('composeMiddleware as %s', (shape) => {
  const run = (options: ComposeOptions, request: NextRequest) => Promise.resolve(shapes(options)[shape](request, event));

  it('keeps a before step\'s response and request headers and cookies on the session\'s rewrite', async () => {
    const before: BeforeMiddleware = (request) => {
      const headers = new Headers(request.headers);
      headers.set('x-store-country', 'BR');
      const response = NextResponse.next({ request: { headers } });
      response.headers.set('x-store', 'yes');
      response.cookies.set('store_pref', 'grid');
      return response;
    };
    const response = await run({ before }, get('/p/shirt'));
    const code = response.headers.get(VARIANT_HEADER)!;
    expect(new URL(rewriteOf(response)!).pathname).toBe(`/${code}/p/shirt`);
    expect(response.headers.get('x-middleware-next')).toBeNull();
    expect(response.headers.get('x-store')).toBe('yes');
    expect(response.headers.get('x-middleware-request-x-store-country')).toBe('BR');
    expect(response.headers.get('x-middleware-override-headers')?.split(',')).toContain('x-store-country');
    expect(cookieNames(response).sort()).toEqual(['store_pref', 'vtex_segment', 'vtex_session']);
    expect(response.headers.get('x-middleware-set-cookie')).toMatch(/store_pref=grid/);
    // The session's own headers win: the page stays private.
    expect(response.headers.get('cache-control')).toBe('private, no-store');
  });

  it('lets a before step answer: a 403 or a redirect goes out as it is, and no session is made', async () => {
    const forbid: BeforeMiddleware = (request) =>
      request.nextUrl.pathname.startsWith('/operator') ? NextResponse.json({ error: 'forbidden' }, { status: 403 }) : undefined;
    const moved: BeforeMiddleware = (request) => (request.nextUrl.pathname === '/old' ? NextResponse.redirect(new URL('/new', request.url), 308) : undefined);
    const forbidden = await run({ before: [forbid, moved] }, get('/operator'));
    expect(forbidden.status).toBe(403);
    expect(await forbidden.json()).toEqual({ error: 'forbidden' });
    expect(cookieNames(forbidden)).toEqual([]);
    expect(rewriteOf(forbidden)).toBeNull();

    const redirected = await run({ before: [forbid, moved] }, get('/old'));
    expect(redirected.status).toBe(308);
    expect(redirected.headers.get('location')).toBe(`${ORIGIN}/new`);
    expect(cookieNames(redirected)).toEqual([]);
  });

  it('puts a before step\'s same-origin rewrite under the variant, query and all', async () => {
    const before: BeforeMiddleware = (request) => {
      if (request.nextUrl.pathname !== '/promo') return undefined;
      return NextResponse.rewrite(new URL('/products?tag=promo', request.url), { headers: { 'x-rewritten-by': 'store' } });
    };
    const response = await run({ before }, get('/promo?sc=2'));
    const code = response.headers.get(VARIANT_HEADER)!;
    const target = new URL(rewriteOf(response)!);
    expect(target.pathname).toBe(`/${code}/products`);
    expect(target.search).toBe('?tag=promo');
    expect(response.headers.get('x-rewritten-by')).toBe('store');
    // The session reads the URL the store rewrote to: the visitor's ?sc=2 is not in it.
    expect(pageSessionOf(response)?.segment.channel).toBe('1');
  });

  it('leaves a rewrite to another origin to the store', async () => {
    const before: BeforeMiddleware = () => NextResponse.rewrite('https://blog.example.com/post');
    const response = await run({ before }, get('/blog/post'));
    expect(rewriteOf(response)).toBe('https://blog.example.com/post');
    expect(response.headers.get(VARIANT_HEADER)).toBeNull();
    expect(cookieNames(response)).toEqual([]);
  });

  it('refuses a variant path a store\'s rewrite leads to, as it refuses the visitor\'s', async () => {
    const code = (await session()(get('/'))).headers.get(VARIANT_HEADER)!;
    const before: BeforeMiddleware = (request) => NextResponse.rewrite(new URL(`/${code}${request.nextUrl.pathname}`, request.url));
    const response = await run({ before }, get('/p/shirt'));
    expect(response.status).toBe(404);
    expect(rewriteOf(response)).toBeNull();
  });

  it('gives after steps the visitor\'s request, the response and its page session; returned responses keep the cookies', async () => {
    const seen: { path: string; code: string | undefined; channel: string | null | undefined }[] = [];
    const tag: AfterMiddleware = (request, response, context) => {
      seen.push({ path: request.nextUrl.pathname, code: context.session?.code, channel: context.session?.segment.channel });
      response.headers.set('x-frame-options', 'DENY');
    };
    const toLogin: AfterMiddleware = async (request, _response, context) => {
      await Promise.resolve();
      if (request.nextUrl.pathname === '/account' && context.session?.outcome === 'new') return NextResponse.redirect(new URL('/login', request.url));
      return undefined;
    };
    const page = await run({ after: [tag, toLogin] }, get('/p/shirt?sc=2'));
    expect(page.headers.get('x-frame-options')).toBe('DENY');
    expect(seen[0]).toEqual({ path: '/p/shirt', code: page.headers.get(VARIANT_HEADER)!, channel: '2' });

    const account = await run({ after: [tag, toLogin] }, get('/account'));
    expect(account.status).toBe(307);
    expect(account.headers.get('location')).toBe(`${ORIGIN}/login`);
    expect(cookieNames(account).sort()).toEqual(['vtex_segment', 'vtex_session']);
    expect(account.headers.get('cache-control')).toBe('private, no-store');
  });

  it('lets after steps and before steps set and delete cookies through response.cookies without losing the session\'s', async () => {
    const before: BeforeMiddleware = () => {
      const response = NextResponse.next();
      response.cookies.set('store_pref', 'grid');
      return response;
    };
    const after: AfterMiddleware = (_request, response) => {
      response.cookies.set('seen', '1');
      response.cookies.delete('store_pref');
    };
    const response = await run({ before, after }, get('/p/shirt'));
    const lines = response.headers.getSetCookie();
    expect(cookieNames(response).sort()).toEqual(['seen', 'store_pref', 'vtex_segment', 'vtex_session']);
    expect(lines.find((line) => line.startsWith('store_pref='))).toMatch(/Max-Age=0|Expires=Thu, 01 Jan 1970/);
    // The page behind the rewrite is told every cookie, the session's included.
    const forPage = new Headers();
    for (const line of response.headers.get('x-middleware-set-cookie')!.split(/,(?=\s*[a-z_]+=)/)) forPage.append('set-cookie', line);
    const page = new ResponseCookies(forPage);
    expect(page.get('seen')?.value).toBe('1');
    expect(page.get('vtex_session')?.value).toMatch(/^Fe26\.2\*/);
    expect(page.get('vtex_session')?.value).toBe(lines.find((line) => line.startsWith('vtex_session='))!.split(';')[0]!.slice('vtex_session='.length));
  });

  it('runs the store\'s steps on paths that are not pages, which the session passes through', async () => {
    const before: BeforeMiddleware = (request) =>
      request.nextUrl.pathname.startsWith('/api/admin') ? NextResponse.json({ error: 'no' }, { status: 401 }) : undefined;
    const after: AfterMiddleware = (_request, response, context) => {
      response.headers.set('x-page', context.session ? 'yes' : 'no');
    };
    expect((await run({ before, after }, get('/api/admin/users'))).status).toBe(401);
    const api = await run({ before, after }, get('/api/sessions'));
    expect(api.headers.get('x-middleware-next')).toBe('1');
    expect(api.headers.get('x-page')).toBe('no');
    expect(cookieNames(api)).toEqual([]);
  });

  it('carries a body through a before step\'s rewrite', async () => {
    const before: BeforeMiddleware = (request) => NextResponse.rewrite(new URL('/region', request.url));
    const form = new FormData();
    form.set('postalCode', '01310-100');
    const response = await run({ before }, new NextRequest(new Request(`${ORIGIN}/regiao`, { method: 'POST', body: form })));
    expect(new URL(rewriteOf(response)!).pathname).toMatch(/\/region$/);
  });
});

describe('composeMiddleware and promises', () => {
  it('waits on promises from another realm, as the Edge sandbox\'s host hands out', async () => {
    const foreign = <T,>(value: T) => vm.runInNewContext('(v) => Promise.resolve(v)')(value) as Promise<T>;
    expect(foreign(1)).not.toBeInstanceOf(Promise);
    const composed = composeMiddleware(session(), {
      before: () => foreign(undefined),
      after: (_request, response) => foreign(void response.headers.set('x-after', 'ran')),
    });
    const response = await composed(get('/p/shirt'), event);
    expect(response.headers.get('x-after')).toBe('ran');
    expect(response.headers.get(VARIANT_HEADER)).toBeTruthy();
  });

  it('answers a returning visitor without a promise when every step is synchronous', async () => {
    const composed = composeMiddleware(session(), { before: () => undefined, after: (_request, response) => void response.headers.set('x-a', '1') });
    const first = await composed(get('/'), event);
    const cookie = first.headers.getSetCookie().map((line) => line.split(';')[0]).join('; ');
    await composed(get('/', { cookie }), event);
    const again = composed(get('/', { cookie }), event);
    expect(again).not.toBeInstanceOf(Promise);
    expect((again as Response).headers.get('x-a')).toBe('1');
  });
});

describe('the demo\'s middleware.ts', () => {
  beforeEach(() => {
    vi.stubEnv('SESSION_SECRET', SECRET);
  });
  afterEach(() => {
    vi.unstubAllEnvs();
  });

  it('rewrites pages to their variant with the demo\'s own header, and refuses variant paths', async () => {
    const { middleware } = await import('@/middleware');
    const response = await middleware(get('/p/shoe-v2.0'), event);
    const code = response.headers.get(VARIANT_HEADER)!;
    expect(new URL(rewriteOf(response)!).pathname).toBe(`/${code}/p/shoe-v2.0`);
    expect(response.headers.get('x-frame-options')).toBe('SAMEORIGIN');
    expect(code).toBe(await new VariantCodec({ secrets: [SECRET] }).encode(pageSessionOf(response)!.segment));
    const direct = await middleware(get(`/${code}/c/kitchen.json`), event);
    expect(direct.status).toBe(404);
  });
});
