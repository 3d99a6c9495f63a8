import { NextRequest, NextResponse, type NextFetchEvent } from 'next/server';
import { readCookiesFromHeadersOnUse } from './cookie-jar';
import { NEXT_HEADER, OVERRIDE_HEADERS_HEADER, PAGE_COOKIES_HEADER, REWRITE_HEADER } from './middleware-headers';
import { andThen, type Maybe } from '../session/maybe';
import { pageSessionOf, type PageSession, type SessionMiddleware } from './middleware';

/** What a store's middleware may return: a response, or nothing to go on. */
export type MiddlewareResult = Response | null | undefined | void;

/**
 * A store's own middleware, run before the session middleware, written as Next
 * middleware always is:
 * - nothing, or `NextResponse.next(...)`: go on (its headers, cookies and request
 *   headers are kept on the final response);
 * - `NextResponse.rewrite(url)` to this origin: go on, and the session middleware
 *   works on that path (a page there gets its variant; its other headers are kept);
 * - any other response (a 403, a redirect, a rewrite to another origin): the answer.
 */
export type BeforeMiddleware = (request: NextRequest, event: NextFetchEvent) => Maybe<MiddlewareResult>;

export interface AfterContext {
  event: NextFetchEvent;
  /** The page session behind the response; null when the path was not a page. */
  session: PageSession | null;
}

/**
 * Run after the session middleware with the visitor's request (the path they asked
 * for) and the response so far. Change that response, or return another one: the
 * session's cookies are carried onto it.
 */
export type AfterMiddleware = (request: NextRequest, response: NextResponse, context: AfterContext) => Maybe<MiddlewareResult>;

export interface ComposeOptions {
  before?: BeforeMiddleware | readonly BeforeMiddleware[];
  after?: AfterMiddleware | readonly AfterMiddleware[];
}

/** A middleware for `middleware.ts` (`export const middleware = …`) or `proxy.ts` (`export const proxy = …`). */
export type ComposedMiddleware = (request: NextRequest, event: NextFetchEvent) => Maybe<Response>;

/**
 * The session middleware with a store's own around it. Web APIs only, so the result
 * runs as Edge `middleware.ts` and as Node `proxy.ts`. Steps that return no promise
 * cost none.
 */
export function composeMiddleware(session: SessionMiddleware, options: ComposeOptions = {}): ComposedMiddleware {
  const before = list(options.before);
  const after = list(options.after);

  return function composedMiddleware(request: NextRequest, event: NextFetchEvent): Maybe<Response> {
    const kept: Response[] = [];

    const runAfter = (response: NextResponse, context: AfterContext, index: number): Maybe<Response> => {
      if (index === after.length) return response;
      return andThen(after[index]!(request, response, context), (result) => {
        if (!result || result === response) return runAfter(response, context, index + 1);
        return runAfter(carrySession(response, asNextResponse(result)), context, index + 1);
      });
    };

    const runBefore = (current: NextRequest, index: number): Maybe<Response> => {
      if (index === before.length) {
        return andThen(session(current), (response) =>
          after.length === 0 ? keep(response, kept) : runAfter(keep(response, kept), { event, session: pageSessionOf(response) }, 0),
        );
      }
      return andThen(before[index]!(current, event), (result) => {
        if (!result) return runBefore(current, index + 1);
        if (result.headers.has(NEXT_HEADER)) {
          kept.push(result);
          return runBefore(current, index + 1);
        }
        const rewrite = result.headers.get(REWRITE_HEADER);
        if (rewrite !== null && new URL(rewrite, current.url).origin === current.nextUrl.origin) {
          kept.push(result);
          return runBefore(rewritten(current, new URL(rewrite, current.url)), index + 1);
        }
        // The store answers: a 403, a redirect, a JSON error, a rewrite elsewhere.
        return keep(result, kept);
      });
    };

    return runBefore(request, 0);
  };
}

function list<T>(value: T | readonly T[] | undefined): readonly T[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value as T];
}

/** A request for the path an earlier step rewrote to; method, headers and body are the visitor's. */
function rewritten(request: NextRequest, url: URL): NextRequest {
  const hasBody = request.method !== 'GET' && request.method !== 'HEAD' && request.body !== null;
  return new NextRequest(url, {
    method: request.method,
    headers: request.headers,
    ...(hasBody ? { body: request.body, duplex: 'half' } : {}),
    // Node's fetch wants `duplex` for a streamed body; the DOM's RequestInit type has no such key.
  } as ConstructorParameters<typeof NextRequest>[1]);
}

const CONTROL = new Set([NEXT_HEADER, REWRITE_HEADER]);

/**
 * Puts what earlier steps said (headers, cookies, request headers for the page) on the
 * response that goes out. Where both set a header, the later step wins: the session
 * middleware's Cache-Control and cookies are what keep pages private.
 */
function keep<R extends Response>(response: R, kept: readonly Response[]): R {
  if (kept.length === 0) return response;
  const headers = response.headers;
  const own = new Set(headers.keys());
  const ownCookies = new Set(headers.getSetCookie().map(cookieName));
  const overrides = new Set(headers.get(OVERRIDE_HEADERS_HEADER)?.split(',').filter(Boolean) ?? []);
  const middlewareCookies: string[] = [];
  let appended = false;
  for (const earlier of kept) {
    for (const [name, value] of earlier.headers) {
      if (CONTROL.has(name) || name === 'set-cookie') continue;
      if (name === OVERRIDE_HEADERS_HEADER) {
        for (const key of value.split(',')) if (key) overrides.add(key);
      } else if (name === PAGE_COOKIES_HEADER) {
        middlewareCookies.push(value);
      } else if (!own.has(name)) {
        headers.set(name, value);
      }
    }
    for (const line of earlier.headers.getSetCookie()) {
      if (ownCookies.has(cookieName(line))) continue;
      headers.append('set-cookie', line);
      appended = true;
    }
  }
  if (overrides.size > 0) headers.set(OVERRIDE_HEADERS_HEADER, [...overrides].join(','));
  if (middlewareCookies.length > 0) {
    const mine = headers.get(PAGE_COOKIES_HEADER);
    headers.set(PAGE_COOKIES_HEADER, [...middlewareCookies, ...(mine ? [mine] : [])].join(','));
  }
  // `cookies` must know the appended lines before a later step sets one.
  if (appended && response instanceof NextResponse) readCookiesFromHeadersOnUse(response);
  return response;
}

function cookieName(line: string): string {
  return line.slice(0, line.indexOf('=')).trim();
}

function asNextResponse(response: Response): NextResponse {
  return response instanceof NextResponse ? response : new NextResponse(response.body, response);
}

/**
 * A later step replaced the session middleware's response: the visitor's new cookies
 * must still reach them (else every request mints again), and a response that sets
 * one stays private.
 */
function carrySession(from: Response, to: NextResponse): NextResponse {
  const lines = from.headers.getSetCookie();
  if (lines.length === 0) return to;
  const theirs = new Set(to.headers.getSetCookie().map(cookieName));
  for (const line of lines) if (!theirs.has(cookieName(line))) to.headers.append('set-cookie', line);
  const forPage = from.headers.get(PAGE_COOKIES_HEADER);
  if (forPage && !to.headers.has(PAGE_COOKIES_HEADER)) to.headers.set(PAGE_COOKIES_HEADER, forPage);
  readCookiesFromHeadersOnUse(to);
  to.headers.set('cache-control', 'private, no-store');
  return to;
}
