import type { NextResponse } from 'next/server';
import type { IssuedTokens } from '../session/engine';
import { readCookiesFromHeadersOnUse } from './cookie-jar';
import { isMiddlewareResponse, PAGE_COOKIES_HEADER } from './middleware-headers';

export interface CookieNames {
  session: string;
  segment: string;
}

export const DEFAULT_COOKIE_NAMES: CookieNames = { session: 'vtex_session', segment: 'vtex_segment' };

/**
 * Secure in production, except on localhost (browsers treat http://localhost as a
 * secure context, but curl and test clients would drop a Secure cookie there).
 */
export function shouldUseSecureCookies(url: Pick<URL, 'protocol' | 'hostname'>, production: boolean): boolean {
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
 * The attributes after the value, `; Path=/; Expires=…; Max-Age=…[; Secure][; HttpOnly]; SameSite=lax`:
 * the same for every response in the same second but for the flags, so this second's
 * are kept (formatting the date was most of a line's cost).
 */
const attributeTexts = { second: NaN, byKey: new Map<string, string>() };

function attributesText(attributes: CookieAttributes): string {
  const second = Math.floor(attributes.now / 1000);
  if (second !== attributeTexts.second) {
    attributeTexts.second = second;
    attributeTexts.byKey.clear();
  }
  const key = `${attributes.maxAge}|${attributes.secure ? 1 : 0}${attributes.httpOnly ? 1 : 0}`;
  let text = attributeTexts.byKey.get(key);
  if (text === undefined) {
    // Whole seconds: `now + maxAge` seconds falls in the same second for all of them.
    const expires = new Date(attributes.now + attributes.maxAge * 1000).toUTCString();
    text = `; Path=/; Expires=${expires}; Max-Age=${attributes.maxAge}${attributes.secure ? '; Secure' : ''}${attributes.httpOnly ? '; HttpOnly' : ''}; SameSite=lax`;
    attributeTexts.byKey.set(key, text);
  }
  return text;
}

/**
 * One Set-Cookie line with the value exactly as given. Next's serializer runs
 * encodeURIComponent, which turns standard base64's `/` and `+` (legal cookie
 * octets) into `%2F`/`%2B`, so the cookie would no longer equal the issued token.
 * A value outside cookie-octet (never a token) is percent-encoded as Next would.
 */
export function serializeRawCookie(name: string, value: string, attributes: CookieAttributes): string {
  const safe = COOKIE_OCTETS.test(value) ? value : encodeURIComponent(value);
  return `${name}=${safe}${attributesText(attributes)}`;
}

/** Replaces the Set-Cookie lines of `names` with `lines`, keeping every other cookie. */
function replaceSetCookies(headers: Headers, names: readonly string[], lines: readonly string[]): void {
  const earlier = headers.getSetCookie();
  if (earlier.length > 0) {
    headers.delete('set-cookie');
    for (const line of earlier) if (!names.includes(line.slice(0, line.indexOf('=')).trim())) headers.append('set-cookie', line);
  }
  for (const line of lines) headers.append('set-cookie', line);
}

/**
 * What browsers keep of one cookie: RFC 6265 asks them for at least 4096 bytes of
 * name, value and attributes, and that is what Chrome, Firefox and Safari keep; a
 * longer Set-Cookie is ignored, silently, and the old cookie stays.
 */
export const MAX_COOKIE_BYTES = 4096;

export interface SessionCookieOptions {
  names: CookieNames;
  expiresAt: number;
  secure: boolean;
  now?: number;
}

/** The two Set-Cookie lines setSessionCookies puts on a response, for a response still to be made. */
export function sessionCookieLines(tokens: IssuedTokens, options: SessionCookieOptions): [session: string, segment: string] {
  return cookieLines(tokens, options).lines;
}

function cookieLines(tokens: IssuedTokens, options: SessionCookieOptions) {
  const now = options.now ?? Date.now();
  const maxAge = Math.max(0, Math.floor((options.expiresAt - now) / 1000));
  const session = serializeRawCookie(options.names.session, tokens.sessionToken, { maxAge, now, secure: options.secure, httpOnly: true });
  const fitting = serializeRawCookie(options.names.segment, tokens.segmentToken, { maxAge, now, secure: options.secure, httpOnly: false });
  const segmentFits = fitting.length <= MAX_COOKIE_BYTES;
  const segment = segmentFits ? fitting : serializeRawCookie(options.names.segment, '', { maxAge: 0, now, secure: options.secure, httpOnly: false });
  return { lines: [session, segment] as [string, string], maxAge, segmentFits };
}

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
export function setSessionCookies(response: CookieTarget, tokens: IssuedTokens, options: SessionCookieOptions): void {
  const {
    lines: [session, segment],
    maxAge,
    segmentFits,
  } = cookieLines(tokens, options);
  if (!response.headers) {
    // next/headers' store in a server action: it has no headers, only its own jar,
    // which percent-encodes `/` and `+`; every reader (NextRequest's cookies,
    // lib/react's segment cookie) decodes both spellings.
    const common = { path: '/', sameSite: 'lax' as const, secure: options.secure, maxAge };
    response.cookies.set(options.names.session, tokens.sessionToken, { ...common, httpOnly: true });
    // Readable by page scripts: useSegment() shows it before the first fetch returns.
    response.cookies.set(options.names.segment, segmentFits ? tokens.segmentToken : '', { ...common, maxAge: segmentFits ? maxAge : 0, httpOnly: false });
    return;
  }
  // Raw lines, so each cookie is exactly its token; the response's `cookies` learns
  // them when first used (cookie-jar.ts), and the page behind a middleware's rewrite
  // gets them as Next would pass them.
  const headers = response.headers;
  replaceSetCookies(headers, [options.names.session, options.names.segment], [session, segment]);
  if (isMiddlewareResponse(headers)) headers.set(PAGE_COOKIES_HEADER, headers.getSetCookie().join(','));
  headers.set('cache-control', 'private, no-store');
  readCookiesFromHeadersOnUse(response as Pick<NextResponse, 'cookies' | 'headers'>);
}
