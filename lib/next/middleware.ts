import { NextResponse, type NextRequest } from 'next/server';
import { DEFAULT_MAX_AGE_SECONDS, DEFAULT_RENEW_AFTER_SECONDS, tokenKeepAlive, type IssuedTokens, type SessionEngine } from '../session/engine';
import { SessionError, isSessionError } from '../session/errors';
import { keyProblem } from '../session/keys';
import { encodeSegmentToken, type SegmentKey } from '../session/segment';
import { payloadSegment, type TokenPayload } from '../session/token';
import type { Transform } from '../session/transforms/types';
import type { Namespaces, Segment } from '../session/types';
import { VariantCodec } from '../session/variant';
import { DEFAULT_COOKIE_NAMES, setSessionCookies, shouldUseSecureCookies, type CookieNames } from './cookies';
import { createIoFreeEngine } from './edge-engine';
import { isProduction, secretsFromEnv } from './env';
import { errorResponse } from './errors';
import type { SessionKitConfig } from './kit';
import { requestHost } from './respond';

export const VARIANT_HEADER = 'x-segment-variant';

export interface SessionMiddlewareConfig extends SessionKitConfig {
  /** Reseal a returning visitor's cookie at most this often. Default 1 day, as the engine. */
  renewAfterSeconds?: number;
}

export interface SessionMiddlewareOptions {
  config: SessionMiddlewareConfig;
  /** The store's transforms; those marked `io` are skipped here. */
  transforms: readonly Transform[];
  /** Defaults to SESSION_SECRET, read on the first request. */
  secrets?: () => readonly string[];
  now?: () => number;
  /** Defaults to NODE_ENV === 'production' (Secure cookies off localhost). */
  production?: boolean;
  /**
   * Cache-Control for page responses that set no cookie. The public URL's content
   * depends on the session cookie, so a shared cache that keys on the URL alone must
   * not keep it; null leaves Next's own header (when the middleware runs in front
   * of the CDN's cache, as on Vercel).
   */
  pageCacheControl?: string | null;
}

export const DEFAULT_PAGE_CACHE_CONTROL = 'private, no-cache';

/** `sc` and campaign parameters of a page URL go into `public` (VTEX does the same). */
const URL_INPUT = /^(?:sc|utmi?_[A-Za-z0-9_-]+)$/;
const MAX_URL_INPUTS = 16;

type Outcome =
  | { kind: 'existing'; payload: TokenPayload }
  | { kind: 'renewed' | 'edited' | 'new' | 'expired' | 'invalid'; tokens: IssuedTokens; expiresAt: number };

interface State {
  engine: SessionEngine;
  variants: VariantCodec;
}

/**
 * Page middleware: establishes `vtex_session`, derives the segment and rewrites the
 * page to `/<variant code>/<path>` so every visitor of a segment shares one cached
 * render. Web APIs only, no store, no network: it runs as Edge `middleware.ts` or
 * from a Node `proxy.ts` alike.
 */
