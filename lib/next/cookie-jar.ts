import type { NextResponse } from 'next/server';
// The cookie library Next's own ResponseCookies is (vercel/edge-runtime's), as Next ships it.
import { ResponseCookies, stringifyCookie } from 'next/dist/compiled/@edge-runtime/cookies/index.js';
import { isMiddlewareResponse, PAGE_COOKIES_HEADER } from './middleware-headers';

/**
 * Makes `response.cookies` know the Set-Cookie lines written straight to its headers.
 *
 * A NextResponse reads its Set-Cookie lines once, when it is made, and each set() or
 * delete() on its `cookies` rewrites every line from what it knows: lines appended
 * since would be dropped. The kit appends its two lines (through `cookies.set` each
 * one re-serialised and copied every cookie, a fifth of a first visit's cost), so the
 * response's `cookies` becomes a jar read from the headers when it is first used: a
 * store's code that then sets a cookie of its own keeps the session's. As Next's own
 * jar does, a middleware response's jar mirrors every change into PAGE_COOKIES_HEADER.
 */
export function readCookiesFromHeadersOnUse(response: Pick<NextResponse, 'cookies' | 'headers'>): void {
  let jar: ResponseCookies | undefined;
  // Reflect's, not Object's: the Edge sandbox of `next start` traps every use of Object (lib/session/intrinsics.ts).
  const defined = Reflect.defineProperty(response, 'cookies', {
    configurable: true,
    enumerable: true,
    get: () => (jar ??= mirroredJar(response.headers)),
  });
  if (!defined) throw new TypeError('The response’s cookies cannot be redefined');
}

function mirroredJar(headers: Headers): ResponseCookies {
  const jar = new ResponseCookies(headers);
  const forPage = isMiddlewareResponse(headers);
  return new Proxy(jar, {
    get(target, property) {
      const value: unknown = Reflect.get(target, property, target);
      if (typeof value !== 'function') return value;
      if (forPage && (property === 'set' || property === 'delete')) {
        return (...args: unknown[]) => {
          const result: unknown = value.apply(target, args);
          headers.set(PAGE_COOKIES_HEADER, target.getAll().map(stringifyCookie).join(','));
          return result;
        };
      }
      return value.bind(target);
    },
  });
}
