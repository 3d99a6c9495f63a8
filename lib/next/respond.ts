import type { NextRequest, NextResponse } from 'next/server';
import type { IssuedTokens, OpenedSession } from '../session/engine';
import { shouldUseSecureCookies, setSessionCookies, type SessionCookieOptions } from './cookies';
import type { SessionKit } from './kit';

/** The kit's cookie names and this request's Secure rule, for a session that expires at `expiresAt`. */
export function sessionCookieOptions(kit: SessionKit, request: Request, expiresAt: number): SessionCookieOptions {
  return { names: kit.cookieNames, expiresAt, secure: shouldUseSecureCookies(urlOf(request), kit.production) };
}

/** Puts both cookies on a response, with the kit's names and this request's Secure rule. */
export function putSessionCookies(kit: SessionKit, request: Request, response: NextResponse, tokens: IssuedTokens, expiresAt: number): void {
  setSessionCookies(response, tokens, sessionCookieOptions(kit, request, expiresAt));
}

/** The URL Next has already parsed for a NextRequest (its nextUrl); a plain Request's, parsed. */
function urlOf(request: Request | NextRequest): Pick<URL, 'protocol' | 'hostname'> {
  return 'nextUrl' in request ? request.nextUrl : new URL(request.url);
}

/**
 * For reads: issues and sets the cookies only when the session needs them (new, or
 * its expiry renewed). Every API response is per visitor, so none is shareable.
 */
export async function attachSessionIfNeeded(kit: SessionKit, request: Request, response: NextResponse, opened: OpenedSession): Promise<IssuedTokens | null> {
  response.headers.set('cache-control', 'private, no-store');
  if (!opened.needsCookie) return null;
  const tokens = await (await kit.engine()).issue(opened.session, opened.storedVersion);
  putSessionCookies(kit, request, response, tokens, opened.session.expiresAt);
  return tokens;
}

/** The host the visitor asked for: the proxy's `x-forwarded-host`, else `host`. */
export function hostOf(headers: Headers): string | null {
  return headers.get('x-forwarded-host')?.split(',')[0]?.trim() || headers.get('host') || null;
}

export function requestHost(request: Request): string {
  return hostOf(request.headers) ?? new URL(request.url).host;
}