export function createSessionMiddleware(options: SessionMiddlewareOptions): (request: NextRequest) => Promise<NextResponse> {
  const { config, transforms } = options;
  const names: CookieNames = { ...DEFAULT_COOKIE_NAMES, ...config.cookies };
  const now = options.now ?? Date.now;
  const production = options.production ?? isProduction();
  const pageCacheControl = options.pageCacheControl === undefined ? DEFAULT_PAGE_CACHE_CONTROL : options.pageCacheControl;
  const maxAgeMs = (config.maxAgeSeconds ?? DEFAULT_MAX_AGE_SECONDS) * 1000;
  const renewAfterMs = (config.renewAfterSeconds ?? DEFAULT_RENEW_AFTER_SECONDS) * 1000;
  // The unseal cache hands back the same payload object for the same token, so a
  // returning visitor's segment and code are found here without any work.
  const known = new WeakMap<TokenPayload, { segment: Segment; code: string }>();

  let state: State | null = null;
  const getState = (): State => {
    if (!state) {
      const secrets = (options.secrets ?? secretsFromEnv)();
      state = {
        engine: createIoFreeEngine({
          secrets,
          transforms,
          account: config.account,
          maxAgeSeconds: maxAgeMs / 1000,
          renewAfterSeconds: renewAfterMs / 1000,
          now,
        }),
        variants: new VariantCodec({ secrets, fields: config.variantFields }),
      };
    }
    return state;
  };

  /** Tries the URL's inputs, then without the channel, then the campaign ones alone, then none: the page must render. */
  async function tolerant<T>(inputs: Record<string, string>, attempt: (values: Record<string, string>) => Promise<T>): Promise<T> {
    const { sc, ...campaign } = inputs;
    const candidates = [inputs, campaign, sc === undefined ? {} : { sc }, {}];
    const tried = new Set<string>();
    let lastError: unknown;
    for (const values of candidates) {
      const key = JSON.stringify(values);
      if (tried.has(key)) continue;
      tried.add(key);
      try {
        return await attempt(values);
      } catch (error) {
        if (!isSessionError(error)) throw error;
        lastError = error;
      }
    }
    throw lastError;
  }

  async function mint(engine: SessionEngine, inputs: Record<string, string>, host: string, carry: Namespaces | undefined) {
    return tolerant(inputs, async (values) => {
      const { session } = await engine.mint({ public: values, host, skipIO: true, carry });
      return { tokens: await engine.issue(session, null), expiresAt: session.expiresAt };
    });
  }

  /**
   * A returning visitor's URL inputs, applied when the token carries the namespaces
   * (cookie store, or a session no store holds yet). A store-held session is left
   * for the Sessions API, and so is any change an I/O transform would have to follow.
   */
  async function edit(engine: SessionEngine, token: string, inputs: Record<string, string>, host: string) {
    try {
      return await tolerant(inputs, async (values) => {
        const result = await engine.write(token, { public: values }, { host, skipIO: true });
        if (result.changed.length === 0) return null;
        const touched = new Set(result.changed);
        if (transforms.some((t) => t.io && t.inputs.some((path) => touched.has(path)))) return null;
        return { tokens: await engine.issue(result.session, null), expiresAt: result.session.expiresAt };
      });
    } catch {
      // Even the empty edit failed (the cookie budget, say): keep the session as it is.
      return null;
    }
  }

  /**
   * What to do with the visitor's token. A returning visitor whose token is in the
   * unseal cache, with nothing to apply or renew, is answered synchronously: in the
   * Edge sandbox every promise also runs Next's async hooks, and this path is most
   * page requests.
   */
  function resolve(engine: SessionEngine, token: string | undefined, inputs: Record<string, string>, host: string): Outcome | Promise<Outcome> {
    const cached = engine.codec.peek(token);
    if (cached?.status === 'valid' && !(cached.payload.ns && hasNewInputs(cached.payload.ns, inputs)) && !renewalDue(cached.payload)) {
      return { kind: 'existing', payload: cached.payload };
    }
    return resolveSlowly(engine, token, inputs, host);
  }

  function renewalDue(payload: TokenPayload): boolean {
    return payload.exp - now() < maxAgeMs - renewAfterMs;
  }

  async function resolveSlowly(engine: SessionEngine, token: string | undefined, inputs: Record<string, string>, host: string): Promise<Outcome> {
    const unsealed = await engine.codec.unseal(token);
    if (unsealed.status === 'valid') {
      const { payload } = unsealed;
      if (payload.ns && hasNewInputs(payload.ns, inputs)) {
        const edited = await edit(engine, token!, inputs, host);
        if (edited) return { kind: 'edited', ...edited };
      }
      if (renewalDue(payload)) {
        const renewed: TokenPayload = { ...payload, exp: now() + maxAgeMs };
        const segment = payloadSegment(renewed);
        const sessionToken = await engine.codec.seal(renewed);
        return { kind: 'renewed', tokens: { sessionToken, segmentToken: encodeSegmentToken(segment), segment }, expiresAt: renewed.exp };
      }
      return { kind: 'existing', payload };
    }
    const carry = unsealed.status === 'expired' ? tokenKeepAlive(unsealed.payload) : undefined;
    const minted = await mint(engine, inputs, host, carry);
    return { kind: unsealed.status === 'expired' ? 'expired' : token ? 'invalid' : 'new', ...minted };
  }

  return async function sessionMiddleware(request: NextRequest): Promise<NextResponse> {
    const started = performance.now();
    try {
      const { engine, variants } = getState();
      const url = request.nextUrl;
      const first = url.pathname.split('/', 2)[1] ?? '';
      if (variants.mayBeCode(first) && (await variants.decode(first))) {
        // Variant paths exist only behind this rewrite; served directly they would let
        // anyone pick prices or regions by URL.
        return NextResponse.json(
          new SessionError(404, 'not_found', 'This page does not exist').toJSON(),
          { status: 404, headers: { 'cache-control': 'no-store', 'server-timing': timing(started, 'variant-path') } },
        );
      }
      if (await isBrokenMultipartPost(request)) {
        // Next reads a multipart POST to a page as a server action and answers a body it
        // cannot parse with a bare 500; refused here, it is the client's error it is.
        return NextResponse.json(
          new SessionError(400, 'invalid_body', 'The body is not valid multipart/form-data').toJSON(),
          { status: 400, headers: { 'cache-control': 'no-store', 'server-timing': timing(started, 'invalid-body') } },
        );
      }

      const token = request.cookies.get(names.session)?.value;
      const resolved = resolve(engine, token, urlInputs(url.searchParams, engine.limits.maxValueLength), requestHost(request));
      const outcome = resolved instanceof Promise ? await resolved : resolved;

      let code: string;
      if (outcome.kind === 'existing') {
        let hit = known.get(outcome.payload);
        if (!hit) {
          const segment = payloadSegment(outcome.payload);
          hit = { segment, code: await variants.encode(segment) };
          known.set(outcome.payload, hit);
        }
        code = hit.code;
      } else {
        code = await variants.encode(outcome.tokens.segment);
      }

      const target = url.clone();
      target.pathname = url.pathname === '/' ? `/${code}` : `/${code}${url.pathname}`;
      const response = NextResponse.rewrite(target);
      response.headers.set(VARIANT_HEADER, code);
      if (outcome.kind === 'existing') {
        if (pageCacheControl !== null) response.headers.set('cache-control', pageCacheControl);
      } else {
        setSessionCookies(response, outcome.tokens, {
          names,
          expiresAt: outcome.expiresAt,
          secure: shouldUseSecureCookies(url, production),
          now: now(),
        });
      }
      response.headers.set('server-timing', timing(started, outcome.kind));
      return response;
    } catch (error) {
      const failed = errorResponse(error);
      return new NextResponse(failed.body, { status: failed.status, headers: failed.headers });
    }
  };
}

