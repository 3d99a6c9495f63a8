import type { NextResponse } from 'next/server';
import type { IssuedTokens } from '../session/engine';

export interface CookieNames {
  session: string;
  segment: string;
}

export const DEFAULT_COOKIE_NAMES: CookieNames = { session: 'vtex_session', segment: 'vtex_segment' };

/**
 * Secure in production, except on localhost (browsers treat http://localhost as a
 * secure context, but curl and test clients would drop a Secure cookie there).
 */
export function shouldUseSecureCookies(url: URL, production: boolean): boolean {
  if (url.protocol === 'https:') return true;
  if (!production) return false;
  return !['localhost', '127.0.0.1', '[::1]'].includes(url.hostname);
}

/**
 * Where cookies can be set: a NextResponse, or (in server actions) next/headers'
 * cookie store, which has no headers of its own.
 */
export interface CookieTarget {
  cookies: Pick<NextResponse['cookies'], 'set'>;
  headers?: Headers;
}

export interface CookieAttributes {
  maxAge: number;
  /** Epoch ms the Expires attribute is computed from (Max-Age wins where both are understood). */
  now: number;
  secure: boolean;
  httpOnly: boolean;
}

/** RFC 6265 cookie-octet: printable US-ASCII except space, `"`, `,`, `;` and `\`. */
const COOKIE_OCTETS = /^[\x21\x23-\x2B\x2D-\x3A\x3C-\x5B\x5D-\x7E]*$/;

/**
 * One Set-Cookie line with the value exactly as given. Next's serializer runs
 * encodeURIComponent, which turns standard base64's `/` and `+` (legal cookie
 * octets) into `%2F`/`%2B`, so the cookie would no longer equal the issued token.
 * A value outside cookie-octet (never a token) is percent-encoded as Next would.
 */
export function serializeRawCookie(name: string, value: string, attributes: CookieAttributes): string {
  const safe = COOKIE_OCTETS.test(value) ? value : encodeURIComponent(value);
  const parts = [
    `${name}=${safe}`,
    'Path=/',
    `Expires=${new Date(attributes.now + attributes.maxAge * 1000).toUTCString()}`,
    `Max-Age=${attributes.maxAge}`,
  ];
  if (attributes.secure) parts.push('Secure');
  if (attributes.httpOnly) parts.push('HttpOnly');
  parts.push('SameSite=lax');
  return parts.join('; ');
}

/** Replaces the Set-Cookie lines of `names` with `lines`, keeping every other cookie. */
function replaceSetCookies(headers: Headers, names: readonly string[], lines: readonly string[]): void {
  const others = headers.getSetCookie().filter((line) => !names.includes(line.slice(0, line.indexOf('=')).trim()));
  headers.delete('set-cookie');
  for (const line of [...others, ...lines]) headers.append('set-cookie', line);
}

/**
 * What browsers keep of one cookie: RFC 6265 asks them for at least 4096 bytes of
 * name, value and attributes, and that is what Chrome, Firefox and Safari keep; a
 * longer Set-Cookie is ignored, silently, and the old cookie stays.
 */
export const MAX_COOKIE_BYTES = 4096;

/**
 * Sets both cookies to exactly the issued tokens, and marks the response private:
 * no shared cache may hand one visitor's cookie to another.
 *
 * `vtex_segment` is base64 of JSON with VTEX's region id inside, itself base64 of
 * every seller: past about 95 sellers of 20 characters it outgrows what browsers keep.
 * It is informational (the server never reads it), so instead of a Set-Cookie the
 * browser would drop, keeping the previous region's segment, it is cleared: page
 * scripts then read the segment of the page's variant, and /api/segments answers it.
 */
export function setSessionCookies(
  response: CookieTarget,
  tokens: IssuedTokens,
  options: { names: CookieNames; expiresAt: number; secure: boolean; now?: number },
): void {
  const now = options.now ?? Date.now();
  const maxAge = Math.max(0, Math.floor((options.expiresAt - now) / 1000));
  const common = { path: '/', sameSite: 'lax' as const, secure: options.secure, maxAge };
  // Through Next first, even where the lines are then rewritten: a NextResponse keeps
  // its own list of cookies, and in middleware passes it (x-middleware-set-cookie) to
  // the page's cookies(), so a page rendered behind the rewrite reads the new session.
  // Without headers (next/headers' store in a server action) this is all that can be
  // done: Next percent-encodes `/` and `+` there, and every reader (NextRequest's
  // cookies, lib/react's segment cookie) decodes both spellings.
  const segmentFits = serializeRawCookie(options.names.segment, tokens.segmentToken, { maxAge, now, secure: options.secure, httpOnly: false }).length <= MAX_COOKIE_BYTES;
  const segmentToken = segmentFits ? tokens.segmentToken : '';
  const segmentAge = segmentFits ? maxAge : 0;
  response.cookies.set(options.names.session, tokens.sessionToken, { ...common, httpOnly: true });
  // Readable by page scripts: useSegment() shows it before the first fetch returns.
  response.cookies.set(options.names.segment, segmentToken, { ...common, maxAge: segmentAge, httpOnly: false });
  if (!response.headers) return;
  // With headers (route handlers, middleware) the lines go out raw. Nothing in the
  // kit sets a cookie on the response after this; a later response.cookies.set()
  // by other code would rewrite these lines percent-encoded (still readable), not drop them.
  replaceSetCookies(
    response.headers,
    [options.names.session, options.names.segment],
    [
      serializeRawCookie(options.names.session, tokens.sessionToken, { maxAge, now, secure: options.secure, httpOnly: true }),
      serializeRawCookie(options.names.segment, segmentToken, { maxAge: segmentAge, now, secure: options.secure, httpOnly: false }),
    ],
  );
  response.headers.set('cache-control', 'private, no-store');
}
