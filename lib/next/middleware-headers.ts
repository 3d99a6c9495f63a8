/**
 * The headers by which a middleware's response speaks to Next (what NextResponse.next(),
 * .rewrite() and the cookie jar write): the kit reads and writes them directly, on the
 * hot path and when composing a store's middleware with its own.
 */

/** Continue to the route as requested. */
export const NEXT_HEADER = 'x-middleware-next';
/** Render this URL instead (NextResponse.rewrite(); test/unit/middleware.test.ts holds the kit's equal to it). */
export const REWRITE_HEADER = 'x-middleware-rewrite';
/** Request headers a middleware changed, by name, for the route behind it. */
export const OVERRIDE_HEADERS_HEADER = 'x-middleware-override-headers';
/** How Next hands a middleware's cookies to the page behind its rewrite (next/headers' cookies() reads them). */
export const PAGE_COOKIES_HEADER = 'x-middleware-set-cookie';

/** A response from middleware: Next reads PAGE_COOKIES_HEADER off these only. */
export function isMiddlewareResponse(headers: Headers): boolean {
  return headers.has(REWRITE_HEADER) || headers.has(NEXT_HEADER);
}