/** A POST declaring multipart/form-data whose body does not parse as such (no-JS server action posts do). */
async function isBrokenMultipartPost(request: NextRequest): Promise<boolean> {
  if (request.method !== 'POST' || !/^multipart\/form-data\b/i.test(request.headers.get('content-type') ?? '')) return false;
  try {
    await request.clone().formData();
    return false;
  } catch {
    return true;
  }
}

function timing(started: number, what: string): string {
  return `session;dur=${(performance.now() - started).toFixed(3)};desc="${what}"`;
}

function urlInputs(params: URLSearchParams, maxValueLength: number): Record<string, string> {
  const inputs: Record<string, string> = {};
  let count = 0;
  for (const [key, value] of params) {
    if (count >= MAX_URL_INPUTS) break;
    if (Object.hasOwn(inputs, key) || !URL_INPUT.test(key) || keyProblem(key) !== null) continue;
    // An empty value would clear a key (VTEX's convention for writes); a link should not.
    if (value === '' || value.length > maxValueLength) continue;
    inputs[key] = value;
    count++;
  }
  return inputs;
}

function hasNewInputs(namespaces: Namespaces, inputs: Record<string, string>): boolean {
  for (const key in inputs) {
    if (namespaces.public?.[key]?.value !== inputs[key]) return true;
  }
  return false;
}
