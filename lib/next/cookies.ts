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

/**
 * Sets both cookies to exactly the issued tokens, and marks the response private:
 * no shared cache may hand one visitor's cookie to another.
 */
export function setSessionCookies(
  response: CookieTarget,
  tokens: IssuedTokens,
  options: { names: CookieNames; expiresAt: number; secure: boolean; now?: number },
): void {
  const maxAge = Math.max(0, Math.floor((options.expiresAt - (options.now ?? Date.now())) / 1000));
  const common = { path: '/', sameSite: 'lax' as const, secure: options.secure, maxAge };
  response.cookies.set(options.names.session, tokens.sessionToken, { ...common, httpOnly: true });
  // Readable by page scripts: useSegment() shows it before the first fetch returns.
  response.cookies.set(options.names.segment, tokens.segmentToken, { ...common, httpOnly: false });
  response.headers?.set('cache-control', 'private, no-store');
}
